package dev.nabla.data.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ScalerTest {
    // columns: {1, 2, 3, 4} (mean 2.5, population std sqrt(1.25)), {10, 10, 10, 10} (constant), {-2, 0, 2, 8}
    static final Tensor X = Tensor.of(new double[] {1, 10, -2, 2, 10, 0, 3, 10, 2, 4, 10, 8}, 4, 3);

    @Test
    void standardScalerStatisticsByHand() {
        StandardScaler s = new StandardScaler().fit(X);
        assertArrayEquals(new double[] {2.5, 10, 2}, s.mean(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(1.25), 1, Math.sqrt(14)}, s.scale(), 1e-12);
        double[] z = s.transform(X).toDoubleArray();
        assertEquals((1 - 2.5) / Math.sqrt(1.25), z[0], 1e-12);
        assertEquals(0, z[1], 0, "a constant feature maps to 0");
        assertEquals((8 - 2) / Math.sqrt(14), z[11], 1e-12);
    }

    @Test
    void standardizedTrainingDataHasZeroMeanAndUnitStd() {
        Tensor x = Tensor.normal(new Generator(1), 5, 3, 500, 4).to(DType.FLOAT32);
        Tensor z = new StandardScaler().fitTransform(x);
        assertEquals(DType.FLOAT32, z.dtype());
        StandardScaler check = new StandardScaler().fit(z);
        for (int j = 0; j < 4; j++) {
            assertEquals(0, check.mean()[j], 1e-5);
            assertEquals(1, check.scale()[j], 1e-5);
        }
    }

    @Test
    void inverseTransformRoundTripsAndStateRestores() {
        StandardScaler s = new StandardScaler().fit(X);
        assertTrue(s.inverseTransform(s.transform(X)).allClose(X, 1e-12, 1e-12));
        StandardScaler restored = StandardScaler.fromState(s.state());
        assertArrayEquals(s.transform(X).toDoubleArray(), restored.transform(X).toDoubleArray(), 0);
        MinMaxScaler m = new MinMaxScaler(-1, 1).fit(X);
        assertTrue(m.inverseTransform(m.transform(X)).allClose(X, 1e-12, 1e-12));
        assertArrayEquals(m.transform(X).toDoubleArray(), MinMaxScaler.fromState(m.state()).transform(X).toDoubleArray(), 0);
    }

    @Test
    void minMaxScalerMapsTheTrainingRange() {
        MinMaxScaler m = new MinMaxScaler().fit(X);
        assertArrayEquals(new double[] {1, 10, -2}, m.dataMin(), 0);
        assertArrayEquals(new double[] {4, 10, 8}, m.dataMax(), 0);
        assertArrayEquals(new double[] {0, 0, 0, 1 / 3.0, 0, 0.2, 2 / 3.0, 0, 0.4, 1, 0, 1},
                m.transform(X).toDoubleArray(), 1e-12);
        // values outside the training range map outside [0, 1]
        assertEquals(2, m.transform(Tensor.of(new double[] {7, 10, 18}, 1, 3)).toDoubleArray()[0], 1e-12);
    }

    @Test
    void oneFeatureVectorsWork() {
        Tensor v = Tensor.of(new double[] {2, 4, 6});
        assertArrayEquals(new double[] {0, 0.5, 1}, new MinMaxScaler().fitTransform(v).toDoubleArray(), 1e-12);
        assertArrayEquals(new int[] {3}, new StandardScaler().fitTransform(v).shape());
    }

    @Test
    void misuseIsExplained() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new StandardScaler().transform(X));
        assertTrue(e.getMessage().contains("not fitted"));
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> new StandardScaler().fit(X).transform(Tensor.zeros(2, 2)));
        assertTrue(w.getMessage().contains("fitted on 3 features but got 2"), w.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MinMaxScaler(1, 1));
    }
}
