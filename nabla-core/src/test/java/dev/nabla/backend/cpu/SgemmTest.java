package dev.nabla.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks {@link Sgemm} against a float64 reference on many shapes, layouts and tails. */
class SgemmTest {
    private static final int[] SIZES = {1, 2, 3, 5, 7, 15, 17, 31, 33, 63, 65, 127, 129, 257};

    /** Sizes that leave tile tails, in every transpose combination, with and without accumulate. */
    static Stream<Arguments> shapes() {
        List<Arguments> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(7);
        for (int s : SIZES) {
            out.add(Arguments.of(s, s, s));
        }
        for (int i = 0; i < 40; i++) {
            out.add(Arguments.of(pick(r), pick(r), pick(r)));
        }
        // Shapes that cross the KC, MC and NC block boundaries and the direct-loop threshold, and
        // the small-product path's tiles (4 x 16, 4 x 8, scalar columns, leftover rows).
        out.add(Arguments.of(32, 64, 8));
        out.add(Arguments.of(32, 64, 64));
        out.add(Arguments.of(64, 8, 32));
        out.add(Arguments.of(6, 27, 9));
        out.add(Arguments.of(64, 64, 63));
        out.add(Arguments.of(170, 33, 513));
        out.add(Arguments.of(337, 20, 300));
        out.add(Arguments.of(7, 4100, 3));
        out.add(Arguments.of(1, 300, 700));
        out.add(Arguments.of(300, 1, 700));
        out.add(Arguments.of(1, 1, 100));
        out.add(Arguments.of(2, 9, 11));
        out.add(Arguments.of(50, 40, 1100)); // several KC blocks with the 512-bit kernel's KC = 1024
        return out.stream();
    }

    private static int pick(SplittableRandom r) {
        return SIZES[r.nextInt(SIZES.length)];
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @MethodSource("shapes")
    void matchesReference(int m, int n, int k) {
        for (int flags = 0; flags < 8; flags++) {
            check(m, n, k, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, 0);
        }
    }

    @Test
    void offsetsAndLeadingDimensionsLargerThanWidth() {
        for (int flags = 0; flags < 8; flags++) {
            check(19, 35, 29, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, 5);
            check(70, 130, 260, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, 3);
            check(1, 37, 45, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, 3);
            check(37, 1, 45, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, 3);
        }
    }

    @Test
    void zeroDepthZeroesOrKeepsC() {
        float[] c = {1, 2, 3, 4, 5, 6};
        Sgemm.sgemm(false, false, 2, 3, 0, new float[0], 0, 0, new float[0], 0, 3, c, 0, 3, true);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, c);
        float[] d = {1, 2, 3, 4, 5, 6, 7, 8};
        Sgemm.sgemm(false, false, 2, 3, 0, new float[0], 0, 0, new float[0], 0, 3, d, 1, 4, false);
        assertArrayEquals(new float[] {1, 0, 0, 0, 5, 0, 0, 0}, d);
    }

