package dev.nabla.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What each layer computes, against formulas written out here. */
class LayersTest {
    private static final double[] POINTS = {-30, -3, -1, -0.5, 0.25, 0.5, 1, 2, 30};

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static double erf(double x) { // Abramowitz-Stegun 7.1.26 is too coarse; integrate instead
        double sum = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) {
            double t = x * (i + 0.5) / n;
            sum += Math.exp(-t * t);
        }
        return 2 / Math.sqrt(Math.PI) * sum * x / n;
    }

    static Stream<Arguments> activations() {
        return Stream.of(
                Arguments.of(new ReLU(), (DoubleUnaryOperator) x -> Math.max(x, 0)),
                Arguments.of(new Sigmoid(), (DoubleUnaryOperator) LayersTest::sigmoid),
                Arguments.of(new Tanh(), (DoubleUnaryOperator) Math::tanh),
                Arguments.of(new LeakyReLU(), (DoubleUnaryOperator) x -> x > 0 ? x : 0.01 * x),
                Arguments.of(new LeakyReLU(0.2), (DoubleUnaryOperator) x -> x > 0 ? x : 0.2 * x),
                Arguments.of(new ELU(), (DoubleUnaryOperator) x -> x > 0 ? x : Math.exp(x) - 1),
                Arguments.of(new ELU(0.5), (DoubleUnaryOperator) x -> x > 0 ? x : 0.5 * (Math.exp(x) - 1)),
                Arguments.of(new GELU(), (DoubleUnaryOperator) x -> 0.5 * x * (1 + erf(x / Math.sqrt(2)))),
                Arguments.of(new GELU(true), (DoubleUnaryOperator)
                        x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)))),
                Arguments.of(new SiLU(), (DoubleUnaryOperator) x -> x * sigmoid(x)),
                Arguments.of(new Softplus(), (DoubleUnaryOperator) x -> x > 20 ? x : Math.log1p(Math.exp(x))),
                Arguments.of(new Softplus(2, 5), (DoubleUnaryOperator) x -> 2 * x > 5 ? x : Math.log1p(Math.exp(2 * x)) / 2),
                Arguments.of(new Identity(), (DoubleUnaryOperator) x -> x));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void activationMatchesFormula(Module layer, DoubleUnaryOperator f) {
        double[] y = layer.forward(Tensor.of(POINTS)).toDoubleArray();
        for (int i = 0; i < POINTS.length; i++) {
            double expected = f.applyAsDouble(POINTS[i]);
            assertEquals(expected, y[i], 1e-6 + 1e-6 * Math.abs(expected), layer + " at " + POINTS[i]);
        }
    }

    @Test
    void softmaxAndLogSoftmaxAreStableAndNormalized() {
        Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {1000, 1000, -1000}});
        double[] p = new Softmax().forward(x).toDoubleArray();
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertArrayEquals(new double[] {Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z, 0.5, 0.5, 0}, p, 1e-6);
        double[] lp = new LogSoftmax(1).forward(x).toDoubleArray();
        assertArrayEquals(new double[] {1 - Math.log(z), 2 - Math.log(z), 3 - Math.log(z), -Math.log(2), -Math.log(2),
            -2000 - Math.log(2)}, lp, 1e-4);
        double[] cols = new Softmax(0).forward(x).sum(0).toDoubleArray();
        assertArrayEquals(new double[] {1, 1, 1}, cols, 1e-6);
    }

    @Test
    void linearComputesXWtPlusBWithPyTorchLayout() {
        Linear l = new Linear(3, 2);
        assertArrayEquals(new int[] {2, 3}, l.weight.shape(), "weight is [out, in]");
        try (var g = Tensor.noGrad()) {
            l.weight.assign(Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}}));
            l.bias.assign(Tensor.of(new double[] {0.5, -1}));
        }
        Tensor y = l.forward(Tensor.of(new float[][] {{1, 0, -1}, {2, 1, 0}}));
        assertArrayEquals(new double[] {1 - 3 + 0.5, 4 - 6 - 1, 2 + 2 + 0.5, 8 + 5 - 1}, y.toDoubleArray(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(2, 4)));
        assertEquals(null, new Linear(3, 2, false).bias);
    }

    @Test
    void linearDefaultInitIsUniformOverOneOverSqrtFanIn() {
        Linear l = new Linear(400, 300, true, new Generator(3));
        double bound = 1 / Math.sqrt(400);
        for (Tensor t : new Tensor[] {l.weight, l.bias}) {
            assertTrue(t.abs().max().item() <= bound);
            assertTrue(t.abs().max().item() > 0.95 * bound);
        }
        assertEquals(bound / Math.sqrt(3), l.weight.std().item(), 0.01 * bound);
    }

    @Test
    void dropoutIsInvertedSeededAndOnlyActiveInTraining() {
        Tensor x = Tensor.ones(100, 100);
        Dropout d = new Dropout(0.3, new Generator(11));
        Tensor y = d.forward(x);
        double[] v = y.toDoubleArray();
        int zeros = 0;
        for (double e : v) {
            assertTrue(e == 0 || Math.abs(e - 1 / 0.7) < 1e-6, "kept values are scaled by 1/(1-p)");
            zeros += e == 0 ? 1 : 0;
        }
        assertEquals(0.3, zeros / 10000.0, 0.015);
        assertEquals(1.0, y.mean().item(), 0.03, "expectation preserved");
        assertTrue(y.allClose(new Dropout(0.3, new Generator(11)).forward(x), 0, 0), "same seed, same mask");
        assertFalse(y.allClose(d.forward(x), 0, 0), "a new mask each call");
        d.eval();
        assertTrue(d.forward(x).allClose(x, 0, 0));
        assertTrue(new Dropout(0).forward(x).allClose(x, 0, 0));
        assertEquals(0.0, new Dropout(1).forward(x).abs().sum().item());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
    }

    @Test
    void dropoutGradientIsTheScaledMask() {
        Tensor x = Tensor.randn(new Generator(1), 20, 20).requiresGrad(true);
        Tensor y = new Dropout(0.5, new Generator(2)).forward(x);
        y.sum().backward();
        Tensor mask = y.detach().ne(0).to(x.dtype());
        assertTrue(x.grad().allClose(mask.mul(2), 0, 1e-6));
    }

    @Test
    void embeddingLooksUpRowsAndFreezesThePaddingRow() {
        Embedding e = new Embedding(5, 3, 1, new Generator(4));
        assertEquals(0.0, e.weight.select(0, 1).abs().sum().item(), "padding row starts at zero");
        Tensor idx = Tensor.of(new long[] {2, 1, 2, 4}, 2, 2);
        Tensor out = e.forward(idx);
        assertArrayEquals(new int[] {2, 2, 3}, out.shape());
        assertTrue(out.select(0, 0).select(0, 0).allClose(e.weight.select(0, 2), 0, 0));
        out.sum().backward();
        double[] rowGrad = e.weight.grad().sum(1).toDoubleArray();
        assertArrayEquals(new double[] {0, 0, 6, 0, 3}, rowGrad, 1e-9, "row 2 used twice, padding row 1 gets none");
        assertThrows(IllegalArgumentException.class, () -> e.forward(Tensor.zeros(2)));
        IndexOutOfBoundsException oob = assertThrows(IndexOutOfBoundsException.class,
                () -> e.forward(Tensor.of(new long[] {5})));
        assertEquals("Embedding: index 5 is out of bounds for size 5 (num_embeddings=5; indices must be in [0, 5))",
                oob.getMessage());
        assertEquals(0.0, new Embedding(5, 3, -1).forward(Tensor.of(new long[] {4})).abs().sum().item(),
                "a negative padding index counts from the end");
    }

    @Test
    void layerNormNormalizesTheLastDims() {
        Tensor x = Tensor.of(new double[][] {{1, 2, 3, 4}, {2, 2, 2, 6}});
        double[] y = new LayerNorm(4).forward(x).toDoubleArray();
        double s1 = Math.sqrt(1.25 + 1e-5);
        double s2 = Math.sqrt(3 + 1e-5);
        assertArrayEquals(new double[] {-1.5 / s1, -0.5 / s1, 0.5 / s1, 1.5 / s1, -1 / s2, -1 / s2, -1 / s2, 3 / s2}, y, 1e-5);
        LayerNorm affine = new LayerNorm(4);
        try (var g = Tensor.noGrad()) {
            affine.weight.fill(2);
            affine.bias.fill(1);
        }
        assertEquals(2 * (-1.5 / s1) + 1, affine.forward(x).toDoubleArray()[0], 1e-5);
        assertThrows(IllegalArgumentException.class, () -> affine.forward(Tensor.zeros(2, 3)));
    }

    /** The fused op gives the output and gradients of the composed formula it replaced (float32, default backend). */
    @ParameterizedTest
    @MethodSource("layerNormShapes")
    void layerNormMatchesTheComposedFormula(int[] normalizedShape, int[] inputShape) {
        Generator gen = new Generator(7);
        LayerNorm ln = new LayerNorm(normalizedShape, 1e-5, true);
        try (var g = Tensor.noGrad()) {
            ln.weight.assign(Tensor.randn(gen, normalizedShape));
            ln.bias.assign(Tensor.randn(gen, normalizedShape));
        }
        Tensor x = Tensor.randn(gen, inputShape).mul(3).add(1).requiresGrad(true);
        Tensor x2 = x.detach().requiresGrad(true);
        Tensor w2 = ln.weight.detach().clone().requiresGrad(true);
        Tensor b2 = ln.bias.detach().clone().requiresGrad(true);
        int[] dims = new int[normalizedShape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = inputShape.length - dims.length + i;
        }
        Tensor mean = x2.mean(dims, true);
        Tensor centered = x2.sub(mean);
        Tensor var = centered.mul(centered).mean(dims, true);
        Tensor composed = centered.mul(var.add(1e-5).rsqrt()).mul(w2).add(b2);
        Tensor y = ln.forward(x);
        assertTrue(y.allClose(composed, 1e-5, 1e-5), "output");
        Tensor upstream = Tensor.randn(gen, inputShape);
        y.mul(upstream).sum().backward();
        composed.mul(upstream).sum().backward();
        assertTrue(x.grad().allClose(x2.grad(), 1e-4, 1e-4), "input gradient");
        assertTrue(ln.weight.grad().allClose(w2.grad(), 1e-4, 1e-4), "weight gradient");
        assertTrue(ln.bias.grad().allClose(b2.grad(), 1e-4, 1e-4), "bias gradient");
    }

    static Stream<Arguments> layerNormShapes() {
        return Stream.of(Arguments.of(new int[] {128}, new int[] {6, 5, 128}), Arguments.of(new int[] {33}, new int[] {7, 33}),
                Arguments.of(new int[] {3, 7}, new int[] {4, 3, 7}));
    }

    @Test
    void layerNormOfConstantRowsIsTheBias() {
        LayerNorm ln = new LayerNorm(5);
        try (var g = Tensor.noGrad()) {
            ln.bias.fill(0.5);
        }
        assertTrue(ln.forward(Tensor.zeros(3, 5).add(2)).allClose(Tensor.zeros(3, 5).add(0.5), 0, 1e-6));
    }

    @Test
    void batchNormUsesBatchStatisticsInTrainingAndRunningOnesInEval() {
        BatchNorm1d bn = new BatchNorm1d(2);
        Tensor x = Tensor.of(new double[][] {{1, 10}, {3, 20}, {5, 60}});
        double[] y = bn.forward(x).toDoubleArray();
        double s0 = Math.sqrt(8.0 / 3 + 1e-5);
        assertEquals(-2 / s0, y[0], 1e-5);
        assertEquals(2 / s0, y[4], 1e-5);
        // running = 0.9 * initial + 0.1 * batch (unbiased variance)
        assertArrayEquals(new double[] {0.3, 3}, bn.runningMean().toDoubleArray(), 1e-5);
        assertArrayEquals(new double[] {0.9 + 0.1 * 4, 0.9 + 0.1 * 700}, bn.runningVar().toDoubleArray(), 1e-4);
        assertEquals(1.0, bn.stateDict().get("num_batches_tracked").item());
        bn.eval();
        double[] e = bn.forward(Tensor.of(new double[][] {{1, 10}})).toDoubleArray();
        assertEquals((1 - 0.3) / Math.sqrt(1.3 + 1e-5), e[0], 1e-5);
        assertEquals((10 - 3) / Math.sqrt(70.9 + 1e-5), e[1], 1e-4);
        bn.train();
        assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(1, 2)), "one value per channel");
        assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(4, 3)));
    }

    @Test
    void batchNormWithoutRunningStatsUsesBatchStatsInEval() {
        BatchNorm1d bn = new BatchNorm1d(2, 1e-5, 0.1, false, false);
        bn.eval();
        Tensor y = bn.forward(Tensor.of(new double[][] {{1, 10}, {3, 20}}));
        assertArrayEquals(new double[] {-1, -1, 1, 1}, y.toDoubleArray(), 1e-4);
        assertTrue(bn.stateDict().isEmpty());
    }

    @Test
    void batchNormWithoutMomentumKeepsTheCumulativeAverage() {
        BatchNorm1d bn = new BatchNorm1d(1, 1e-5, null, true, true);
        bn.forward(Tensor.of(new double[][] {{1}, {3}}));     // mean 2, unbiased var 2
        bn.forward(Tensor.of(new double[][] {{10}, {20}}));   // mean 15, unbiased var 50
        bn.forward(Tensor.of(new double[][] {{0}, {0}}));     // mean 0, var 0
        // torch.nn.BatchNorm1d(1, momentum=None): the running statistics are the plain averages
        assertArrayEquals(new double[] {17.0 / 3}, bn.runningMean().toDoubleArray(), 1e-5);
        assertArrayEquals(new double[] {52.0 / 3}, bn.runningVar().toDoubleArray(), 1e-4);
        assertEquals("BatchNorm1d(num_features=1, eps=1e-05, momentum=None, affine=True, track_running_stats=True)",
                bn.toString());
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(1, 1e-5, 1.5, true, true));
    }
}
