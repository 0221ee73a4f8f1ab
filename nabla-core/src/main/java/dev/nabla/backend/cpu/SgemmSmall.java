package dev.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Paths of {@link Sgemm} for shapes where packing into register tiles wastes work: products with
 * a single row or column of output (matrix-vector products, which would fill a 4 x 16 tile with
 * one useful row or column) and tiny products (which cost less than packing).
 */
final class SgemmSmall {
    private static final VectorSpecies<Float> S = SgemmKernel.S;
    private static final int VL = SgemmKernel.VL;

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
