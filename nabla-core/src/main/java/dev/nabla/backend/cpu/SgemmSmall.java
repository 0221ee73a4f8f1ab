package dev.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Paths of {@link Sgemm} for shapes where packing into register tiles wastes work: products with
 * a single row or column of output (matrix-vector products, which would fill a 4 x 16 tile with
 * one useful row or column), products with a few columns of a transposed B (a classifier's last
 * layer) and tiny products (which cost less than packing).
 */
final class SgemmSmall {
    private static final VectorSpecies<Float> S = SgemmKernel.S;
    private static final int VL = SgemmKernel.VL;
    /** Most columns of C that {@link #narrow} computes (a classifier's output layer: 10 classes). */
    static final int NARROW = 16;

    private SgemmSmall() {
    }

    /**
     * Computes the product when {@code m == 1} or {@code n == 1} and the operands are laid out
     * so that a vectorized dot or axpy loop applies; returns false (C untouched) otherwise.
     */
    static boolean gemv(boolean transA, boolean transB, int m, int n, int k,
                        float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float[] c, int cOff, int ldc, boolean accumulate) {
        if (n == 1) {
            int xs = transB ? 1 : ldb; // stride of the vector op(B)[:, 0]
            if (!transA && xs == 1) {
                for (int i = 0; i < m; i++) {
                    store(c, cOff + i * ldc, dot(a, aOff + i * lda, b, bOff, k), accumulate);
                }
                return true;
            }
            if (transA && (ldc == 1 || m == 1)) {
                // c[0:m] (+)= sum_p x_p * A[p, 0:m]: rows of A as stored are contiguous.
                axpyRows(a, aOff, lda, b, bOff, xs, m, k, c, cOff, accumulate);
                return true;
            }
        }
        if (m == 1) {
            int as = transA ? lda : 1; // stride of the vector op(A)[0, :]
            if (!transB) {
                axpyRows(b, bOff, ldb, a, aOff, as, n, k, c, cOff, accumulate);
                return true;
            }
            if (as == 1) {
                for (int j = 0; j < n; j++) {
                    store(c, cOff + j, dot(b, bOff + j * ldb, a, aOff, k), accumulate);
                }
                return true;
            }
        }
        return false;
    }

    /**
     * {@code C (+)= A B^T} for A stored {@code m x k} and B stored {@code n x k} with
     * {@code n <= NARROW} (a batch through a layer of few outputs, 128 x 512 times [10 x 512]^T):
     * each element is the dot product of two rows read in place, in 2 x 4 tiles whose eight
     * accumulators share each load, where a packed 8 x 32 tile would be two-thirds padding. Rows
     * are split across threads when there are enough; every element is summed in the order
     * {@link #dot} sums it, so the result depends only on the shape.
     */
    static void narrow(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float[] c, int cOff, int ldc, boolean accumulate) {
        int grain = (int) Math.max(2, Sgemm.PARALLEL_MIN / ((long) n * k));
        Parallel.forRange(m, grain, (i0, i1) -> {
            int i = i0;
            for (; i + 2 <= i1; i += 2) {
                for (int j = 0; j < n; j += 4) {
                    tile2x4(k, a, aOff + i * lda, lda, b, bOff + j * ldb, ldb, Math.min(4, n - j),
                            c, cOff + i * ldc + j, ldc, accumulate);
                }
            }
            for (; i < i1; i++) {
                for (int j = 0; j < n; j++) {
                    store(c, cOff + i * ldc + j, dot(a, aOff + i * lda, b, bOff + j * ldb, k), accumulate);
                }
            }
        });
    }

