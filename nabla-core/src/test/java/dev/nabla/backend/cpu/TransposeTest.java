package dev.nabla.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransposeTest {
    /** Whole 8 x 8 blocks, edges, strided source and destination, offsets. */
    @ParameterizedTest
    @CsvSource({"8, 8", "16, 64", "64, 8", "1, 1", "7, 9", "9, 7", "23, 17", "32, 784", "13, 1", "1, 13", "64, 64", "41, 37", "16, 9", "9, 16"})
    void equalsTheElementwiseTranspose(int rows, int cols) {
        Random rnd = new Random(rows * 131L + cols);
        int lds = cols + 3;
        int ldd = rows + 5;
        int s = 2;
        int d = 3;
        float[] src = new float[s + rows * lds];
        for (int i = 0; i < src.length; i++) {
            src[i] = Float.intBitsToFloat(rnd.nextInt()); // any bits: NaN payloads, subnormals, -0
        }
        float[] expected = new float[d + cols * ldd + 4];
        float[] actual = expected.clone();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                expected[d + c * ldd + r] = src[s + r * lds + c];
            }
        }
        Transpose.transpose(src, s, lds, rows, cols, actual, d, ldd);
        assertArrayEquals(bits(expected), bits(actual), rows + " x " + cols + ", bit for bit");
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }
}
