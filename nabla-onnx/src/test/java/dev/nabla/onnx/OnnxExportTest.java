package dev.nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.Init;
import dev.nabla.nn.layers.AdaptiveAvgPool1d;
import dev.nabla.nn.layers.AdaptiveAvgPool2d;
import dev.nabla.nn.layers.AdaptiveMaxPool1d;
import dev.nabla.nn.layers.AdaptiveMaxPool2d;
import dev.nabla.nn.layers.AvgPool1d;
import dev.nabla.nn.layers.AvgPool2d;
import dev.nabla.nn.layers.BatchNorm1d;
import dev.nabla.nn.layers.BatchNorm2d;
import dev.nabla.nn.layers.CELU;
import dev.nabla.nn.layers.ChannelShuffle;
import dev.nabla.nn.layers.ConstantPad2d;
import dev.nabla.nn.layers.Conv1d;
import dev.nabla.nn.layers.Conv2d;
import dev.nabla.nn.layers.ConvTranspose1d;
import dev.nabla.nn.layers.ConvTranspose2d;
import dev.nabla.nn.layers.Dropout1d;
import dev.nabla.nn.layers.Dropout2d;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.ELU;
import dev.nabla.nn.layers.Embedding;
import dev.nabla.nn.layers.Flatten;
import dev.nabla.nn.layers.GELU;
import dev.nabla.nn.layers.GLU;
import dev.nabla.nn.layers.GroupNorm;
import dev.nabla.nn.layers.Hardshrink;
import dev.nabla.nn.layers.Hardsigmoid;
import dev.nabla.nn.layers.Hardswish;
import dev.nabla.nn.layers.Hardtanh;
import dev.nabla.nn.layers.Identity;
import dev.nabla.nn.layers.InstanceNorm1d;
import dev.nabla.nn.layers.InstanceNorm2d;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.nn.layers.LeakyReLU;
import dev.nabla.nn.layers.RReLU;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.LocalResponseNorm;
import dev.nabla.nn.layers.LogSigmoid;
import dev.nabla.nn.layers.LogSoftmax;
import dev.nabla.nn.layers.MaxPool1d;
import dev.nabla.nn.layers.MaxPool2d;
import dev.nabla.nn.layers.Mish;
import dev.nabla.nn.layers.PReLU;
import dev.nabla.nn.layers.PixelShuffle;
import dev.nabla.nn.layers.PixelUnshuffle;
import dev.nabla.nn.layers.RMSNorm;
import dev.nabla.nn.layers.ReLU6;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.nn.layers.ReflectionPad2d;
import dev.nabla.nn.layers.ReplicationPad2d;
import dev.nabla.nn.layers.SELU;
import dev.nabla.nn.layers.SiLU;
import dev.nabla.nn.layers.Sigmoid;
import dev.nabla.nn.layers.Softmax2d;
import dev.nabla.nn.layers.Softmax;
import dev.nabla.nn.layers.Softmin;
import dev.nabla.nn.layers.Softplus;
import dev.nabla.nn.layers.Softshrink;
import dev.nabla.nn.layers.Softsign;
import dev.nabla.nn.layers.Tanh;
import dev.nabla.nn.layers.Tanhshrink;
import dev.nabla.nn.layers.Threshold;
import dev.nabla.nn.layers.Unflatten;
import dev.nabla.nn.layers.Upsample;
import dev.nabla.nn.layers.ZeroPad2d;
import dev.nabla.nn.attention.GPT;
import dev.nabla.nn.attention.LearnedPositionalEncoding;
import dev.nabla.nn.attention.MultiheadAttention;
import dev.nabla.nn.attention.SinusoidalPositionalEncoding;
import dev.nabla.nn.attention.TransformerDecoderLayer;
import dev.nabla.nn.attention.TransformerEncoderLayer;
import dev.nabla.nn.attention.TransformerStack;
import dev.nabla.nn.rnn.GRU;
import dev.nabla.nn.rnn.LSTM;
import dev.nabla.nn.rnn.Nonlinearity;
import dev.nabla.nn.rnn.RNN;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.nio.file.Files;
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
                        new Linear(12, 12), new GELU(true), new SiLU(), new ELU(0.7), new LeakyReLU(0.2), new RReLU(new RReLU.Config(0.1, 0.3)),
                        new Softplus(2, 3), new Linear(12, 4, false), new LogSoftmax(1)), features.apply(5)),
                new Case("more-activations", new Sequential(new Linear(5, 12), new ReLU6(), new Linear(12, 12),
                        new Hardtanh(-0.5, 0.8), new Linear(12, 12), new Hardswish(), new Linear(12, 12), new Hardsigmoid(),
                        new Linear(12, 12), new Mish(), new LogSigmoid(), new Linear(12, 12), new Softsign(), new SELU(),
                        new CELU(0.6), new PReLU(), new Linear(12, 3)), features.apply(5)),
                new Case("shrink-activations", new Sequential(new Linear(5, 12), new Softshrink(0.3), new Linear(12, 12),
                        new Hardshrink(0.2), new Tanhshrink(), new Threshold(0.1, -0.5), new GLU(), new Linear(6, 4),
                        new Softmin(1)), features.apply(5)),
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
                new Case("sinusoidal-positions-encoder", new Sequential(new Linear(4, 8), new SinusoidalPositionalEncoding(8, 12),
                        new TransformerEncoderLayer(8, 2, 16, 0)), seq),
                new Case("gpt", new GPT(11, 16, 8, 2, 2, 0.1, g), (b, t) -> Tensor.randint(g, 0, 11, b, t)))
                .map(Arguments::of);
    }

    // ---- image layers (convolution, pooling, image norms, resizing) ----

    /** Random images {@code [b, c, h, w]} (or {@code [b, c, h]} when {@code w} is 0). */
    private static java.util.function.BiFunction<Integer, Integer, Tensor> images(Generator g, int c, int h, int w) {
        return (b, t) -> w == 0 ? Tensor.randn(g, b, c, h) : Tensor.randn(g, b, c, h, w);
    }

    static Stream<Arguments> imageCases() {
        Generator g = new Generator(17);
        int[] one = {1, 1};
        return Stream.of(
                new Case("lenet-cnn", new Sequential(new Conv2d(1, 8, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                        new Conv2d(8, 16, 3, 1, 1), new ReLU(), new MaxPool2d(2), new Flatten(),
                        new Linear(16 * 7 * 7, 32), new ReLU(), new Linear(32, 10)), images(g, 1, 28, 28)),
                new Case("conv2d-strided-dilated-grouped-no-bias", new Sequential(new Conv2d(4, 6, new int[] {3, 2},
                        new int[] {2, 1}, new int[] {1, 2}, new int[] {1, 2}, 2, false, "zeros", g)), images(g, 4, 9, 8)),
                new Case("depthwise-conv", new Sequential(new Conv2d(4, 8, new int[] {3, 3}, one, one, one, 4, true,
                        "zeros", g)), images(g, 4, 7, 6)),
                new Case("conv2d-same-even-kernel", new Sequential(new Conv2d(3, 4, new int[] {4, 3}, one, "same",
                        new int[] {1, 2}, 1, true, "zeros", g)), images(g, 3, 8, 7)),
                new Case("conv2d-reflect-same", new Sequential(new Conv2d(3, 4, new int[] {2, 3}, one, "same", one, 1, true,
                        "reflect", g)), images(g, 3, 6, 7)),
                new Case("conv2d-replicate", new Sequential(new Conv2d(3, 2, new int[] {3, 3}, new int[] {2, 2},
                        new int[] {2, 1}, one, 1, true, "replicate", g)), images(g, 3, 7, 6)),
                new Case("conv2d-circular", new Sequential(new Conv2d(2, 2, new int[] {3, 3}, one, one, one, 1, true,
                        "circular", g)), images(g, 2, 5, 6)),
                new Case("conv1d", new Sequential(new Conv1d(3, 4, 3, 2, 1, 2, 1, true), new ReLU(),
                        new Conv1d(4, 4, 2, 1, "same", 1, 2, false, "reflect", g)), images(g, 3, 11, 0)),
                new Case("conv-transpose-output-padding-groups", new Sequential(new ConvTranspose2d(4, 6, new int[] {3, 2},
                        new int[] {2, 3}, new int[] {1, 0}, new int[] {1, 2}, 2, true, one, g)), images(g, 4, 5, 4)),
                new Case("conv-transpose-dilated-no-bias", new Sequential(new ConvTranspose2d(2, 3, new int[] {3, 3},
                        one, one, new int[] {0, 0}, 1, false, new int[] {2, 1}, g)), images(g, 2, 4, 5)),
                // an output padding of at least the stride (up to the dilation, PyTorch allows it), which
                // ONNX Runtime's output_padding computes otherwise: exported as a smaller end pad
                new Case("conv-transpose-output-padding-at-stride", new Sequential(new ConvTranspose2d(2, 3, new int[] {3, 4},
                        new int[] {1, 2}, new int[] {2, 3}, new int[] {1, 0}, 1, true, new int[] {2, 1}, g)), images(g, 2, 6, 6)),
                new Case("maxpool-ceil-dilated-padded", new Sequential(new MaxPool2d(new int[] {3, 2}, new int[] {2, 2},
                        new int[] {1, 1}, new int[] {2, 1}, true)), images(g, 2, 9, 8)),
                new Case("avgpool-ceil-exclude-pad", new Sequential(new AvgPool2d(new int[] {3, 3}, new int[] {2, 2},
                        one, true, false, null)), images(g, 2, 8, 7)),
                new Case("avgpool-ceil-include-pad-last-window-in-padding", new Sequential(new AvgPool2d(new int[] {2, 3},
                        new int[] {3, 2}, one, true, true, null)), images(g, 2, 4, 6)),
                new Case("maxpool-ceil-last-window-in-padding", new Sequential(new MaxPool2d(new int[] {2, 2},
                        new int[] {3, 3}, one, one, true)), images(g, 2, 4, 7)),
                new Case("avgpool-include-pad", new Sequential(new AvgPool2d(new int[] {3, 2}, new int[] {2, 1},
                        one, false, true, null)), images(g, 2, 7, 6)),
                // windows reaching past the padding's edge, and ceil-mode windows in the padding: counted as PyTorch does
                new Case("avgpool-include-pad-wide-kernel", new Sequential(new AvgPool2d(new int[] {6, 6}, new int[] {1, 6},
                        new int[] {3, 0}, false, true, null)), images(g, 2, 5, 13)),
                new Case("avgpool-ceil-include-pad", new Sequential(new AvgPool2d(new int[] {2, 1}, new int[] {1, 1},
                        new int[] {1, 0}, true, true, null)), images(g, 2, 5, 4)),
                new Case("avgpool-ceil-include-pad-dropped-window", new Sequential(new AvgPool2d(new int[] {2, 3},
                        new int[] {2, 3}, one, true, true, null)), images(g, 1, 6, 7)),
                new Case("avgpool-divisor-override", new Sequential(new AvgPool2d(new int[] {2, 3}, new int[] {2, 2},
                        one, false, false, 4)), images(g, 2, 7, 8)),
                new Case("adaptive-avgpool-global", new Sequential(new Conv2d(3, 5, 3), new AdaptiveAvgPool2d(1),
                        new Flatten(), new Linear(5, 2)), images(g, 3, 7, 9)),
                new Case("adaptive-avgpool-even", new Sequential(new AdaptiveAvgPool2d(2, 3)), images(g, 2, 8, 9)),
                new Case("adaptive-avgpool-none", new Sequential(new AdaptiveAvgPool2d(null, 3)), images(g, 2, 8, 9)),
                new Case("image-norms", imageNorms(g), images(g, 3, 5, 6)),
                new Case("instance-norms", instanceNorms(g), images(g, 3, 5, 6)),
                new Case("pools-1d", new Sequential(new Conv1d(3, 4, 3), new InstanceNorm1d(4),
                        new MaxPool1d(new MaxPool1d.Config(3, 2, 1, 2, true)), new AvgPool1d(new AvgPool1d.Config(3, 1, 1, true,
                        true)), new AdaptiveMaxPool1d(3), new AdaptiveAvgPool1d(1)), images(g, 3, 15, 0)),
                new Case("conv-transpose-1d", new Sequential(new ConvTranspose1d(4, 6, 3, 2, 1, 1, 2, true, 2, g)),
                        images(g, 4, 7, 0)),
                new Case("channel-layers", new Sequential(new Conv2d(3, 6, 1), new LocalResponseNorm(new LocalResponseNorm.Config(
                        3, 0.3, 0.75, 2)), new ChannelShuffle(2), new Softmax2d()), images(g, 3, 4, 5)),
                new Case("dropout1d", new Sequential(new Conv1d(2, 4, 3), new Dropout1d(0.4)), images(g, 2, 6, 0)),
                new Case("adaptive-maxpool-even-and-global", new Sequential(new AdaptiveMaxPool2d(4, 3), new Conv2d(2, 3, 1),
                        new AdaptiveMaxPool2d(1)), images(g, 2, 8, 9)),
                new Case("conv1d-group-norm", new Sequential(new Conv1d(3, 6, 3), new GroupNorm(3, 6, 1e-5, false),
                        new Upsample(null, new double[] {3}, "nearest", null)), images(g, 3, 8, 0)),
                new Case("unflatten-dropout2d-conv-transpose", new Sequential(new Linear(6, 32), new Unflatten(1, 2, 4, 4),
                        new Dropout2d(0.4), new ConvTranspose2d(2, 1, 2, 2, 0, 0, 1, true, 1)), features(g, 6)),
                new Case("pixel-unshuffle", new Sequential(new PixelUnshuffle(2), new Conv2d(8, 3, 1)), images(g, 2, 6, 4)),
                new Case("pixel-shuffle-and-pads", new Sequential(new Conv2d(2, 8, 3), new PixelShuffle(2),
                        new ReflectionPad2d(1, 2, 0, 1), new ReplicationPad2d(1), new ConstantPad2d(new int[] {1, 0, 0, 1}, 0.5),
                        new ZeroPad2d(1)), images(g, 2, 5, 5)),
                new Case("conv-prelu-per-channel", new Sequential(new Conv2d(2, 3, 3), new PReLU(3, 0.1)),
                        images(g, 2, 5, 5)),
                new Case("upsample-nearest", new Sequential(new Upsample(2)), images(g, 2, 3, 4)),
                new Case("upsample-nearest-size", new Sequential(new Upsample(new int[] {7, 10}, null, "nearest", null)),
                        images(g, 2, 3, 4)),
                new Case("upsample-bilinear", new Sequential(new Upsample(new int[] {7, 9}, null, "bilinear", false)),
                        images(g, 2, 4, 5)),
                new Case("upsample-bilinear-align-corners", new Sequential(new Upsample(null, new double[] {2, 3},
                        "bilinear", true)), images(g, 2, 4, 3)),
                new Case("upsample-linear-1d", new Sequential(new Upsample(null, new double[] {2}, "linear", null)),
                        images(g, 3, 5, 0)),
                new Case("upsample-bicubic", new Sequential(new Upsample(new int[] {7, 4}, null, "bicubic", false)),
                        images(g, 2, 4, 5)),
                new Case("upsample-bicubic-align-corners", new Sequential(new Upsample(null, new double[] {2, 1.5},
                        "bicubic", true)), images(g, 2, 4, 3)),
                new Case("upsample-nearest-exact", new Sequential(new Upsample(null, new double[] {1.7, 2},
                        "nearest-exact", null)), images(g, 2, 4, 5)))
                .map(Arguments::of);
    }

    private static java.util.function.BiFunction<Integer, Integer, Tensor> features(Generator g, int f) {
        return (b, t) -> Tensor.randn(g, b, f);
    }

    /** BatchNorm2d with running statistics, GroupNorm and RMSNorm (default and explicit eps), with random affine parameters. */
    private static Module imageNorms(Generator g) {
        BatchNorm2d bn = new BatchNorm2d(3);
        GroupNorm gn = new GroupNorm(2, 4, 1e-3, true);
        RMSNorm rms = new RMSNorm(new int[] {5, 6}, null, true);
        Sequential m = new Sequential(bn, new Conv2d(3, 4, 1), gn, rms, new RMSNorm(new int[] {6}, 1e-2, false));
        for (Tensor p : List.of(bn.weight, bn.bias, gn.weight, gn.bias, rms.weight)) {
            Init.uniform(p, 0.5, 1.5, g);
        }
        m.train();
        for (int i = 0; i < 3; i++) {
            m.forward(Tensor.randn(g, 8, 3, 5, 6).add(0.7));
        }
        return m;
    }

    /** InstanceNorm2d with running statistics from a few training batches (eval normalizes with them), then an affine one. */
    private static Module instanceNorms(Generator g) {
        InstanceNorm2d tracked = new InstanceNorm2d(3, 1e-5, 0.3, false, true);
        InstanceNorm2d affine = new InstanceNorm2d(3, 1e-3, 0.1, true, false);
        Init.uniform(affine.weight, 0.5, 1.5, g);
        Init.uniform(affine.bias, -0.5, 0.5, g);
        Sequential m = new Sequential(tracked, new ReLU(), affine);
        m.train();
        for (int i = 0; i < 3; i++) {
            m.forward(Tensor.randn(g, 4, 3, 5, 6).add(0.7));
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imageCases")
    void imageLayersInOnnxRuntimeAgreeWithNabla(Case c) throws Exception {
        onnxRuntimeAgreesWithNabla(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imageCases")
    void imageLayersExportThenImportKeepOutputs(Case c) throws Exception {
        exportThenImportKeepsOutputs(c);
    }

    @Test
    void imageModelsHaveAFreeBatchDimOnly() throws Exception {
        Path file = dir.resolve("cnn.onnx");
        Onnx.export(new Sequential(new Conv2d(1, 2, 3)), Tensor.zeros(2, 1, 6, 6), file);
        var input = dev.nabla.onnx.proto.OnnxProto.ModelProto.parseFrom(java.nio.file.Files.readAllBytes(file))
                .getGraph().getInput(0).getType().getTensorType().getShape();
        assertEquals("batch", input.getDim(0).getDimParam());
        assertEquals(List.of(1L, 6L, 6L), input.getDimList().subList(1, 4).stream().map(d -> d.getDimValue()).toList());
    }

    @Test
    void divisorOverrideWithCeilModeIsRefusedByName() {
        Module m = new Sequential(new AvgPool2d(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, true, true, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> Onnx.export(m, Tensor.zeros(1, 1, 5, 5), dir.resolve("a.onnx")));
        assertTrue(e.getMessage().startsWith("ONNX export: AvgPool2d(divisor_override=3, ceil_mode=True)"), e.getMessage());
    }

    @Test
    void lstmProjectionsAndUnbatchedImagesAreRefusedByName() {
        Module lstm = new Sequential(new LSTM(3, 4, 1, true, true, 0, false, 2, new Generator(1)));
        var e = assertThrows(IllegalArgumentException.class, () -> Onnx.export(lstm, Tensor.zeros(1, 5, 3), dir.resolve("p.onnx")));
        assertEquals("ONNX export: LSTM(proj_size=2) has no ONNX form (ONNX's LSTM has no projection of its hidden state)",
                e.getMessage());
        Module conv = new Sequential(new Conv2d(2, 3, 3));
        e = assertThrows(IllegalArgumentException.class, () -> Onnx.export(conv, Tensor.zeros(2, 6, 6), dir.resolve("c.onnx")));
        assertEquals("ONNX export: Conv2d needs a batched 4-d sample input, got [2, 6, 6]", e.getMessage());
        Module far = new Sequential(new ConvTranspose2d(1, 1, new int[] {1, 1}, new int[] {1, 1}, new int[] {0, 0},
                new int[] {1, 0}, 1, true, new int[] {2, 1}, new Generator(1)));
        e = assertThrows(IllegalArgumentException.class, () -> Onnx.export(far, Tensor.zeros(1, 1, 3, 3), dir.resolve("t.onnx")));
        assertTrue(e.getMessage().startsWith("ONNX export: ConvTranspose2d(stride=[1, 1], padding=[0, 0], output_padding=[1, 0])"),
                e.getMessage());
    }

    @Test
    void unflatteningTheBatchDimIsRefused() {
        Module m = new Sequential(new Unflatten(0, 1, -1));
        var e = assertThrows(IllegalArgumentException.class, () -> Onnx.export(m, Tensor.zeros(4, 3), dir.resolve("u.onnx")));
        assertEquals("ONNX export: Unflatten(dim=0) splits the batch dim, which the export keeps free", e.getMessage());
    }

    @Test
    void adaptivePoolingWithUnevenBinsIsRefusedByName() {
        Module m = new Sequential(new AdaptiveAvgPool2d(3));
        var e = assertThrows(IllegalArgumentException.class, () -> Onnx.export(m, Tensor.zeros(1, 1, 8, 8), dir.resolve("a.onnx")));
        assertEquals("ONNX export: AdaptiveAvgPool2d(output_size=3x3) on a 8x8 input has uneven bins, which ONNX's "
                + "pooling cannot express", e.getMessage());
        Module empty = new Sequential(new AdaptiveAvgPool2d(0, 2));
        e = assertThrows(IllegalArgumentException.class, () -> Onnx.export(empty, Tensor.zeros(1, 1, 8, 8), dir.resolve("e.onnx")));
        assertEquals("ONNX export: AdaptiveAvgPool2d(output_size=0x2) gives an empty output, which ONNX's pooling "
                + "cannot express", e.getMessage());
        assertTrue(Files.notExists(dir.resolve("e.onnx")), "nothing written");
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

    // ---- two-input export: Transformer decoders (target and memory) ----

    /** A decoder layer or stack, and whether its self-attention is causal. */
    record DecoderCase(String name, Module decoder, boolean causal) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> decoderCases() {
        Generator g = new Generator(23);
        return Stream.of(
                new DecoderCase("decoder-layer-post-norm-relu", new TransformerDecoderLayer(8, 2, 16, 0.1, false, false, g),
                        false),
                new DecoderCase("decoder-layer-pre-norm-gelu-causal",
                        new TransformerDecoderLayer(8, 4, 16, 0.1, true, true, g), true),
                new DecoderCase("decoder-stack-final-norm-causal", TransformerStack.decoder(2,
                        i -> new TransformerDecoderLayer(8, 2, 16, 0, false, false, g), 8), true))
                .map(Arguments::of);
    }

    private static Tensor decode(Module decoder, Tensor target, Tensor memory, boolean causal) {
        decoder.eval();
        try (var ng = Tensor.noGrad()) {
            return AttentionExport.runDecoder(decoder, target, memory, causal);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decoderCases")
    void decodersInOnnxRuntimeAndImportedAgreeWithNabla(DecoderCase c) throws Exception {
        Generator g = new Generator(5);
        Path file = dir.resolve(c.name() + ".onnx");
        Onnx.exportDecoder(c.decoder(), Tensor.randn(g, 2, 3, 8), Tensor.randn(g, 2, 4, 8), c.causal(), file);
        Tensor target = Tensor.randn(g, 5, 7, 8);
        Tensor memory = Tensor.randn(g, 5, 9, 8);
        Tensor expected = decode(c.decoder(), target, memory, c.causal());
        Map<String, Tensor> feeds = Map.of("target", target, "memory", memory);
        assertClose(expected, (Tensor) OrtRunner.run(file, feeds).get("output"), c.name() + " in ONNX Runtime");
        assertClose(expected, Onnx.load(file).run(feeds).get("output"), c.name() + " imported");
    }

    @Test
    void causalMaskChangesTheDecoderOutput() throws Exception {
        Generator g = new Generator(6);
        Module layer = new TransformerDecoderLayer(8, 2, 16, 0, false, false, g);
        Tensor target = Tensor.randn(g, 1, 5, 8);
        Tensor memory = Tensor.randn(g, 1, 3, 8);
        Onnx.exportDecoder(layer, target, memory, true, dir.resolve("causal.onnx"));
        Tensor causal = (Tensor) OrtRunner.run(dir.resolve("causal.onnx"), Map.of("target", target, "memory", memory))
                .get("output");
        Tensor full = decode(layer, target, memory, false);
        assertTrue(Math.abs(causal.toFloatArray()[0] - full.toFloatArray()[0]) > 1e-4, "first position sees only itself");
    }

    @Test
    void twoInputExportRefusesOtherModules() {
        Module m = new Sequential(new Linear(8, 8));
        var e = assertThrows(IllegalArgumentException.class, () -> Onnx.exportDecoder(m, Tensor.zeros(1, 2, 8),
                Tensor.zeros(1, 2, 8), false, dir.resolve("d.onnx")));
        assertEquals("ONNX export: two-input export takes a TransformerDecoderLayer or TransformerStack decoder, "
                + "got Sequential", e.getMessage());
        assertTrue(!dir.resolve("d.onnx").toFile().exists());
    }

    @Test
    void decoderSamplesOfTheWrongWidthAreRefused() {
        Module layer = new TransformerDecoderLayer(8, 2, 16, 0, false, false, new Generator(1));
        var e = assertThrows(IllegalArgumentException.class, () -> Onnx.exportDecoder(layer, Tensor.zeros(1, 2, 8),
                Tensor.zeros(1, 3, 6), false, dir.resolve("w.onnx")));
        assertEquals("ONNX export: decoder samples target [1, 2, 8], memory [1, 3, 6]: linear: input [1, 3, 6] and "
                + "weight [8, 8] do not match (expected input [*, in] and weight [out, in])", e.getMessage());
        assertTrue(!dir.resolve("w.onnx").toFile().exists());
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
