package dev.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Out-of-place transposes of float blocks, the copy behind packing a transposed operand for
 * {@link Sgemm}. Whole 8 x 8 blocks go through 256-bit vectors: eight row loads, three rounds
 * of two-vector lane selections (round s pairs rows {@code 4 >> s} apart and swaps their
 * {@code (4 >> s)}-lane halves, the butterfly of BLAS packing routines), eight stores; about
 * twice as fast as element-by-element copies on an AVX-512 processor, and no slower with AVX2.
 * Where the kernels use 512-bit vectors, whole 16 x 16 blocks go first, the same way in four
 * rounds (half the selections per element of 8 x 8 blocks). Edges go element by element.
 */
final class Transpose {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int B = 8;
    /** Whether the processor has 256-bit vectors (without them, as on NEON, blocks go element by element). */
    private static final boolean VECTOR = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    /** Lane indices of round s's first and second output rows ({@code selectFrom(x, y)}: 8-15 are y's lanes). */
    private static final FloatVector[] FIRST = new FloatVector[3];
    private static final FloatVector[] SECOND = new FloatVector[3];
    /** The 16 x 16 blocks' species, lane indices and rounds, when the kernels' vectors have 16 lanes. */
    private static final VectorSpecies<Float> S16 = FloatVector.SPECIES_512;
    private static final int B16 = 16;
    private static final boolean WIDE = Vectors.FLOAT.length() >= B16;
    private static final FloatVector[] FIRST16 = new FloatVector[4];
    private static final FloatVector[] SECOND16 = new FloatVector[4];

    static {
        rounds(S, FIRST, SECOND);
        if (WIDE) {
            rounds(S16, FIRST16, SECOND16);
        }
    }

    /** The lane indices of each round for blocks of {@code species}' length. */
    private static void rounds(VectorSpecies<Float> species, FloatVector[] firsts, FloatVector[] seconds) {
        int b = species.length();
        for (int s = 0; s < firsts.length; s++) {
            int h = b >> (s + 1);
            float[] first = new float[b];
            float[] second = new float[b];
            for (int l = 0; l < b; l++) {
                first[l] = (l & h) == 0 ? l : b + l - h;
                second[l] = (l & h) == 0 ? l + h : b + l;
            }
            firsts[s] = FloatVector.fromArray(species, first, 0);
            seconds[s] = FloatVector.fromArray(species, second, 0);
        }
    }

    private Transpose() {
    }

    /**
     * {@code dst[d + c * ldd + r] = src[s + r * lds + c]} for {@code r < rows}, {@code c < cols}:
     * a {@code rows x cols} block becomes {@code cols x rows}.
     */
    static void transpose(float[] src, int s, int lds, int rows, int cols, float[] dst, int d, int ldd) {
        strips(WIDE ? B16 : B, src, s, lds, rows, cols, dst, d, ldd);
    }

    /**
     * {@link #transpose} in strips of {@code b} rows cut into {@code b x b} blocks ({@code b} is
     * 16 or 8); what the blocks leave goes through {@link #rest}.
     */
    private static void strips(int b, float[] src, int s, int lds, int rows, int cols, float[] dst, int d, int ldd) {
        int r = 0;
        for (; (b == B16 || VECTOR) && r + b <= rows; r += b) {
            int c = 0;
            for (; c + b <= cols; c += b) {
                if (b == B16) {
                    block16(src, s + r * lds + c, lds, dst, d + c * ldd + r, ldd);
                } else {
                    block(src, s + r * lds + c, lds, dst, d + c * ldd + r, ldd);
                }
            }
            rest(b, src, s + r * lds + c, lds, b, cols - c, dst, d + c * ldd + r, ldd);
        }
        rest(b, src, s + r * lds, lds, rows - r, cols, dst, d + r, ldd);
    }

