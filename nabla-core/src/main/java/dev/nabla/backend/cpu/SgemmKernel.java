package dev.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled micro-kernel of {@link Sgemm}: one {@code MR x NR} tile of C from an
 * {@code MR}-row sliver of packed A and an {@code NR}-column sliver of packed B.
 *
 * <p>On AVX2 the tile is 4 x 16: eight 8-lane accumulators (enough to cover the 4-cycle FMA
 * latency on two FMA ports), two B vectors and four broadcast A values, 14 of the 16 YMM
 * registers. C2 hoists all broadcasts of a k step to its top, so a 6 x 16 tile (12 + 2 + 6
 * registers) spills an accumulator to the stack and runs at half speed; 4 x 16 does not spill and
 * reaches about 90% of the FMA peak on L1-resident data.
 */
final class SgemmKernel {
    /** 256-bit lanes where the hardware has them; otherwise the widest it has (e.g. NEON). */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED.length() >= 8
            ? FloatVector.SPECIES_256 : FloatVector.SPECIES_PREFERRED;
    /** Vector length in floats. */
    static final int VL = S.length();
    /** Rows of the register tile. */
    static final int MR = 4;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * VL;

    private SgemmKernel() {
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
        // One induction variable: bj = (NR / MR) * aj + delta keeps a register free for C2.
        int delta = bi - (NR / MR) * ai;
        for (int aj = ai, aEnd = ai + kc * MR; aj < aEnd; aj += MR) {
            int bj = (NR / MR) * aj + delta;
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
}
