package dev.nabla.data.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.DType;
import dev.nabla.data.TabularData;
import dev.nabla.data.TrainTestSplit;
import dev.nabla.data.Batch;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Real values of the built-in datasets, read from {@code ../shared/datasets}. */
class BuiltInDatasetsTest {

    @Test
    void californiaHousingRowZeroIsDerivedFromTheFirstLine() {
        // first line of cal_housing.data:
        // -122.23,37.88,41,880,129,322,126,8.3252,452600
        TabularData d = CaliforniaHousing.load(SharedData.store(), DType.FLOAT64);
        assertArrayEquals(new int[] {20640, 8}, d.features().shape());
        assertArrayEquals(new int[] {20640, 1}, d.target().shape());
        assertEquals(CaliforniaHousing.FEATURE_NAMES, d.featureNames());
        double[] row0 = d.features().select(0, 0).toDoubleArray();
        assertArrayEquals(new double[] {8.3252, 41, 880.0 / 126, 129.0 / 126, 322, 322.0 / 126, 37.88, -122.23}, row0, 1e-12);
        assertEquals(4.526, d.target().toDoubleArray()[0], 1e-12);
        assertEquals(DType.FLOAT32, CaliforniaHousing.load(SharedData.store()).features().dtype());
    }

    @Test
    void californiaHousingBenchmarkSplitMatchesTheNumpyReference() {
        StandardizedSplit s = CaliforniaHousing.benchmarkSplit(SharedData.store());
        TrainTestSplit d = s.data();
        assertArrayEquals(new int[] {16512, 8}, d.xTrain().shape());
        assertArrayEquals(new int[] {4128, 8}, d.xTest().shape());
        assertArrayEquals(new int[] {4128, 1}, d.yTest().shape());
        // X[tr].mean(0) and X[tr].std(0) printed by torch_reference.py's recipe (NumPy 2.4)
        assertRelative(new double[] {3.87045226, 28.6577035, 5.41642547, 1.09409639, 1421.89402, 3.07874888,
            35.6250939, -119.565125}, s.scaler().mean());
        assertRelative(new double[] {1.89621218, 12.5899557, 2.28112153, 0.447379937, 1109.21341, 10.9337076,
            2.13290884, 2.00046527}, s.scaler().scale());
        // NumPy's permutation starts with row 20046, whose target is 0.47700
        assertEquals(0.477, d.yTrain().toDoubleArray()[0], 1e-6);
        double[] z = d.xTrain().mean(0).toDoubleArray();
        for (double m : z) {
            assertEquals(0, m, 1e-4, "standardized training features have mean 0");
        }
    }

    @Test
    void ownSeededHousingSplitIsDeterministic() {
        StandardizedSplit a = CaliforniaHousing.split(SharedData.store(), 0.8, 42);
        StandardizedSplit b = CaliforniaHousing.split(SharedData.store(), 0.8, 42);
        assertArrayEquals(a.data().yTest().toFloatArray(), b.data().yTest().toFloatArray());
        assertEquals(16512, a.data().xTrain().size(0));
    }

    @Test
    void mnistTestSet() {
        TabularData d = Mnist.loadTest(SharedData.store());
        assertArrayEquals(new int[] {10000, 784}, d.features().shape());
        assertEquals(DType.INT64, d.target().dtype());
        assertArrayEquals(new long[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, Arrays.copyOf(d.target().toLongArray(), 10));
        // grey-level sums (NumPy): image 0 sums to 18454, image 9999 to 41833, all to 264923200
        assertEquals(18454 / 255.0, d.features().select(0, 0).sum().item(), 1e-3);
        assertEquals(41833 / 255.0, d.features().select(0, 9999).sum().item(), 1e-3);
        assertEquals(264923200 / 255.0, d.features().to(DType.FLOAT64).sum().item(), 1e-2);
        assertEquals(1.0, d.features().max().item(), 0);
        long[] counts = new long[10];
        for (long y : d.target().toLongArray()) {
            counts[(int) y]++;
        }
        assertArrayEquals(new long[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, counts);
        TrainTestSplit w2 = Mnist.benchmarkSplit(SharedData.store());
        assertEquals(8000, w2.xTrain().size(0));
        assertEquals(2000, w2.yTest().size(0));
        assertEquals(7, w2.yTrain().toLongArray()[0]);
        assertEquals(d.target().toLongArray()[8000], w2.yTest().toLongArray()[0]);
        TrainTestSplit images = Mnist.benchmarkImageSplit(SharedData.store());
        assertArrayEquals(new int[] {8000, 1, 28, 28}, images.xTrain().shape());
        assertArrayEquals(new int[] {2000, 1, 28, 28}, images.xTest().shape());
        assertEquals(w2.xTest().select(0, 5).select(0, 28 * 14 + 13).item(), images.xTest().select(0, 5).select(0, 0)
                .select(0, 14).select(0, 13).item(), 0, "row-major pixels: row 14, column 13");
    }

    @Test
    void scikitLearnDigits() {
        TabularData d = Digits.load(SharedData.store());
        assertArrayEquals(new int[] {1797, 64}, d.features().shape());
        assertArrayEquals(new int[] {1797}, d.target().shape());
        assertEquals("pixel_7_7", d.featureNames().get(63));
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, Arrays.copyOf(d.target().toLongArray(), 10));
        long[] counts = new long[10];
        for (long y : d.target().toLongArray()) {
            counts[(int) y]++;
        }
        assertArrayEquals(new long[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, counts);
        assertEquals(294, d.features().select(0, 0).sum().item(), 0);
        assertEquals(16, d.features().max().item(), 0);
    }

    @Test
    void tinyShakespeare() {
        CharText t = TinyShakespeare.load(SharedData.store());
        assertEquals(1_115_394, t.text().length());
        assertEquals(65, t.vocabulary().size());
        assertEquals("\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", t.vocabulary().symbols());
        assertTrue(t.text().startsWith("First Citizen:\n"));
        assertEquals("First Citizen:", t.vocabulary().decode(t.tokens().narrow(0, 0, 14)));
        TextSplit s = t.split(0.9);
        assertEquals(1_003_854, s.train().numel());
        assertEquals(111_540, s.validation().numel());
        Batch b = s.trainSampler(64, 32, new Generator(0)).next();
        assertArrayEquals(new int[] {32, 64}, b.x().shape());
        assertArrayEquals(Arrays.copyOfRange(b.x().toLongArray(), 1, 64), Arrays.copyOfRange(b.y().toLongArray(), 0, 63));
        Tensor again = TinyShakespeare.benchmarkSplit(SharedData.store()).validation();
        assertArrayEquals(s.validation().toLongArray(), again.toLongArray());
    }

    /** Agreement to the 9 significant digits NumPy printed. */
    private static void assertRelative(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], Math.abs(expected[i]) * 1e-8, "element " + i);
        }
    }
}
