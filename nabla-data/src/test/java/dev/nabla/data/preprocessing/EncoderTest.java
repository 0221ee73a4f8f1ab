package dev.nabla.data.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EncoderTest {

    @Test
    void labelEncoderSortsAndRoundTrips() {
        LabelEncoder e = new LabelEncoder();
        assertArrayEquals(new long[] {2, 0, 1, 0}, e.fitTransform(List.of("dog", "ant", "cat", "ant")).toLongArray());
        assertEquals(List.of("ant", "cat", "dog"), e.classes());
        assertEquals(List.of("dog", "ant"), e.inverseTransform(dev.nabla.tensor.Tensor.of(new long[] {2, 0})));
        assertEquals(e.classes(), LabelEncoder.of(e.classes()).classes());
    }

    @Test
    void numbersSortNumerically() {
        assertEquals(List.of("2", "9", "10"), new LabelEncoder().fit(List.of("10", "9", "2")).classes());
        assertEquals(List.of("10", "9", "x"), new LabelEncoder().fit(List.of("10", "9", "x")).classes());
    }

    @Test
    void oneHotEncoderIndicatorsAndNames() {
        OneHotEncoder e = new OneHotEncoder().fit(List.of("b", "a", "b"));
        assertArrayEquals(new float[] {0, 1, 1, 0}, e.transform(List.of("b", "a")).toFloatArray());
        assertEquals(List.of("c=a", "c=b"), e.featureNames("c"));
        assertEquals(List.of("b", "a"), e.inverseTransform(e.transform(List.of("b", "a"))));
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.transform(List.of("z")));
        assertTrue(x.getMessage().contains("unknown category 'z'; known: [a, b]"), x.getMessage());
        assertThrows(IllegalStateException.class, () -> new OneHotEncoder().categories());
    }
}
