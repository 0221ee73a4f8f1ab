package dev.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;

/**
 * Lane reductions in a fixed order. {@code reduceLanes(ADD)} leaves the order of the additions
 * unspecified, and the JIT-compiled and interpreted forms really do add in different orders, so
 * a sum could change once a kernel is compiled; summing the lanes first to last keeps results
 * the same from the first call on (determinism).
 */
final class Lanes {
    private Lanes() {
    }

    /** {@code v[0] + v[1] + ... + v[L-1]}, left to right. */
    static float sum(FloatVector v) {
        float s = 0f;
        for (int i = 0; i < v.length(); i++) {
            s += v.lane(i);
        }
        return s;
    }
}
