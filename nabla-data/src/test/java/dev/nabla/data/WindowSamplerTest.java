package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

class WindowSamplerTest {

    @Test
    void targetsAreInputsShiftedByOne() {
        Tensor tokens = Tensor.arange(100);
        WindowSampler s = new WindowSampler(tokens, 8, 4, new Generator(0));
        boolean sawLastWindow = false;
        for (int k = 0; k < 200; k++) {
            Batch b = s.next();
            assertArrayEquals(new int[] {4, 8}, b.x().shape());
            assertEquals(DType.INT64, b.y().dtype());
            long[] x = b.x().toLongArray();
            long[] y = b.y().toLongArray();
            for (int r = 0; r < 4; r++) {
                for (int t = 0; t < 8; t++) {
                    assertEquals(x[r * 8] + t, x[r * 8 + t], "a contiguous window");
                    assertEquals(x[r * 8 + t] + 1, y[r * 8 + t], "next token");
                }
                assertTrue(y[r * 8 + 7] <= 99);
                sawLastWindow |= y[r * 8 + 7] == 99;
            }
        }
        assertTrue(sawLastWindow, "the last complete window can be drawn");
    }

    @Test
    void seededSamplersAgree() {
        Tensor tokens = Tensor.arange(1000);
        Batch a = new WindowSampler(tokens, 16, 3, new Generator(9)).next();
        Batch b = new WindowSampler(tokens, 16, 3, new Generator(9)).next();
        assertArrayEquals(a.x().toLongArray(), b.x().toLongArray());
    }

    @Test
    void tooShortATextIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new WindowSampler(Tensor.arange(8), 8, 1, new Generator(0)));
    }
}
