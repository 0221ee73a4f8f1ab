package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Expected values printed by NumPy 2.4 ({@code np.random.RandomState(42)}). */
class NumpyRandomStateTest {

    @Test
    void randomSampleMatchesNumpy() {
        assertEquals(0.3745401188473625, new NumpyRandomState(42).randomSample(), 0);
    }

    @Test
    void permutationMatchesNumpy() {
        assertArrayEquals(new long[] {8, 1, 5, 0, 7, 2, 9, 4, 3, 6}, new NumpyRandomState(42).permutation(10).toLongArray());
        long[] p = new NumpyRandomState(42).permutation(20640).toLongArray();
        assertArrayEquals(new long[] {20046, 3024, 15663, 20484, 9814, 13311, 7113, 7668}, Arrays.copyOf(p, 8));
    }
}
