package dev.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The path of {@link Sgemm} for small products (the layers of a small MLP: 32 x 64 times 64 x 64
 * and their transposed backward products), where packing both operands into cache blocks costs
 * as much as the arithmetic. A is read in place, whatever its layout (a tile broadcasts one
 * element of each of its four rows per step of k; copying them into a strip first cost a fifth
 * of the product). B is read in place when it is stored {@code k x n}; a transposed B is first
 * copied into a {@code k x n} scratch buffer (k·n copies against m·n·k multiply-adds).
 *
 * <p>Register tiles are 8 x 2V (V the vector length) with AVX-512's 32 registers, 4 x 2V with
 * AVX2's 16 (and for the rows an 8-row tile leaves), then 4 x V for a column tail of V or
 * more, then one masked 4 x V tile for the last {@code n mod V} columns (a 64 x 8 product with
 * 16-lane vectors is all tail); leftover rows go through 1 x 2V / 1 x V / masked 1 x V tiles.
 * Which tile computes an element, and so its order of summation, depends only on the shape:
 * results are deterministic.
 */
final class SgemmDirect {
    private static final VectorSpecies<Float> S = SgemmKernel.S;
    private static final int VL = SgemmKernel.VL;

    /**
     * {@code TAIL[r]} has the first r lanes set. Made once: a mask built per call
     * ({@code S.indexInRange}) and handed to another method is boxed, and its construction then
     * runs the Vector API's slow Java form (a tenth of a housing-MLP step).
     */
    private static final VectorMask<Float>[] TAIL = tailMasks();

    /** Per-thread scratch for a transposed B. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);
    /** Per-thread scratch for C^T (see {@link #sgemm}). */
    private static final ThreadLocal<float[]> TRANSPOSED_C = ThreadLocal.withInitial(() -> new float[0]);

    private SgemmDirect() {
    }

