package dev.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lane reductions in a fixed order. {@code reduceLanes(ADD)} leaves the order of the additions
 * unspecified, and the JIT-compiled and interpreted forms really do add in different orders, so
 * a sum could change once a kernel is compiled. Here the order is a fixed tree of lanewise
 * additions: each round adds to every lane the lane half the remaining width away
 * ({@code v[i] + v[i ^ h]} for h = L/2, L/4, ..., 1), and lane 0 holds the total. Rounds are
 * vector operations, so a sum costs log2(L) shuffles and adds rather than L - 1 dependent
 * scalar additions (a 32 x 64 matrix-vector product: 0.08 against 0.32 µs in a scratch harness
 * on a Zen 5).
 */
final class Lanes {
    /** Round s's shuffle for {@link Vectors#FLOAT}: lane i takes lane {@code i ^ (L >> (s + 1))}. */
    @SuppressWarnings("unchecked")
    private static final VectorShuffle<Float>[] PARTNERS =
            new VectorShuffle[Integer.numberOfTrailingZeros(Vectors.FLOAT.length())];

    static {
        for (int s = 0; s < PARTNERS.length; s++) {
            int h = Vectors.FLOAT.length() >> (s + 1);
            PARTNERS[s] = VectorShuffle.fromOp(Vectors.FLOAT, i -> i ^ h);
        }
    }

    private Lanes() {
    }

    /** The sum of the lanes of {@code v} (of the kernels' species {@link Vectors#FLOAT}), in the tree order above. */
    static float sum(FloatVector v) {
        for (VectorShuffle<Float> partner : PARTNERS) {
            v = v.add(v.rearrange(partner));
        }
        return v.lane(0);
    }

    /**
     * {@code a[off] + ... + a[off + n - 1]}: whole vectors into one accumulator, its lanes in the
     * tree order above, then the remaining elements left to right.
     */
    static float sum(float[] a, int off, int n) {
        VectorSpecies<Float> species = Vectors.FLOAT;
        int ub = species.loopBound(n);
        FloatVector acc = FloatVector.zero(species);
        int i = 0;
        for (; i < ub; i += species.length()) {
            acc = acc.add(FloatVector.fromArray(species, a, off + i));
        }
        float sum = sum(acc);
        for (; i < n; i++) {
            sum += a[off + i];
        }
        return sum;
    }
}