    @Test
    void largeMultiThreadedProductIsDeterministic() {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(2);
            check(301, 517, 263, false, false, false, 0);
            check(260, 600, 300, true, true, true, 0);
            check(515, 401, 300, false, true, false, 0);
            // Rows split over threads with several KC blocks, and (n > NC) several B panels.
            check(700, 300, 600, true, false, true, 0);
            check(4200, 4100, 3, false, true, true, 0);
            check(100, 70, 2100, false, false, true, 0);
            check(1040, 1040, 1030, false, true, false, 0); // two 1024-column panels and two KC blocks
            float[][] abc = random(400 * 300, 300 * 500, 400 * 500, 3);
            float[] c2 = abc[2].clone(), c1 = abc[2].clone();
            Sgemm.sgemm(false, false, 400, 500, 300, abc[0], 0, 300, abc[1], 0, 500, c2, 0, 500, false);
            Parallel.setThreads(1);
            Sgemm.sgemm(false, false, 400, 500, 300, abc[0], 0, 300, abc[1], 0, 500, c1, 0, 500, false);
            assertArrayEquals(c1, c2, "results must not depend on the thread count");
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /**
     * Products with fewer rows than columns, split over threads by bands of columns (the layers
     * of the W2 MLP: forward {@code x W^T}, backward {@code g^T x}), in every layout, with
     * offsets and padding, and bit for bit the same with one thread.
     */
    @Test
    void columnSplitProductMatchesReferenceAndOneThread() {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(2);
            for (int flags = 0; flags < 8; flags++) {
                boolean ta = (flags & 1) != 0, tb = (flags & 2) != 0, acc = (flags & 4) != 0;
                check(128, 512, 784, ta, tb, acc, 0);
                check(100, 785, 130, ta, tb, acc, 3);
                check(9, 1000, 300, ta, tb, acc, 1);
                check(128, 10, 512, ta, tb, acc, 2);
            }
            assertSameBitsOnOneThread(128, 512, 784, true, 5);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /**
     * Products with few columns of a transposed B (a classifier's output layer), computed as dot
     * products in 2 x 4 tiles: odd rows, column and depth tails, padding, the rows split across
     * threads for a tall product, bit for bit the same with one thread.
     */
    @Test
    void narrowTransposedProductMatchesReferenceAndOneThread() {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(2);
            for (boolean acc : new boolean[] {false, true}) {
                check(128, 10, 512, false, true, acc, 0);
                check(129, 16, 33, false, true, acc, 3);
                check(3, 5, 17, false, true, acc, 1);
                check(1001, 7, 600, false, true, acc, 2);
            }
            assertSameBitsOnOneThread(1001, 7, 600, false, 9);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /**
     * A B packed once ({@link Sgemm.FixedB}, a recurrence's weight) gives the same bits as
     * {@link Sgemm#sgemm} with B itself, product after product, on one thread and two, in both
     * layouts, with and without accumulation: packed shapes (the W3 LSTM's steps, edge tiles,
     * several KC blocks, m above n) and the small ones it leaves unpacked.
     */
    @Test
    void fixedOperandGivesTheBitsOfSgemm() {
        int saved = Parallel.threads();
        int[][] shapes = {{32, 1024, 256}, {32, 256, 1024}, {13, 70, 300}, {9, 40, 1100}, {300, 65, 64},
            {4, 8, 8}, {1, 300, 900}};
        try {
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreads(threads);
                for (int[] s : shapes) {
                    int m = s[0], n = s[1], k = s[2];
                    for (int flags = 0; flags < 4; flags++) {
                        boolean tb = (flags & 1) != 0, acc = (flags & 2) != 0;
                        int ldb = (tb ? k : n) + 1;
                        float[][] abc = random(3 * m * k, 2 + (tb ? n : k) * ldb, m * n, m + 7L * n + k);
                        Sgemm.FixedB fixed = new Sgemm.FixedB(tb, m, n, k, abc[1], 2, ldb);
                        for (int step = 0; step < 3; step++) { // A differs from product to product
                            float[] expected = abc[2].clone(), actual = abc[2].clone();
                            Sgemm.sgemm(false, tb, m, n, k, abc[0], step * m * k, k, abc[1], 2, ldb, expected, 0, n, acc);
                            fixed.multiply(abc[0], step * m * k, k, actual, 0, n, acc);
                            assertArrayEquals(expected, actual, "m=" + m + " n=" + n + " k=" + k + " tb=" + tb
                                    + " acc=" + acc + " threads=" + threads + " step " + step);
                        }
                    }
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void rejectsNegativeSizes() {
        try {
            Sgemm.sgemm(false, false, -1, 1, 1, new float[1], 0, 1, new float[1], 0, 1, new float[1], 0, 1, false);
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw new AssertionError("expected IllegalArgumentException");
    }

    /** {@code C (+)= A B^T} (A {@code m x k}, B {@code n x k}) on two threads and on one: the same bits. */
    private static void assertSameBitsOnOneThread(int m, int n, int k, boolean acc, long seed) {
        float[][] abc = random(m * k, n * k, m * n, seed);
        float[] c2 = abc[2].clone(), c1 = abc[2].clone();
        Parallel.setThreads(2);
        Sgemm.sgemm(false, true, m, n, k, abc[0], 0, k, abc[1], 0, k, c2, 0, n, acc);
        Parallel.setThreads(1);
        Sgemm.sgemm(false, true, m, n, k, abc[0], 0, k, abc[1], 0, k, c1, 0, n, acc);
        assertArrayEquals(c1, c2, "results must not depend on the thread count");
    }

    /** Runs one product with stored layouts padded by {@code pad} and compares every element of C. */
    private static void check(int m, int n, int k, boolean ta, boolean tb, boolean acc, int pad) {
        int lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n + pad;
        int aOff = pad, bOff = 2 * pad, cOff = 3 * pad;
        float[][] abc = random(aOff + (ta ? k : m) * lda, bOff + (tb ? n : k) * ldb,
                cOff + m * ldc, m * 31 + n * 7 + k);
        float[] a = abc[0], b = abc[1], c = abc[2], c0 = c.clone();
        Sgemm.sgemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, acc);
        String what = "m=" + m + " n=" + n + " k=" + k + " ta=" + ta + " tb=" + tb + " acc=" + acc;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = acc ? c0[cOff + i * ldc + j] : 0, mag = Math.abs(s);
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double y = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += x * y;
                    mag += Math.abs(x * y);
                }
                double got = c[cOff + i * ldc + j];
                double tol = 1e-6 + 4e-7 * Math.sqrt(k + 1.0) * mag;
                if (Math.abs(got - s) > tol) {
                    assertEquals(s, got, tol, what + " at (" + i + "," + j + ")");
                }
            }
        }
        // Padding outside the m x n window of C must be untouched.
        for (int i = 0; i < c.length; i++) {
            int row = (i - cOff) / ldc, col = (i - cOff) - row * ldc;
            boolean inside = i >= cOff && row < m && col < n;
            assertTrue(inside || c[i] == c0[i], what + ": wrote outside C at " + i);
        }
    }

    private static float[][] random(int na, int nb, int nc, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] out = {new float[na], new float[nb], new float[nc]};
        for (float[] x : out) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextDouble() * 2 - 1);
            }
        }
        return out;
    }
}
