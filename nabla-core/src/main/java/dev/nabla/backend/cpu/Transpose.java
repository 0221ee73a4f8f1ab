package dev.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Out-of-place transposes of float blocks, the copy behind packing a transposed operand for
 * {@link Sgemm}. Whole 8 x 8 blocks go through 256-bit vectors: eight row loads, three rounds
 * of two-vector lane selections (round s pairs rows {@code 4 >> s} apart and swaps their
 * {@code (4 >> s)}-lane halves, the butterfly of BLAS packing routines), eight stores; about
 * twice as fast as element-by-element copies on an AVX-512 processor, and no slower with AVX2.
 * Edges go element by element.
 *
 * <p>16 x 16 blocks of 512-bit vectors in the same four rounds packed a transposed 512 x 784
 * operand in 67 µs instead of 105 on a Zen 5, but C2 compiled that method with every vector
 * boxed in some JVMs and not others (depending on compilation order): in about a third of W4's
 * compiled runs the steps then allocated 100 MB a second and took 20-30% longer. They are not used.
 * Nor are int lane indices on the rows' bits ({@code reinterpretAsInts}), which spare the
 * float-to-int conversion of each index vector that float selections cost (in a scratch loop,
 * 100-110 µs for that operand instead of 140-150, 70-76 with a whole strip of blocks in one
 * method): both were compiled boxed in one or two of five compiled W2 runs (some 2 600 young
 * collections instead of about 100, at half the speed), the float blocks in none of five.
 */
final class Transpose {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int B = 8;
    /** Whether the processor has 256-bit vectors (without them, as on NEON, blocks go element by element). */
    private static final boolean VECTOR = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    /** Lane indices of round s's first and second output rows ({@code selectFrom(x, y)}: 8-15 are y's lanes). */
    private static final FloatVector[] FIRST = new FloatVector[3];
    private static final FloatVector[] SECOND = new FloatVector[3];

    static {
        for (int s = 0; s < FIRST.length; s++) {
            int h = B >> (s + 1);
            float[] first = new float[B];
            float[] second = new float[B];
            for (int l = 0; l < B; l++) {
                first[l] = (l & h) == 0 ? l : B + l - h;
                second[l] = (l & h) == 0 ? l + h : B + l;
            }
            FIRST[s] = FloatVector.fromArray(S, first, 0);
            SECOND[s] = FloatVector.fromArray(S, second, 0);
        }
    }

    private Transpose() {
    }

    /**
     * {@code dst[d + c * ldd + r] = src[s + r * lds + c]} for {@code r < rows}, {@code c < cols}:
     * a {@code rows x cols} block becomes {@code cols x rows}.
     */
    static void transpose(float[] src, int s, int lds, int rows, int cols, float[] dst, int d, int ldd) {
        int r = 0;
        for (; VECTOR && r + B <= rows; r += B) {
            int c = 0;
            for (; c + B <= cols; c += B) {
                block(src, s + r * lds + c, lds, dst, d + c * ldd + r, ldd);
            }
            scalar(src, s + r * lds + c, lds, B, cols - c, dst, d + c * ldd + r, ldd);
        }
        scalar(src, s + r * lds, lds, rows - r, cols, dst, d + r, ldd);
    }

    private static void scalar(float[] src, int s, int lds, int rows, int cols, float[] dst, int d, int ldd) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0, e = d + r; c < cols; c++, e += ldd) {
                dst[e] = src[s + r * lds + c];
            }
        }
    }

    private static void block(float[] src, int s, int lds, float[] dst, int d, int ldd) {
        FloatVector r0 = FloatVector.fromArray(S, src, s);
        FloatVector r1 = FloatVector.fromArray(S, src, s + lds);
        FloatVector r2 = FloatVector.fromArray(S, src, s + 2 * lds);
        FloatVector r3 = FloatVector.fromArray(S, src, s + 3 * lds);
        FloatVector r4 = FloatVector.fromArray(S, src, s + 4 * lds);
        FloatVector r5 = FloatVector.fromArray(S, src, s + 5 * lds);
        FloatVector r6 = FloatVector.fromArray(S, src, s + 6 * lds);
        FloatVector r7 = FloatVector.fromArray(S, src, s + 7 * lds);
        FloatVector f = FIRST[0];
        FloatVector g = SECOND[0];
        FloatVector a0 = f.selectFrom(r0, r4);
        FloatVector a4 = g.selectFrom(r0, r4);
        FloatVector a1 = f.selectFrom(r1, r5);
        FloatVector a5 = g.selectFrom(r1, r5);
        FloatVector a2 = f.selectFrom(r2, r6);
        FloatVector a6 = g.selectFrom(r2, r6);
        FloatVector a3 = f.selectFrom(r3, r7);
        FloatVector a7 = g.selectFrom(r3, r7);
        f = FIRST[1];
        g = SECOND[1];
        FloatVector b0 = f.selectFrom(a0, a2);
        FloatVector b2 = g.selectFrom(a0, a2);
        FloatVector b1 = f.selectFrom(a1, a3);
        FloatVector b3 = g.selectFrom(a1, a3);
        FloatVector b4 = f.selectFrom(a4, a6);
        FloatVector b6 = g.selectFrom(a4, a6);
        FloatVector b5 = f.selectFrom(a5, a7);
        FloatVector b7 = g.selectFrom(a5, a7);
        f = FIRST[2];
        g = SECOND[2];
        f.selectFrom(b0, b1).intoArray(dst, d);
        g.selectFrom(b0, b1).intoArray(dst, d + ldd);
        f.selectFrom(b2, b3).intoArray(dst, d + 2 * ldd);
        g.selectFrom(b2, b3).intoArray(dst, d + 3 * ldd);
        f.selectFrom(b4, b5).intoArray(dst, d + 4 * ldd);
        g.selectFrom(b4, b5).intoArray(dst, d + 5 * ldd);
        f.selectFrom(b6, b7).intoArray(dst, d + 6 * ldd);
        g.selectFrom(b6, b7).intoArray(dst, d + 7 * ldd);
    }
}