    /** The edges of {@code b x b} blocks: 8 x 8 blocks after 16 x 16 ones, element by element after 8 x 8. */
    private static void rest(int b, float[] src, int s, int lds, int rows, int cols, float[] dst, int d, int ldd) {
        if (b == B16) {
            strips(B, src, s, lds, rows, cols, dst, d, ldd);
        } else {
            scalar(src, s, lds, rows, cols, dst, d, ldd);
        }
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

    /** One 16 x 16 block: sixteen row loads, four rounds of selections as in {@link #block}, sixteen stores. */
    private static void block16(float[] src, int s, int lds, float[] dst, int d, int ldd) {
        FloatVector v0 = FloatVector.fromArray(S16, src, s + 0 * lds);
        FloatVector v1 = FloatVector.fromArray(S16, src, s + 1 * lds);
        FloatVector v2 = FloatVector.fromArray(S16, src, s + 2 * lds);
        FloatVector v3 = FloatVector.fromArray(S16, src, s + 3 * lds);
        FloatVector v4 = FloatVector.fromArray(S16, src, s + 4 * lds);
        FloatVector v5 = FloatVector.fromArray(S16, src, s + 5 * lds);
        FloatVector v6 = FloatVector.fromArray(S16, src, s + 6 * lds);
        FloatVector v7 = FloatVector.fromArray(S16, src, s + 7 * lds);
        FloatVector v8 = FloatVector.fromArray(S16, src, s + 8 * lds);
        FloatVector v9 = FloatVector.fromArray(S16, src, s + 9 * lds);
        FloatVector v10 = FloatVector.fromArray(S16, src, s + 10 * lds);
        FloatVector v11 = FloatVector.fromArray(S16, src, s + 11 * lds);
        FloatVector v12 = FloatVector.fromArray(S16, src, s + 12 * lds);
        FloatVector v13 = FloatVector.fromArray(S16, src, s + 13 * lds);
        FloatVector v14 = FloatVector.fromArray(S16, src, s + 14 * lds);
        FloatVector v15 = FloatVector.fromArray(S16, src, s + 15 * lds);
        FloatVector f = FIRST16[0];
        FloatVector g = SECOND16[0];
        FloatVector a0 = f.selectFrom(v0, v8);
        FloatVector a8 = g.selectFrom(v0, v8);
        FloatVector a1 = f.selectFrom(v1, v9);
        FloatVector a9 = g.selectFrom(v1, v9);
        FloatVector a2 = f.selectFrom(v2, v10);
        FloatVector a10 = g.selectFrom(v2, v10);
        FloatVector a3 = f.selectFrom(v3, v11);
        FloatVector a11 = g.selectFrom(v3, v11);
        FloatVector a4 = f.selectFrom(v4, v12);
        FloatVector a12 = g.selectFrom(v4, v12);
        FloatVector a5 = f.selectFrom(v5, v13);
        FloatVector a13 = g.selectFrom(v5, v13);
        FloatVector a6 = f.selectFrom(v6, v14);
        FloatVector a14 = g.selectFrom(v6, v14);
        FloatVector a7 = f.selectFrom(v7, v15);
        FloatVector a15 = g.selectFrom(v7, v15);
        f = FIRST16[1];
        g = SECOND16[1];
        FloatVector b0 = f.selectFrom(a0, a4);
        FloatVector b4 = g.selectFrom(a0, a4);
        FloatVector b1 = f.selectFrom(a1, a5);
        FloatVector b5 = g.selectFrom(a1, a5);
        FloatVector b2 = f.selectFrom(a2, a6);
        FloatVector b6 = g.selectFrom(a2, a6);
        FloatVector b3 = f.selectFrom(a3, a7);
        FloatVector b7 = g.selectFrom(a3, a7);
        FloatVector b8 = f.selectFrom(a8, a12);
        FloatVector b12 = g.selectFrom(a8, a12);
        FloatVector b9 = f.selectFrom(a9, a13);
        FloatVector b13 = g.selectFrom(a9, a13);
        FloatVector b10 = f.selectFrom(a10, a14);
        FloatVector b14 = g.selectFrom(a10, a14);
        FloatVector b11 = f.selectFrom(a11, a15);
        FloatVector b15 = g.selectFrom(a11, a15);
        f = FIRST16[2];
        g = SECOND16[2];
        FloatVector c0 = f.selectFrom(b0, b2);
        FloatVector c2 = g.selectFrom(b0, b2);
        FloatVector c1 = f.selectFrom(b1, b3);
        FloatVector c3 = g.selectFrom(b1, b3);
        FloatVector c4 = f.selectFrom(b4, b6);
        FloatVector c6 = g.selectFrom(b4, b6);
        FloatVector c5 = f.selectFrom(b5, b7);
        FloatVector c7 = g.selectFrom(b5, b7);
        FloatVector c8 = f.selectFrom(b8, b10);
        FloatVector c10 = g.selectFrom(b8, b10);
        FloatVector c9 = f.selectFrom(b9, b11);
        FloatVector c11 = g.selectFrom(b9, b11);
        FloatVector c12 = f.selectFrom(b12, b14);
        FloatVector c14 = g.selectFrom(b12, b14);
        FloatVector c13 = f.selectFrom(b13, b15);
        FloatVector c15 = g.selectFrom(b13, b15);
        f = FIRST16[3];
        g = SECOND16[3];
        FloatVector d0 = f.selectFrom(c0, c1);
        FloatVector d1 = g.selectFrom(c0, c1);
        FloatVector d2 = f.selectFrom(c2, c3);
        FloatVector d3 = g.selectFrom(c2, c3);
        FloatVector d4 = f.selectFrom(c4, c5);
        FloatVector d5 = g.selectFrom(c4, c5);
        FloatVector d6 = f.selectFrom(c6, c7);
        FloatVector d7 = g.selectFrom(c6, c7);
        FloatVector d8 = f.selectFrom(c8, c9);
        FloatVector d9 = g.selectFrom(c8, c9);
        FloatVector d10 = f.selectFrom(c10, c11);
        FloatVector d11 = g.selectFrom(c10, c11);
        FloatVector d12 = f.selectFrom(c12, c13);
        FloatVector d13 = g.selectFrom(c12, c13);
        FloatVector d14 = f.selectFrom(c14, c15);
        FloatVector d15 = g.selectFrom(c14, c15);
        d0.intoArray(dst, d + 0 * ldd);
        d1.intoArray(dst, d + 1 * ldd);
        d2.intoArray(dst, d + 2 * ldd);
        d3.intoArray(dst, d + 3 * ldd);
        d4.intoArray(dst, d + 4 * ldd);
        d5.intoArray(dst, d + 5 * ldd);
        d6.intoArray(dst, d + 6 * ldd);
        d7.intoArray(dst, d + 7 * ldd);
        d8.intoArray(dst, d + 8 * ldd);
        d9.intoArray(dst, d + 9 * ldd);
        d10.intoArray(dst, d + 10 * ldd);
        d11.intoArray(dst, d + 11 * ldd);
        d12.intoArray(dst, d + 12 * ldd);
        d13.intoArray(dst, d + 13 * ldd);
        d14.intoArray(dst, d + 14 * ldd);
        d15.intoArray(dst, d + 15 * ldd);
    }
}
