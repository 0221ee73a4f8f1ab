package dev.nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.BatchNorm1d;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.ELU;
import dev.nabla.nn.layers.Embedding;
import dev.nabla.nn.layers.Flatten;
import dev.nabla.nn.layers.GELU;
import dev.nabla.nn.layers.Identity;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.nn.layers.LeakyReLU;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.LogSoftmax;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.nn.layers.SiLU;
import dev.nabla.nn.layers.Sigmoid;
import dev.nabla.nn.layers.Softmax;
import dev.nabla.nn.layers.Softplus;
import dev.nabla.nn.layers.Tanh;
import dev.nabla.nn.attention.GPT;
import dev.nabla.nn.attention.LearnedPositionalEncoding;
import dev.nabla.nn.attention.MultiheadAttention;
import dev.nabla.nn.attention.TransformerEncoderLayer;
import dev.nabla.nn.attention.TransformerStack;
import dev.nabla.nn.rnn.GRU;
import dev.nabla.nn.rnn.LSTM;
import dev.nabla.nn.rnn.Nonlinearity;
import dev.nabla.nn.rnn.RNN;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every exportable layer, exported and run by ONNX Runtime on random inputs of another batch
 * size (and sequence length) than the export sample: outputs equal Nabla's within
 * {@code 1e-5 * (1 + |nabla|)}; then imported back by {@link Onnx#load}, equal again.
 */
class OnnxExportTest {
    static final double TOL = 1e-5;

    @TempDir
    Path dir;

    /** A model and a random input of batch {@code b} (and sequence length {@code t}). */
    record Case(String name, Module model, java.util.function.BiFunction<Integer, Integer, Tensor> input) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        Generator g = new Generator(7);
        Function<Integer, java.util.function.BiFunction<Integer, Integer, Tensor>> features =
                f -> (b, t) -> Tensor.randn(g, b, f).mul(2);
        java.util.function.BiFunction<Integer, Integer, Tensor> seq = (b, t) -> Tensor.randn(g, b, t, 4);
        java.util.function.BiFunction<Integer, Integer, Tensor> seq8 = (b, t) -> Tensor.randn(g, b, t, 8);
        return Stream.of(
                new Case("mlp", new Sequential(new Linear(6, 16), new ReLU(), new Linear(16, 8), new Tanh(),
                        new Dropout(0.3), new Linear(8, 3), new Softmax(-1)), features.apply(6)),
                new Case("activations", new Sequential(new Linear(5, 12), new Sigmoid(), new Linear(12, 12), new GELU(),
                        new Linear(12, 12), new GELU(true), new SiLU(), new ELU(0.7), new LeakyReLU(0.2),
                        new Softplus(2, 3), new Linear(12, 4, false), new LogSoftmax(1)), features.apply(5)),
                new Case("norms", norms(), features.apply(8)),
                new Case("linear-3d", new Sequential(new Linear(4, 6), new LayerNorm(6), new GELU(), new Linear(6, 2)), seq),
                new Case("embedding", new Sequential(new Embedding(10, 4), new Linear(4, 3)),
                        (b, t) -> Tensor.randint(g, 0, 10, b, t)),
                new Case("lstm-2layer-bidirectional-batch-first",
                        new Sequential(new LSTM(4, 5, 2, true, true, 0.2, true), new Linear(10, 2)), seq),
                new Case("gru-time-major", new Sequential(new GRU(4, 5, 1, true, false, 0, false)), seq),
                new Case("rnn-relu-bidirectional", new Sequential(new RNN(4, 3, 2, Nonlinearity.RELU, true, true, 0, true,
                        new Generator(3))), seq),
                new Case("lstm-no-bias", new Sequential(new LSTM(4, 3, 1, false, true, 0, false)), seq),
                new Case("multihead-attention", new Sequential(new MultiheadAttention(MultiheadAttention.Config.of(8, 2).withDropout(0.1).withBatchFirst(true), g)), seq8),
                new Case("multihead-attention-time-major-no-bias",
                        new Sequential(new MultiheadAttention(MultiheadAttention.Config.of(8, 4).withBias(false).withBatchFirst(false), g)), seq8),
                new Case("transformer-post-norm-relu", new Sequential(new TransformerEncoderLayer(8, 2, 16, 0.1)), seq8),
                new Case("transformer-pre-norm-gelu-causal",
                        new Sequential(new TransformerEncoderLayer(8, 2, 16, 0.1, true, true, true, g)), seq8),
                new Case("transformer-encoder-stack", new Sequential(TransformerStack.encoder(2,
                        i -> new TransformerEncoderLayer(8, 2, 16, 0), 8), new Linear(8, 3)), seq8),
                new Case("learned-positions", new Sequential(new LearnedPositionalEncoding(8, 10)), seq8),
                new Case("gpt", new GPT(11, 16, 8, 2, 2, 0.1, g), (b, t) -> Tensor.randint(g, 0, 11, b, t)))
                .map(Arguments::of);
    }

    /** LayerNorm, BatchNorm1d with running statistics from a few training batches, Identity, Flatten. */
    private static Module norms() {
        Sequential m = new Sequential(new Linear(8, 8), new BatchNorm1d(8), new ReLU(), new LayerNorm(8),
                new Identity(), new Flatten(), new Linear(8, 2));
        m.train();
        Generator g = new Generator(11);
        for (int i = 0; i < 3; i++) {
            m.forward(Tensor.randn(g, 16, 8).add(1.5));
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onnxRuntimeAgreesWithNabla(Case c) throws Exception {
        Path file = dir.resolve(c.name() + ".onnx");
        Onnx.export(c.model(), c.input().apply(2, 3), file);
        Tensor x = c.input().apply(5, 7);
        Tensor expected = nabla(c.model(), x);
        Tensor actual = (Tensor) OrtRunner.run(file, Map.of("input", x)).get("output");
        assertClose(expected, actual, c.name() + " in ONNX Runtime");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exportThenImportKeepsOutputs(Case c) throws Exception {
        Path file = dir.resolve(c.name() + ".onnx");
        Onnx.export(c.model(), c.input().apply(2, 3), file);
        OnnxModule loaded = Onnx.load(file);
        Tensor x = c.input().apply(4, 6);
        assertClose(nabla(c.model(), x), nabla(loaded, x), c.name() + " imported");
    }

    @Test
    void inputAndOutputNamesAreTheUsers() throws Exception {
        Path file = dir.resolve("named.onnx");
        Module m = new Sequential(new Linear(3, 2));
        Onnx.export(m, Tensor.zeros(1, 3), file, "pixels", "logits");
        OnnxModule loaded = Onnx.load(file);
        assertEquals(List.of("pixels"), loaded.inputNames());
        assertEquals(List.of("logits"), loaded.outputNames());
        Tensor x = Tensor.randn(new Generator(1), 9, 3);
        assertClose(nabla(m, x), (Tensor) OrtRunner.run(file, Map.of("pixels", x)).get("logits"), "named");
    }

    @Test
    void exportLeavesTrainingModeAsItWas() throws Exception {
        Module m = new Sequential(new Linear(3, 2), new Dropout(0.5));
        m.train();
        Onnx.export(m, Tensor.zeros(1, 3), dir.resolve("m.onnx"));
        assertTrue(m.isTraining());
    }

    static final class Custom extends Module {
        @Override
        public Tensor forward(Tensor input) {
            return input;
        }
    }

    @Test
    void layersWithoutAnOnnxFormAreRefusedByName() {
        Module m = new Sequential(new Linear(3, 3), new Custom(), new Sequential(new ReLU(), new Custom()));
        var e = assertThrows(IllegalArgumentException.class, () -> Onnx.export(m, Tensor.zeros(1, 3), dir.resolve("x.onnx")));
        assertEquals("ONNX export: no ONNX form for Custom (1), Custom (2.1)", e.getMessage());
        assertTrue(!dir.resolve("x.onnx").toFile().exists());
    }

    @Test
    void flattenOfInnerDimsIsRefusedWithItsConfig() {
        Module m = new Sequential(new Flatten(2, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> Onnx.export(m, Tensor.zeros(1, 2, 3, 4), dir.resolve("f.onnx")));
        assertTrue(e.getMessage().contains("Flatten(start_dim=2, end_dim=3)"), e.getMessage());
    }

    static Tensor nabla(Module m, Tensor x) {
        m.eval();
        try (var ng = Tensor.noGrad()) {
            return m.forward(x);
        }
    }

    static void assertClose(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            worst = Math.max(worst, Math.abs(e[i] - a[i]) / (1 + Math.abs(e[i])));
        }
        System.out.printf("%s: largest difference %.2e (relative to 1 + |nabla|)%n", what, worst);
        assertTrue(worst <= TOL, what + ": largest difference " + worst + " > " + TOL);
    }
}
