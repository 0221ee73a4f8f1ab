package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SplitsTest {

    @Test
    void randomSplitSizesCoverAndDeterminism() {
        SplitIndices s = Splits.random(20640, 0.8, 0.1, 42);
        assertEquals(16512, s.train().numel());
        assertEquals(2064, s.validation().numel());
        assertEquals(2064, s.test().numel());
        long[] all = LongStream.concat(LongStream.concat(Arrays.stream(s.train().toLongArray()),
                Arrays.stream(s.validation().toLongArray())), Arrays.stream(s.test().toLongArray())).sorted().toArray();
        assertArrayEquals(DataLoaderTest.range(20640), all, "disjoint and complete");
        SplitIndices again = Splits.random(20640, 0.8, 0.1, 42);
        assertArrayEquals(s.train().toLongArray(), again.train().toLongArray());
        assertArrayEquals(s.test().toLongArray(), again.test().toLongArray());
        assertFalse(Arrays.equals(s.train().toLongArray(), Splits.random(20640, 0.8, 0.1, 43).train().toLongArray()));
    }

    @Test
    void trainTestSplitOfADataset() {
        TensorDataset d = DataLoaderTest.numbered(10);
        DatasetSplit parts = Splits.split(d, 0.7, 0, 1);
        assertEquals(7, parts.train().size());
        assertEquals(0, parts.validation().size());
        assertEquals(3, parts.test().size());
        long[] ids = parts.train().targets().toLongArray();
        float[] x = parts.train().features().toFloatArray();
        for (int i = 0; i < ids.length; i++) {
            assertEquals(ids[i], x[2 * i], "rows stay aligned");
        }
    }

    @Test
    void stratifiedSplitKeepsClassShares() {
        long[] y = new long[1000];
        for (int i = 0; i < y.length; i++) {
            y[i] = i < 900 ? 0 : i < 980 ? 1 : 2; // 90% / 8% / 2%
        }
        SplitIndices s = Splits.stratified(Tensor.of(y, y.length), 0.6, 0.2, 5);
        assertArrayEquals(new long[] {540, 48, 12}, counts(s.train(), y));
        assertArrayEquals(new long[] {180, 16, 4}, counts(s.validation(), y));
        assertArrayEquals(new long[] {180, 16, 4}, counts(s.test(), y));
        long[] t = s.train().toLongArray();
        assertFalse(Arrays.equals(t, DataLoaderTest.sorted(t)), "parts are shuffled, not grouped by class");
        assertArrayEquals(t, Splits.stratified(Tensor.of(y, y.length), 0.6, 0.2, 5).train().toLongArray());
    }

    @Test
    void badFractionsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Splits.random(10, 0.9, 0.2, 0));
        assertTrue(e.getMessage().contains("sum to at most 1"));
    }

    private static long[] counts(Tensor idx, long[] y) {
        long[] c = new long[3];
        for (long i : idx.toLongArray()) {
            c[(int) y[(int) i]]++;
        }
        return c;
    }
}
