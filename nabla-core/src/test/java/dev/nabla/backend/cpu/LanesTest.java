package dev.nabla.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** Lane sums follow one fixed tree, whatever the JIT does, so results never change once a kernel is compiled. */
class LanesTest {

    @Test
    void sumsInTheFixedTreeOrder() {
        var species = Vectors.FLOAT;
        float[] v = new float[species.length()];
        java.util.Arrays.fill(v, 1f);
        v[0] = 1e8f; // 1e8 + 1 rounds back to 1e8 in float32: left to right loses the ones before -1e8
        v[v.length / 2] = -1e8f;
        float expected = tree(v.clone(), v.length);
        float leftToRight = 0f;
        for (float x : v) {
            leftToRight += x;
        }
        assertNotEquals(leftToRight, expected, "the data must tell the orders apart");
        for (int repeat = 0; repeat < 20_000; repeat++) {
            assertEquals(expected, Lanes.sum(FloatVector.fromArray(species, v, 0)));
        }
    }

    /** The tree in scalar code: lane i plus lane i + w/2, for widths w = L, L/2, ..., 2. */
    private static float tree(float[] v, int w) {
        for (; w > 1; w /= 2) {
            for (int i = 0; i < w / 2; i++) {
                v[i] += v[i + w / 2];
            }
        }
        return v[0];
    }
}