    /**
     * Rows {@code a0}, {@code a0 + lda} of A dotted with the {@code cols <= 4} rows of B from
     * {@code b0} (spacing {@code ldb}), each as {@link #dot}; with fewer than 4, the last is
     * read again in place of the missing ones and those results are dropped.
     */
    private static void tile2x4(int k, float[] a, int a0, int lda, float[] b, int b0, int ldb, int cols,
                                float[] c, int c0, int ldc, boolean accumulate) {
        int a1 = a0 + lda;
        int b1 = b0 + Math.min(1, cols - 1) * ldb, b2 = b0 + Math.min(2, cols - 1) * ldb, b3 = b0 + (cols - 1) * ldb;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        int p = 0;
        for (int end = k - VL; p <= end; p += VL) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector y = FloatVector.fromArray(S, b, b0 + p);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            y = FloatVector.fromArray(S, b, b1 + p);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            y = FloatVector.fromArray(S, b, b2 + p);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            y = FloatVector.fromArray(S, b, b3 + p);
            s03 = x0.fma(y, s03);
            s13 = x1.fma(y, s13);
        }
        float[] s = {Lanes.sum(s00), Lanes.sum(s01), Lanes.sum(s02), Lanes.sum(s03),
                     Lanes.sum(s10), Lanes.sum(s11), Lanes.sum(s12), Lanes.sum(s13)};
        for (int e = 0; e < 8; e++) {
            if (e % 4 >= cols) {
                continue;
            }
            int ar = e < 4 ? a0 : a1, br = b0 + (e % 4) * ldb;
            float v = s[e];
            for (int q = p; q < k; q++) {
                v += a[ar + q] * b[br + q];
            }
            store(c, c0 + (e / 4) * ldc + e % 4, v, accumulate);
        }
    }

    private static void store(float[] c, int ci, float v, boolean accumulate) {
        c[ci] = accumulate ? c[ci] + v : v;
    }

    /** {@code sum_p x[xo + p] * y[yo + p]}: vector lanes first, then a fixed-order reduction. */
    private static float dot(float[] x, int xo, float[] y, int yo, int k) {
        int p = 0;
        float s = 0f;
        if (k >= VL) {
            FloatVector acc = FloatVector.zero(S);
            for (int end = k - VL; p <= end; p += VL) {
                acc = FloatVector.fromArray(S, x, xo + p).fma(FloatVector.fromArray(S, y, yo + p), acc);
            }
            s = Lanes.sum(acc);
        }
        for (; p < k; p++) {
            s += x[xo + p] * y[yo + p];
        }
        return s;
    }

    /**
     * {@code c[0:w] (+)= sum_p s[so + p*ss] * r[ro + p*ldr + 0:w]}: rows of r scaled by the
     * entries of a strided vector, accumulated into the contiguous row c (which stays in L1).
     */
    private static void axpyRows(float[] r, int ro, int ldr, float[] s, int so, int ss, int w, int k,
                                 float[] c, int co, boolean accumulate) {
        if (!accumulate) {
            java.util.Arrays.fill(c, co, co + w, 0f);
        }
        int vecEnd = w - w % VL;
        for (int p = 0; p < k; p++, ro += ldr, so += ss) {
            float sp = s[so];
            FloatVector sv = FloatVector.broadcast(S, sp);
            int j = 0;
            for (; j < vecEnd; j += VL) {
                sv.fma(FloatVector.fromArray(S, r, ro + j), FloatVector.fromArray(S, c, co + j))
                        .intoArray(c, co + j);
            }
            for (; j < w; j++) {
                c[co + j] += sp * r[ro + j];
            }
        }
    }

    /** Tiny products: a plain dot-product loop, no packing. */
    static void direct(boolean transA, boolean transB, int m, int n, int k,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float[] c, int cOff, int ldc, boolean accumulate) {
        int ai = transA ? 1 : lda, ap = transA ? lda : 1;
        int bj = transB ? ldb : 1, bp = transB ? 1 : ldb;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0, x = aOff + i * ai, y = bOff + j * bj; p < k; p++, x += ap, y += bp) {
                    s += a[x] * b[y];
                }
                store(c, cOff + i * ldc + j, s, accumulate);
            }
        }
    }
}
