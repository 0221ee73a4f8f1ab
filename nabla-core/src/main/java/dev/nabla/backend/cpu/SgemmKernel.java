package dev.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled micro-kernel of {@link Sgemm}: one {@code MR x NR} tile of C from an
 * {@code MR}-row sliver of packed A and an {@code NR}-column sliver of packed B, {@code NR} being
 * two vectors.
 *
 * <p>With AVX-512 (32 ZMM registers) the tile is 8 x 32: sixteen accumulators, two B vectors and
 * one broadcast. With AVX2 (16 YMM registers) it is 4 x 16: eight accumulators (enough to cover
 * the 4-cycle FMA latency on two FMA ports), two B vectors and four broadcast A values, 14
 * registers. C2 hoists all broadcasts of a k step to its top, so a 6 x 16 AVX2 tile (12 + 2 + 6
 * registers) spills an accumulator to the stack and runs at half speed.
 */
final class SgemmKernel {
    static final VectorSpecies<Float> S = Vectors.FLOAT;
    /** Vector length in floats. */
    static final int VL = S.length();
    /** Rows of the register tile: 8 where there are 32 vector registers (AVX-512), else 4. */
    static final int MR = VL >= 16 ? 8 : 4;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * VL;

    private SgemmKernel() {
    }

    /** A name for the tile in use, e.g. {@code "8x32-512bit"} (benchmarks print it). */
    static String describe() {
        return MR + "x" + NR + "-" + S.vectorBitSize() + "bit";
    }

    /**
     * {@code C[0:MR, 0:NR] (+)= Ap * Bp} over {@code kc} steps.
     *
     * @param ap packed A: {@code kc} groups of {@code MR} values (one column of the sliver each)
     * @param bp packed B: {@code kc} groups of {@code NR} values (one row of the sliver each)
     * @param add whether to add to C (else overwrite it)
     */
    static void kernel(int kc, float[] ap, int ai, float[] bp, int bi,
                       float[] c, int ci, int ldc, boolean add) {
        if (MR == 8) {
            kernel8(kc, ap, ai, bp, bi, c, ci, ldc, add);
        } else {
            kernel4(kc, ap, ai, bp, bi, c, ci, ldc, add);
        }
    }

    private static void kernel4(int kc, float[] ap, int ai, float[] bp, int bi,
                                float[] c, int ci, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        if (add) {
            // Loading C first starts its (often L3) misses before the loop, not after it.
            c00 = FloatVector.fromArray(S, c, ci);
            c01 = FloatVector.fromArray(S, c, ci + VL);
            c10 = FloatVector.fromArray(S, c, ci + ldc);
            c11 = FloatVector.fromArray(S, c, ci + ldc + VL);
            c20 = FloatVector.fromArray(S, c, ci + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + VL);
            c30 = FloatVector.fromArray(S, c, ci + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + VL);
        }
        // One induction variable: bj = (NR / 4) * aj + delta keeps a register free for C2.
        int delta = bi - (NR / 4) * ai;
        for (int aj = ai, aEnd = ai + kc * 4; aj < aEnd; aj += 4) {
            int bj = (NR / 4) * aj + delta;
            FloatVector b0 = FloatVector.fromArray(S, bp, bj);
            FloatVector b1 = FloatVector.fromArray(S, bp, bj + VL);
            FloatVector a = FloatVector.broadcast(S, ap[aj]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[aj + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[aj + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[aj + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
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

    private static void kernel8(int kc, float[] ap, int ai, float[] bp, int bi,
                                float[] c, int ci, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        if (add) {
            c00 = FloatVector.fromArray(S, c, ci);
            c01 = FloatVector.fromArray(S, c, ci + VL);
            c10 = FloatVector.fromArray(S, c, ci + ldc);
            c11 = FloatVector.fromArray(S, c, ci + ldc + VL);
            c20 = FloatVector.fromArray(S, c, ci + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + VL);
            c30 = FloatVector.fromArray(S, c, ci + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + VL);
            c40 = FloatVector.fromArray(S, c, ci + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, ci + 4 * ldc + VL);
            c50 = FloatVector.fromArray(S, c, ci + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, ci + 5 * ldc + VL);
            c60 = FloatVector.fromArray(S, c, ci + 6 * ldc);
            c61 = FloatVector.fromArray(S, c, ci + 6 * ldc + VL);
            c70 = FloatVector.fromArray(S, c, ci + 7 * ldc);
            c71 = FloatVector.fromArray(S, c, ci + 7 * ldc + VL);
        }
        int delta = bi - (NR / 8) * ai;
        for (int aj = ai, aEnd = ai + kc * 8; aj < aEnd; aj += 8) {
            int bj = (NR / 8) * aj + delta;
            FloatVector b0 = FloatVector.fromArray(S, bp, bj);
            FloatVector b1 = FloatVector.fromArray(S, bp, bj + VL);
            FloatVector a = FloatVector.broadcast(S, ap[aj]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[aj + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[aj + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[aj + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[aj + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[aj + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[aj + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[aj + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
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
}