    static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc, boolean accumulate) {
        if (transA && !accumulate && n < VL && m >= 2 * VL) {
            // A tall product of fewer columns than a vector (the weight gradient of a narrow
            // layer, 64 x 8 = [32 x 64]^T [32 x 8]): C^T = op(B)^T A^T has full-vector rows, and
            // A^T is A as stored.
            float[] t = scratch(TRANSPOSED_C, n * m);
            sgemm(!transB, false, n, m, k, b, bOff, ldb, a, aOff, lda, t, 0, m, false);
            Transpose.transpose(t, 0, m, n, m, c, cOff, ldc);
            return;
        }
        if (transB) {
            float[] t = scratch(SCRATCH, k * n);
            Transpose.transpose(b, bOff, ldb, n, k, t, 0, n);
            b = t;
            bOff = 0;
            ldb = n;
        }
        // op(A)[i, p] = a[aOff + i * ars + p * acs]
        int ars = transA ? 1 : lda, acs = transA ? lda : 1;
        int i = 0;
        if (SgemmKernel.MR == 8) {
            for (; i + 8 <= m; i += 8) {
                int ai = aOff + i * ars, ci = cOff + i * ldc;
                int j = 0;
                for (; j + 2 * VL <= n; j += 2 * VL) {
                    tile8x16(k, a, ai, ars, acs, b, bOff + j, ldb, c, ci + j, ldc, accumulate);
                }
                columnTail(j, n, k, a, ai, ars, acs, b, bOff, ldb, c, ci, ldc, accumulate);
                columnTail(j, n, k, a, ai + 4 * ars, ars, acs, b, bOff, ldb, c, ci + 4 * ldc, ldc, accumulate);
            }
        }
        for (; i + 4 <= m; i += 4) {
            int ai = aOff + i * ars, ci = cOff + i * ldc;
            int j = 0;
            for (; j + 2 * VL <= n; j += 2 * VL) {
                tile4x16(k, a, ai, ars, acs, b, bOff + j, ldb, c, ci + j, ldc, accumulate);
            }
            columnTail(j, n, k, a, ai, ars, acs, b, bOff, ldb, c, ci, ldc, accumulate);
        }
        for (; i < m; i++) {
            int ai = aOff + i * ars, ci = cOff + i * ldc;
            int j = 0;
            for (; j + 2 * VL <= n; j += 2 * VL) {
                row16(k, a, ai, acs, b, bOff + j, ldb, c, ci + j, accumulate);
            }
            for (; j + VL <= n; j += VL) {
                row8(k, a, ai, acs, b, bOff + j, ldb, c, ci + j, accumulate);
            }
            if (j < n) {
                rowMasked(k, a, ai, acs, b, bOff + j, ldb, c, ci + j, accumulate, TAIL[n - j]);
            }
        }
    }

    /** This thread's array of {@code scratch}, grown to at least {@code n} elements. */
    private static float[] scratch(ThreadLocal<float[]> scratch, int n) {
        float[] t = scratch.get();
        if (t.length < n) {
            t = new float[Math.max(n, 4096)];
            scratch.set(t);
        }
        return t;
    }

    /** Columns {@code j..n-1} (fewer than 2V) of four rows: a 4 x V tile, then a masked one. */
    private static void columnTail(int j, int n, int k, float[] a, int ai, int ars, int acs, float[] b, int bOff,
                                   int ldb, float[] c, int ci, int ldc, boolean accumulate) {
        if (j + VL <= n) {
            tile4x8(k, a, ai, ars, acs, b, bOff + j, ldb, c, ci + j, ldc, accumulate);
            j += VL;
        }
        if (j < n) {
            tile4xMasked(k, a, ai, ars, acs, b, bOff + j, ldb, c, ci + j, ldc, accumulate, TAIL[n - j]);
        }
    }

    @SuppressWarnings("unchecked")
    private static VectorMask<Float>[] tailMasks() {
        VectorMask<Float>[] masks = new VectorMask[VL];
        for (int r = 0; r < VL; r++) {
            masks[r] = S.indexInRange(0, r);
        }
        return masks;
    }

    /**
     * An 8 x 2V tile where there are 32 vector registers (AVX-512): sixteen independent FMA
     * chains, ten loads per sixteen FMAs (the 4 x 2V tile: eight chains, six loads per eight).
     */
    private static void tile8x16(int k, float[] a, int ai, int ars, int acs, float[] b, int bi, int ldb,
                                 float[] c, int ci, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        int a1 = ai + ars, a2 = a1 + ars, a3 = a2 + ars, a4 = a3 + ars, a5 = a4 + ars, a6 = a5 + ars, a7 = a6 + ars;
        for (int p = 0, bp = bi, o = 0; p < k; p++, bp += ldb, o += acs) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
            FloatVector x = FloatVector.broadcast(S, a[ai + o]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + o]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + o]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + o]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + o]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + o]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[a6 + o]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[a7 + o]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        if (add) { // C += the product
            c00 = c00.add(FloatVector.fromArray(S, c, ci));
            c01 = c01.add(FloatVector.fromArray(S, c, ci + VL));
            c10 = c10.add(FloatVector.fromArray(S, c, ci + ldc));
            c11 = c11.add(FloatVector.fromArray(S, c, ci + ldc + VL));
            c20 = c20.add(FloatVector.fromArray(S, c, ci + 2 * ldc));
            c21 = c21.add(FloatVector.fromArray(S, c, ci + 2 * ldc + VL));
            c30 = c30.add(FloatVector.fromArray(S, c, ci + 3 * ldc));
            c31 = c31.add(FloatVector.fromArray(S, c, ci + 3 * ldc + VL));
            c40 = c40.add(FloatVector.fromArray(S, c, ci + 4 * ldc));
            c41 = c41.add(FloatVector.fromArray(S, c, ci + 4 * ldc + VL));
            c50 = c50.add(FloatVector.fromArray(S, c, ci + 5 * ldc));
            c51 = c51.add(FloatVector.fromArray(S, c, ci + 5 * ldc + VL));
            c60 = c60.add(FloatVector.fromArray(S, c, ci + 6 * ldc));
            c61 = c61.add(FloatVector.fromArray(S, c, ci + 6 * ldc + VL));
            c70 = c70.add(FloatVector.fromArray(S, c, ci + 7 * ldc));
            c71 = c71.add(FloatVector.fromArray(S, c, ci + 7 * ldc + VL));
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + VL);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + VL);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + VL);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + VL);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + VL);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + VL);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + VL);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + VL);
    }

    private static void tile4x16(int k, float[] a, int ai, int ars, int acs, float[] b, int bi, int ldb,
                                 float[] c, int ci, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        int a1 = ai + ars, a2 = a1 + ars, a3 = a2 + ars;
        for (int p = 0, bp = bi, o = 0; p < k; p++, bp += ldb, o += acs) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + VL);
            FloatVector x = FloatVector.broadcast(S, a[ai + o]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + o]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + o]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + o]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        if (add) { // C += the product
            c00 = c00.add(FloatVector.fromArray(S, c, ci));
            c01 = c01.add(FloatVector.fromArray(S, c, ci + VL));
            c10 = c10.add(FloatVector.fromArray(S, c, ci + ldc));
            c11 = c11.add(FloatVector.fromArray(S, c, ci + ldc + VL));
            c20 = c20.add(FloatVector.fromArray(S, c, ci + 2 * ldc));
            c21 = c21.add(FloatVector.fromArray(S, c, ci + 2 * ldc + VL));
            c30 = c30.add(FloatVector.fromArray(S, c, ci + 3 * ldc));
            c31 = c31.add(FloatVector.fromArray(S, c, ci + 3 * ldc + VL));
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + VL);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + VL);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + VL);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + VL);
    }

    private static void tile4x8(int k, float[] a, int ai, int ars, int acs, float[] b, int bi, int ldb,
                                float[] c, int ci, int ldc, boolean add) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        FloatVector d0 = c0, d1 = c0, d2 = c0, d3 = c0;
        int a1 = ai + ars, a2 = a1 + ars, a3 = a2 + ars;
        int p = 0, bp = bi, o = 0;
        // Two accumulator sets, over even and odd p, hide the FMA latency; they are added at the
        // end, so the summation order depends only on the shape.
        for (; p + 2 <= k; p += 2, bp += 2 * ldb, o += 2 * acs) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + ldb);
            c0 = FloatVector.broadcast(S, a[ai + o]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + o]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + o]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + o]).fma(b0, c3);
            d0 = FloatVector.broadcast(S, a[ai + o + acs]).fma(b1, d0);
            d1 = FloatVector.broadcast(S, a[a1 + o + acs]).fma(b1, d1);
            d2 = FloatVector.broadcast(S, a[a2 + o + acs]).fma(b1, d2);
            d3 = FloatVector.broadcast(S, a[a3 + o + acs]).fma(b1, d3);
        }
        if (p < k) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            c0 = FloatVector.broadcast(S, a[ai + o]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + o]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + o]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + o]).fma(b0, c3);
        }
        c0 = c0.add(d0);
        c1 = c1.add(d1);
        c2 = c2.add(d2);
        c3 = c3.add(d3);
        if (add) { // C += the product
            c0 = c0.add(FloatVector.fromArray(S, c, ci));
            c1 = c1.add(FloatVector.fromArray(S, c, ci + ldc));
            c2 = c2.add(FloatVector.fromArray(S, c, ci + 2 * ldc));
            c3 = c3.add(FloatVector.fromArray(S, c, ci + 3 * ldc));
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + ldc);
        c2.intoArray(c, ci + 2 * ldc);
        c3.intoArray(c, ci + 3 * ldc);
    }

    private static void row16(int k, float[] a, int ai, int acs, float[] b, int bi, int ldb,
                              float[] c, int ci, boolean add) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0;
        for (int p = 0, ap = ai, bp = bi; p < k; p++, ap += acs, bp += ldb) {
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            c0 = x.fma(FloatVector.fromArray(S, b, bp), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, bp + VL), c1);
        }
        if (add) { // C += the product
            c0 = c0.add(FloatVector.fromArray(S, c, ci));
            c1 = c1.add(FloatVector.fromArray(S, c, ci + VL));
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + VL);
    }

    private static void row8(int k, float[] a, int ai, int acs, float[] b, int bi, int ldb,
                             float[] c, int ci, boolean add) {
        FloatVector c0 = FloatVector.zero(S);
        for (int p = 0, ap = ai, bp = bi; p < k; p++, ap += acs, bp += ldb) {
            c0 = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bp), c0);
        }
        if (add) { // C += the product
            c0 = c0.add(FloatVector.fromArray(S, c, ci));
        }
        c0.intoArray(c, ci);
    }

    /**
     * A 4 x V tile of which only the lanes of {@code mask} (a prefix) are columns of C: B and C are
     * read and written under the mask, so nothing past column n is touched.
     */
    private static void tile4xMasked(int k, float[] a, int ai, int ars, int acs, float[] b, int bi, int ldb,
                                     float[] c, int ci, int ldc, boolean add, VectorMask<Float> mask) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        FloatVector d0 = c0, d1 = c0, d2 = c0, d3 = c0;
        int a1 = ai + ars, a2 = a1 + ars, a3 = a2 + ars;
        int p = 0, bp = bi, o = 0;
        // Even and odd p in two accumulator sets, as in tile4x8 (a 128 x 10 product is all tail).
        for (; p + 2 <= k; p += 2, bp += 2 * ldb, o += 2 * acs) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp, mask);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + ldb, mask);
            c0 = FloatVector.broadcast(S, a[ai + o]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + o]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + o]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + o]).fma(b0, c3);
            d0 = FloatVector.broadcast(S, a[ai + o + acs]).fma(b1, d0);
            d1 = FloatVector.broadcast(S, a[a1 + o + acs]).fma(b1, d1);
            d2 = FloatVector.broadcast(S, a[a2 + o + acs]).fma(b1, d2);
            d3 = FloatVector.broadcast(S, a[a3 + o + acs]).fma(b1, d3);
        }
        if (p < k) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp, mask);
            c0 = FloatVector.broadcast(S, a[ai + o]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + o]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + o]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + o]).fma(b0, c3);
        }
        c0 = c0.add(d0);
        c1 = c1.add(d1);
        c2 = c2.add(d2);
        c3 = c3.add(d3);
        if (add) { // C += the product
            c0 = c0.add(FloatVector.fromArray(S, c, ci, mask));
            c1 = c1.add(FloatVector.fromArray(S, c, ci + ldc, mask));
            c2 = c2.add(FloatVector.fromArray(S, c, ci + 2 * ldc, mask));
            c3 = c3.add(FloatVector.fromArray(S, c, ci + 3 * ldc, mask));
        }
        c0.intoArray(c, ci, mask);
        c1.intoArray(c, ci + ldc, mask);
        c2.intoArray(c, ci + 2 * ldc, mask);
        c3.intoArray(c, ci + 3 * ldc, mask);
    }

    /** One row of C under {@code mask}, as {@link #tile4xMasked}. */
    private static void rowMasked(int k, float[] a, int ai, int acs, float[] b, int bi, int ldb,
                                  float[] c, int ci, boolean add, VectorMask<Float> mask) {
        FloatVector c0 = FloatVector.zero(S);
        for (int p = 0, ap = ai, bp = bi; p < k; p++, ap += acs, bp += ldb) {
            c0 = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bp, mask), c0);
        }
        if (add) { // C += the product
            c0 = c0.add(FloatVector.fromArray(S, c, ci, mask));
        }
        c0.intoArray(c, ci, mask);
    }
}
