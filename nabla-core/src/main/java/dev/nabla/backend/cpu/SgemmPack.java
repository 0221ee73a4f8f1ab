package dev.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;

/**
 * Packing of A and B blocks into the sliver layouts the {@link SgemmKernel} reads contiguously.
 * Transposed operands are handled here, block by block ({@link Transpose}), never by copying
 * whole matrices.
 * Slivers at the edges are padded with zeros to full {@code MR} rows or {@code NR} columns.
 */
final class SgemmPack {
    private static final int MR = SgemmKernel.MR;
    private static final int NR = SgemmKernel.NR;
    private static final int VL = SgemmKernel.VL;

    private SgemmPack() {
    }

    /**
     * Packs {@code op(A)[i0:i0+mc, p0:p0+kc]} as {@code ceil(mc/MR)} slivers; sliver {@code s}
     * starts at {@code dOff + s*MR*kc} and holds, for each p, the MR values of column p.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int p0, int mc, int kc,
                      float[] dst, int dOff) {
        for (int s = 0, d = dOff; s < mc; s += MR, d += MR * kc) {
            int rows = Math.min(MR, mc - s);
            if (transA) {
                packAT(a, aOff + p0 * lda + i0 + s, lda, rows, kc, dst, d);
            } else if (rows == MR) {
                packAFull(a, aOff + (i0 + s) * lda + p0, lda, kc, dst, d);
            } else {
                packAEdge(a, aOff + (i0 + s) * lda + p0, lda, rows, kc, dst, d);
            }
        }
    }

    /** A stored m x k: MR row streams interleaved, a transpose of the MR x kc block. */
    private static void packAFull(float[] a, int o, int lda, int kc, float[] dst, int d) {
        Transpose.transpose(a, o, lda, MR, kc, dst, d, MR);
    }

    private static void packAEdge(float[] a, int o, int lda, int rows, int kc, float[] dst, int d) {
        for (int p = 0; p < kc; p++, d += MR) {
            for (int r = 0; r < MR; r++) {
                dst[d + r] = r < rows ? a[o + r * lda + p] : 0f;
            }
        }
    }

    /**
     * A stored k x m: each column of op(A) is contiguous, so copy {@code rows} values per p. A
     * copy rather than a vector of MR lanes: C2 compiled that two-line vector loop with its
     * vectors boxed in some JVMs (by compilation order; seen once in about forty W4 runs).
     */
    private static void packAT(float[] a, int o, int lda, int rows, int kc, float[] dst, int d) {
        if (rows == MR) {
            for (int p = 0; p < kc; p++, d += MR, o += lda) {
                System.arraycopy(a, o, dst, d, MR);
            }
            return;
        }
        for (int p = 0; p < kc; p++, d += MR, o += lda) {
            for (int r = 0; r < rows; r++) {
                dst[d + r] = a[o + r];
            }
            for (int r = rows; r < MR; r++) {
                dst[d + r] = 0f;
            }
        }
    }

    /**
     * Packs {@code op(B)[p0:p0+kc, j0:j0+nc]} as {@code ceil(nc/NR)} slivers; sliver {@code t}
     * starts at {@code dOff + t*NR*kc} and holds, for each p, the NR values of row p.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int j0, int kc, int nc,
                      float[] dst, int dOff) {
        for (int t = 0, d = dOff; t < nc; t += NR, d += NR * kc) {
            int cols = Math.min(NR, nc - t);
            if (transB) {
                packBT(b, bOff + (j0 + t) * ldb + p0, ldb, cols, kc, dst, d);
            } else if (cols == NR) {
                packBFull(b, bOff + p0 * ldb + j0 + t, ldb, kc, dst, d);
            } else {
                packBEdge(b, bOff + p0 * ldb + j0 + t, ldb, cols, kc, dst, d);
            }
        }
    }

    /** B stored k x n: each row of the sliver is NR contiguous values. */
    private static void packBFull(float[] b, int o, int ldb, int kc, float[] dst, int d) {
        for (int p = 0; p < kc; p++, d += NR, o += ldb) {
            FloatVector.fromArray(SgemmKernel.S, b, o).intoArray(dst, d);
            FloatVector.fromArray(SgemmKernel.S, b, o + VL).intoArray(dst, d + VL);
        }
    }

    private static void packBEdge(float[] b, int o, int ldb, int cols, int kc, float[] dst, int d) {
        for (int p = 0; p < kc; p++, d += NR, o += ldb) {
            for (int j = 0; j < cols; j++) {
                dst[d + j] = b[o + j];
            }
            for (int j = cols; j < NR; j++) {
                dst[d + j] = 0f;
            }
        }
    }

    /** B stored n x k: column j of op(B) is row j of B, contiguous in p. */
    private static void packBT(float[] b, int o, int ldb, int cols, int kc, float[] dst, int d) {
        Transpose.transpose(b, o, ldb, cols, kc, dst, d, NR);
        for (int j = cols; j < NR; j++) {
            for (int p = 0, e = d + j; p < kc; p++, e += NR) {
                dst[e] = 0f;
            }
        }
    }
}
