package dev.nabla.train.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.FormatException;
import dev.nabla.nn.LayerType;
import dev.nabla.nn.Module;
import dev.nabla.nn.ModuleDict;
import dev.nabla.nn.ModuleList;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.attention.Activation;
import dev.nabla.nn.attention.AdditiveAttention;
import dev.nabla.nn.attention.GPT;
import dev.nabla.nn.attention.LearnedPositionalEncoding;
import dev.nabla.nn.attention.MultiheadAttention;
import dev.nabla.nn.attention.SinusoidalPositionalEncoding;
import dev.nabla.nn.attention.TransformerDecoderLayer;
import dev.nabla.nn.attention.TransformerEncoderLayer;
import dev.nabla.nn.attention.TransformerStack;
import dev.nabla.nn.layers.AdaptiveAvgPool1d;
import dev.nabla.nn.layers.AdaptiveAvgPool2d;
import dev.nabla.nn.layers.AdaptiveMaxPool1d;
import dev.nabla.nn.layers.AdaptiveMaxPool2d;
import dev.nabla.nn.layers.AvgPool1d;
import dev.nabla.nn.layers.AvgPool2d;
import dev.nabla.nn.layers.BatchNorm1d;
import dev.nabla.nn.layers.BatchNorm2d;
import dev.nabla.nn.layers.Bilinear;
import dev.nabla.nn.layers.CELU;
import dev.nabla.nn.layers.ChannelShuffle;
import dev.nabla.nn.layers.ConstantPad2d;
import dev.nabla.nn.layers.Conv1d;
import dev.nabla.nn.layers.Conv2d;
import dev.nabla.nn.layers.ConvNd;
import dev.nabla.nn.layers.ConvTranspose1d;
import dev.nabla.nn.layers.ConvTranspose2d;
import dev.nabla.nn.layers.CosineSimilarity;
import dev.nabla.nn.layers.Dropout1d;
import dev.nabla.nn.layers.Dropout2d;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.ELU;
import dev.nabla.nn.layers.Embedding;
import dev.nabla.nn.layers.EmbeddingBag;
import dev.nabla.nn.layers.Flatten;
import dev.nabla.nn.layers.Fold;
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
import dev.nabla.nn.layers.LPPool1d;
import dev.nabla.nn.layers.LPPool2d;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.nn.layers.LeakyReLU;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.LocalResponseNorm;
import dev.nabla.nn.layers.LogSigmoid;
import dev.nabla.nn.layers.LogSoftmax;
import dev.nabla.nn.layers.MaxPool1d;
import dev.nabla.nn.layers.MaxPool2d;
import dev.nabla.nn.layers.Mish;
import dev.nabla.nn.layers.PReLU;
import dev.nabla.nn.layers.PairwiseDistance;
import dev.nabla.nn.layers.PixelShuffle;
import dev.nabla.nn.layers.PixelUnshuffle;
import dev.nabla.nn.layers.RMSNorm;
import dev.nabla.nn.layers.RReLU;
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
import dev.nabla.nn.layers.Unfold;
import dev.nabla.nn.layers.Upsample;
import dev.nabla.nn.layers.ZeroPad2d;
import dev.nabla.nn.rnn.GRU;
import dev.nabla.nn.rnn.GRUCell;
import dev.nabla.nn.rnn.LSTM;
import dev.nabla.nn.rnn.LSTMCell;
import dev.nabla.nn.rnn.Nonlinearity;
import dev.nabla.nn.rnn.RNN;
import dev.nabla.nn.rnn.RNNCell;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered layer type (found through the LayerProviders of nabla-nn and nabla-seq) is
 * built from a sample config record, saved and loaded, and comes back with the same class, config,
 * printed form, parameters, buffers and outputs; and every concrete public Module of the main code
 * on this class path is registered, so a layer added without registration fails here.
 */
class LayerTypesRoundTripTest {
    /**
     * Concrete public modules that are not layers of a saved model: losses are training criteria,
     * given to {@code fit}, never part of the model a file holds.
     */
    private static final String NOT_LAYERS = "dev.nabla.loss.";

    @TempDir
    Path tmp;

    /** A module built from a sample config, and how to run it on a fixed input. */
    record Sample(Supplier<Module> module, Function<Module, Tensor> run) {
        static Sample of(Supplier<Module> module, Tensor input) {
            return new Sample(module, m -> m.forward(input));
        }
    }

    /** One sample per registered type. */
    static Map<Class<?>, Sample> samples() {
        Generator g = new Generator(11);
        Tensor rows = Tensor.randn(new Generator(12), 3, 4);
        Tensor seq = Tensor.randn(new Generator(13), 2, 5, 4);
        Tensor image = Tensor.randn(new Generator(16), 2, 4, 6, 6);
        Tensor step = Tensor.randn(new Generator(15), 3, 4);
        Tensor memory = Tensor.randn(new Generator(17), 2, 3, 4);
        Tensor tokens = Tensor.randint(new Generator(14), 0, 7, 2, 5);
        Map<Class<?>, Sample> s = new LinkedHashMap<>();
        s.put(Sequential.class, Sample.of(() -> new Sequential(new Linear(4, 3, true, g), new Tanh()), rows));
        s.put(Linear.class, Sample.of(() -> new Linear(new Linear.Config(4, 2, false), g), rows));
        s.put(Bilinear.class, new Sample(() -> new Bilinear(new Bilinear.Config(4, 4, 3, true), g),
                m -> ((Bilinear) m).forward(rows, rows.flip(0))));
        s.put(CosineSimilarity.class, new Sample(() -> new CosineSimilarity(new CosineSimilarity.Config(-1, 1e-6)),
                m -> ((CosineSimilarity) m).forward(rows, rows.flip(0))));
        s.put(PairwiseDistance.class, new Sample(() -> new PairwiseDistance(new PairwiseDistance.Config(1, 1e-6, true)),
                m -> ((PairwiseDistance) m).forward(rows, rows.flip(0))));
        s.put(ModuleList.class, new Sample(() -> new ModuleList(new Linear(4, 3, true, g), new Tanh()),
                m -> ((ModuleList) m).get(1).forward(((ModuleList) m).get(0).forward(rows))));
        s.put(ModuleDict.class, new Sample(() -> new ModuleDict().put("proj", new Linear(4, 2, true, g)),
                m -> ((ModuleDict) m).get("proj").forward(rows)));
        s.put(Embedding.class, Sample.of(() -> new Embedding(new Embedding.Config(7, 3, 0), g), tokens));
        s.put(EmbeddingBag.class, Sample.of(() -> new EmbeddingBag(new EmbeddingBag.Config(7, 3, "max", false, 1), g), tokens));
        s.put(LayerNorm.class, Sample.of(() -> new LayerNorm(new LayerNorm.Config(new int[] {5, 4}, 1e-3, true)), seq));
        s.put(BatchNorm1d.class, Sample.of(() -> new BatchNorm1d(new BatchNorm1d.Config(4, 1e-4, 0.2, true, true)), rows));
        s.put(Dropout.class, Sample.of(() -> new Dropout(new Dropout.Config(0.3)), rows));
        s.put(ELU.class, Sample.of(() -> new ELU(new ELU.Config(0.7)), rows));
        s.put(LeakyReLU.class, Sample.of(() -> new LeakyReLU(new LeakyReLU.Config(0.2)), rows));
        s.put(Flatten.class, Sample.of(() -> new Flatten(new Flatten.Config(0, -1)), seq));
        s.put(GELU.class, Sample.of(() -> new GELU(new GELU.Config(true)), rows));
        s.put(Softmax.class, Sample.of(() -> new Softmax(new Softmax.Config(0)), rows));
        s.put(LogSoftmax.class, Sample.of(() -> new LogSoftmax(new LogSoftmax.Config(-1)), rows));
        s.put(Softplus.class, Sample.of(() -> new Softplus(new Softplus.Config(2, 5)), rows));
        s.put(Identity.class, Sample.of(() -> new Identity(new Identity.Config()), rows));
        s.put(ReLU.class, Sample.of(() -> new ReLU(new ReLU.Config()), rows));
        s.put(SiLU.class, Sample.of(() -> new SiLU(new SiLU.Config()), rows));
        s.put(Sigmoid.class, Sample.of(() -> new Sigmoid(new Sigmoid.Config()), rows));
        s.put(Tanh.class, Sample.of(() -> new Tanh(new Tanh.Config()), rows));
        s.put(ReLU6.class, Sample.of(() -> new ReLU6(new ReLU6.Config()), rows));
        s.put(Hardtanh.class, Sample.of(() -> new Hardtanh(new Hardtanh.Config(-0.5, 2)), rows));
        s.put(Hardswish.class, Sample.of(() -> new Hardswish(new Hardswish.Config()), rows));
        s.put(Hardsigmoid.class, Sample.of(() -> new Hardsigmoid(new Hardsigmoid.Config()), rows));
        s.put(Mish.class, Sample.of(() -> new Mish(new Mish.Config()), rows));
        s.put(LogSigmoid.class, Sample.of(() -> new LogSigmoid(new LogSigmoid.Config()), rows));
        s.put(Softsign.class, Sample.of(() -> new Softsign(new Softsign.Config()), rows));
        s.put(SELU.class, Sample.of(() -> new SELU(new SELU.Config()), rows));
        s.put(CELU.class, Sample.of(() -> new CELU(new CELU.Config(0.5)), rows));
        s.put(PReLU.class, Sample.of(() -> new PReLU(new PReLU.Config(4, 0.3)), rows));
        s.put(Tanhshrink.class, Sample.of(() -> new Tanhshrink(new Tanhshrink.Config()), rows));
        s.put(Hardshrink.class, Sample.of(() -> new Hardshrink(new Hardshrink.Config(0.3)), rows));
        s.put(Softshrink.class, Sample.of(() -> new Softshrink(new Softshrink.Config(0.3)), rows));
        s.put(Softmin.class, Sample.of(() -> new Softmin(new Softmin.Config(0)), rows));
        s.put(GLU.class, Sample.of(() -> new GLU(new GLU.Config(-1)), rows));
        s.put(Threshold.class, Sample.of(() -> new Threshold(new Threshold.Config(0.1, -2)), rows));
        s.put(PixelShuffle.class, Sample.of(() -> new PixelShuffle(new PixelShuffle.Config(2)), image));
        s.put(AdaptiveMaxPool2d.class, Sample.of(() -> new AdaptiveMaxPool2d(new AdaptiveMaxPool2d.Config(new Integer[] {3, null})),
                image));
        s.put(MaxPool1d.class, Sample.of(() -> new MaxPool1d(new MaxPool1d.Config(3, 2, 1, 1, true)), seq));
        s.put(ConvTranspose1d.class, Sample.of(() -> new ConvTranspose1d(new ConvTranspose2d.Config(5, 4, new int[] {3},
                new int[] {2}, new int[] {1}, new int[] {1}, 1, true, new int[] {1}, "zeros"), g), seq));
        s.put(AvgPool1d.class, Sample.of(() -> new AvgPool1d(new AvgPool1d.Config(2, 1, 1, true, false)), seq));
        s.put(AdaptiveAvgPool1d.class, Sample.of(() -> new AdaptiveAvgPool1d(new AdaptiveAvgPool1d.Config(3)), seq));
        s.put(AdaptiveMaxPool1d.class, Sample.of(() -> new AdaptiveMaxPool1d(new AdaptiveMaxPool1d.Config(3)), seq));
        s.put(InstanceNorm1d.class, Sample.of(() -> new InstanceNorm1d(new InstanceNorm1d.Config(5, 1e-4, 0.2, true, true)),
                seq));
        s.put(InstanceNorm2d.class, Sample.of(() -> new InstanceNorm2d(new InstanceNorm2d.Config(4, 1e-5, 0.1, false, false)),
                image));
        s.put(PixelUnshuffle.class, Sample.of(() -> new PixelUnshuffle(new PixelUnshuffle.Config(3)), image));
        s.put(ZeroPad2d.class, Sample.of(() -> new ZeroPad2d(new ZeroPad2d.Config(new int[] {1, 0, 2, 1})), image));
        s.put(ConstantPad2d.class, Sample.of(() -> new ConstantPad2d(new ConstantPad2d.Config(new int[] {1}, 2.5)), image));
        s.put(ReflectionPad2d.class, Sample.of(() -> new ReflectionPad2d(new ReflectionPad2d.Config(new int[] {2, 1, 0, 2})),
                image));
        s.put(ReplicationPad2d.class, Sample.of(() -> new ReplicationPad2d(new ReplicationPad2d.Config(new int[] {3})), image));
        s.put(Conv1d.class, Sample.of(() -> new Conv1d(new ConvNd.Config(4, 6, new int[] {3}, new int[] {1}, "same",
                new int[] {2}, 2, true, "reflect"), g), seq.transpose(1, 2)));
        s.put(Conv2d.class, Sample.of(() -> new Conv2d(new ConvNd.Config(4, 6, new int[] {3, 2}, new int[] {2, 1},
                new int[] {1, 0}, new int[] {1, 2}, 2, false, "circular"), g), image));
        s.put(ConvTranspose2d.class, Sample.of(() -> new ConvTranspose2d(new ConvTranspose2d.Config(4, 2, new int[] {3, 3},
                new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, 2, true, new int[] {1, 1}, "zeros"), g), image));
        s.put(MaxPool2d.class, Sample.of(() -> new MaxPool2d(new MaxPool2d.Config(new int[] {3, 2}, new int[] {2, 2},
                new int[] {1, 0}, new int[] {1, 1}, true)), image));
        s.put(AvgPool2d.class, Sample.of(() -> new AvgPool2d(new AvgPool2d.Config(new int[] {2, 3}, new int[] {2, 1},
                new int[] {1, 1}, false, false, null)), image));
        s.put(AdaptiveAvgPool2d.class, Sample.of(() -> new AdaptiveAvgPool2d(new AdaptiveAvgPool2d.Config(new Integer[] {4, null})),
                image));
        s.put(BatchNorm2d.class, Sample.of(() -> new BatchNorm2d(new BatchNorm1d.Config(4, 1e-4, 0.2, true, true)), image));
        s.put(GroupNorm.class, Sample.of(() -> new GroupNorm(new GroupNorm.Config(2, 4, 1e-4, true)), image));
        s.put(RMSNorm.class, Sample.of(() -> new RMSNorm(new RMSNorm.Config(new int[] {6, 6}, 1e-6, true)), image));
        s.put(Dropout2d.class, Sample.of(() -> new Dropout2d(new Dropout2d.Config(0.25)), image));
        s.put(Dropout1d.class, Sample.of(() -> new Dropout1d(new Dropout1d.Config(0.25)), seq));
        s.put(LPPool1d.class, Sample.of(() -> new LPPool1d(new LPPool1d.Config(2, new int[] {2}, new int[] {1}, true)), seq));
        s.put(LPPool2d.class, Sample.of(() -> new LPPool2d(new LPPool2d.Config(2, new int[] {2, 3}, new int[] {2, 2}, false)),
                image));
        s.put(RReLU.class, Sample.of(() -> new RReLU(new RReLU.Config(0.2, 0.4)), rows));
        s.put(Softmax2d.class, Sample.of(() -> new Softmax2d(new Softmax2d.Config()), image));
        s.put(ChannelShuffle.class, Sample.of(() -> new ChannelShuffle(new ChannelShuffle.Config(2)), image));
        s.put(LocalResponseNorm.class, Sample.of(() -> new LocalResponseNorm(new LocalResponseNorm.Config(3, 1e-2, 0.5, 1)),
                image));
        s.put(Unfold.class, Sample.of(() -> new Unfold(new Unfold.Config(new int[] {2, 2}, new int[] {1, 1},
                new int[] {0, 1}, new int[] {2, 2})), image));
        s.put(Fold.class, Sample.of(() -> new Fold(new Fold.Config(new int[] {3, 4}, new int[] {2, 2}, new int[] {1, 1},
                new int[] {0, 0}, new int[] {1, 1})), Tensor.randn(new Generator(18), 2, 8, 6)));
        s.put(Upsample.class, Sample.of(() -> new Upsample(new Upsample.Config(null, new double[] {2, 1.5}, "bilinear", true)),
                image));
        s.put(Unflatten.class, Sample.of(() -> new Unflatten(new Unflatten.Config(1, new int[] {2, 2})), image));
        s.put(RNN.class, Sample.of(() -> new RNN(new RNN.Config(4, 3, 2, Nonlinearity.RELU, false, true, 0.1, true), g), seq));
        s.put(LSTM.class, Sample.of(() -> new LSTM(new LSTM.Config(4, 3, 2, true, true, 0, true, 2), g), seq));
        s.put(GRU.class, Sample.of(() -> new GRU(new GRU.Config(4, 3, 2, true, false, 0.2, false), g), seq));
        s.put(RNNCell.class, Sample.of(() -> new RNNCell(new RNNCell.Config(4, 3, false, Nonlinearity.RELU), g), step));
        s.put(LSTMCell.class, Sample.of(() -> new LSTMCell(new LSTMCell.Config(4, 3, true), g), step));
        s.put(GRUCell.class, Sample.of(() -> new GRUCell(new GRUCell.Config(4, 2, true), g), step));
        s.put(MultiheadAttention.class, Sample.of(() -> new MultiheadAttention(MultiheadAttention.Config.of(4, 2)
                .withBias(false).withBatchFirst(false), g), seq));
        TransformerEncoderLayer.Config encoder = new TransformerEncoderLayer.Config(4, 2, 6, 0.1, Activation.GELU, 1e-4,
                true, true);
        TransformerDecoderLayer.Config decoder = new TransformerDecoderLayer.Config(4, 2, 6, 0.1, Activation.RELU, 1e-4,
                false);
        s.put(TransformerEncoderLayer.class, Sample.of(() -> new TransformerEncoderLayer(encoder, g), seq));
        s.put(TransformerDecoderLayer.class, new Sample(() -> new TransformerDecoderLayer(decoder, g),
                m -> ((TransformerDecoderLayer) m).forward(seq, memory, null)));
        s.put(TransformerStack.Encoder.class, Sample.of(() -> TransformerStack.encoder(2,
                i -> new TransformerEncoderLayer(encoder, g), 4), seq));
        s.put(TransformerStack.Decoder.class, new Sample(() -> TransformerStack.decoder(2,
                i -> new TransformerDecoderLayer(decoder, g), 0),
                m -> ((TransformerStack.Decoder) m).forward(seq, memory, null)));
        s.put(SinusoidalPositionalEncoding.class, Sample.of(() -> new SinusoidalPositionalEncoding(
                new SinusoidalPositionalEncoding.Config(4, 9)), seq));
        s.put(LearnedPositionalEncoding.class, Sample.of(() -> new LearnedPositionalEncoding(
                new LearnedPositionalEncoding.Config(4, 7), g), seq));
        s.put(AdditiveAttention.class, Sample.of(() -> new AdditiveAttention(new AdditiveAttention.Config(4, 4, 3), g), seq));
        s.put(GPT.class, Sample.of(() -> new GPT(new GPT.Config(7, 6, 4, 2, 2, 0.1), g), tokens));
        return s;
    }

    static Stream<LayerType> types() {
        return LayerRegistry.types().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void saveThenLoadGivesTheSameConfigStateAndOutputs(LayerType type) throws IOException {
        Sample sample = samples().get(type.moduleClass());
        assertNotNull(sample, type.name() + ": add a sample to this test");
        Module m = sample.module().get();
        assertEquals(type.moduleClass(), m.getClass());
        Path dir = tmp.resolve(type.name());
        ModelFiles.save(m, dir);
        Module loaded = ModelFiles.load(dir);
        assertEquals(m.getClass(), loaded.getClass());
        assertEquals(LayerRegistry.describe(m, ""), LayerRegistry.describe(loaded, ""), type.name() + " config");
        assertEquals(m.toString(), loaded.toString());
        assertSameTensors(m.namedParameters(), loaded.namedParameters(), type.name() + " parameters");
        assertSameTensors(m.namedBuffers(), loaded.namedBuffers(), type.name() + " buffers");
        assertArrayEquals(outputs(m, sample), outputs(loaded, sample), type.name() + " outputs");
    }

    private static void assertSameTensors(Map<String, ? extends Tensor> expected, Map<String, ? extends Tensor> actual,
                                          String what) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        expected.forEach((k, v) -> {
            assertArrayEquals(v.shape(), actual.get(k).shape(), what + " " + k);
            assertArrayEquals(ModelFilesTest.values(v), ModelFilesTest.values(actual.get(k)), what + " " + k);
        });
    }

    private static float[] outputs(Module m, Sample sample) {
        m.eval();
        try (var ng = Tensor.noGrad()) {
            return ModelFilesTest.values(sample.run().apply(m));
        }
    }

    /** Lists of sizes are checked element by element: null only where the layer takes None. */
    @Test
    void sizeListsRefuseWhatTheyCannotHold() {
        long[] budget = {Long.MAX_VALUE};
        java.util.List<Object> withNull = new java.util.ArrayList<>(java.util.Arrays.asList(2L, null));
        assertArrayEquals(new Integer[] {2, null}, assertInstanceOf(AdaptiveAvgPool2d.class, assertDoesNotThrow(() ->
                LayerRegistry.build(Map.of("type", "AdaptiveAvgPool2d", "config", Map.of("output_size", withNull)), "", budget)))
                .outputSize());
        var e = assertThrows(FormatException.class, () -> LayerRegistry.build(Map.of("type", "AdaptiveAvgPool2d",
                "config", Map.of("output_size", java.util.List.of(2L, "x"))), "", budget));
        assertEquals("model.json: the root module config \"output_size\" must be a list of integers and nulls, got [2, x]",
                e.getMessage());
        e = assertThrows(FormatException.class, () -> LayerRegistry.build(Map.of("type", "Unflatten",
                "config", Map.of("dim", 1L, "unflattened_size", withNull)), "", budget));
        assertEquals("model.json: the root module config \"unflattened_size\" must be a list of integers, got [2, null]",
                e.getMessage());
    }

    /** A layer's config record is its constructor's options and, in snake_case, its model-file config. */
    @Test
    void configRecordsAreTheModelFileConfigs() {
        Linear.Config c = new Linear.Config(4, 2, false);
        Linear linear = new Linear(c, new Generator(1));
        assertEquals(c, linear.config());
        assertEquals(Map.of("in_features", 4, "out_features", 2, "bias", false), LayerRegistry.describe(linear, "").get("config"));
        assertEquals(Map.of("input_size", 2, "hidden_size", 3, "bias", true, "nonlinearity", "relu"), LayerRegistry.describe(
                new RNNCell(2, 3, true, Nonlinearity.RELU, new Generator(3)), "").get("config"));
        assertEquals(Map.of("num_embeddings", 5, "embedding_dim", 2, "padding_idx", 4),
                LayerRegistry.describe(new Embedding(new Embedding.Config(5, 2, -1), new Generator(2)), "").get("config"));
        TransformerEncoderLayer layer = new TransformerEncoderLayer(8, 2, 16, 0.1);
        assertEquals(new TransformerEncoderLayer.Config(8, 2, 16, 0.1, Activation.RELU, 1e-5, false, false), layer.config());
        assertEquals(Map.of("d_model", 8, "nhead", 2, "dim_feedforward", 16, "dropout", 0.1, "activation", "relu",
                "layer_norm_eps", 1e-5, "norm_first", false, "causal", false), LayerRegistry.describe(layer, "").get("config"));
        assertEquals(Map.of("input_size", 4, "hidden_size", 3, "num_layers", 1, "bias", true, "batch_first", false,
                "dropout", 0.0, "bidirectional", false, "proj_size", 0),
                LayerRegistry.describe(new LSTM(4, 3), "").get("config"));
        assertTrue(layer.toString().startsWith("TransformerEncoderLayer(\n  d_model=8, nhead=2, dim_feedforward=16, "
                + "dropout=0.1, activation='relu', layer_norm_eps=1e-05, norm_first=False, causal=False\n  (self_attn): "
                + "MultiheadAttention(\n    embed_dim=8, num_heads=2"), layer.toString());
    }

    /**
     * A composite layer counts its children's weights in its own: a config that asks for a larger
     * layer than its children (and the weights file) hold is refused before anything is allocated.
     */
    @Test
    void compositeConfigsBeyondTheWeightsFileAreRefused() throws IOException {
        Path dir = tmp.resolve("gpt");
        ModelFiles.save(new GPT(new GPT.Config(7, 6, 4, 2, 2, 0), new Generator(5)), dir);
        Path json = dir.resolve(ModelFiles.MODEL_JSON);
        String text = Files.readString(json);
        assertTrue(text.contains("\"vocab_size\": 7"), text);
        Files.writeString(json, text.replace("\"vocab_size\": 7", "\"vocab_size\": 70000000"));
        FormatException e = assertThrows(FormatException.class, () -> ModelFiles.load(dir));
        assertTrue(e.getMessage().contains("more than the weights file holds"), e.getMessage());
        Path layerDir = tmp.resolve("encoder-layer");
        ModelFiles.save(new Sequential(new TransformerEncoderLayer(4, 2, 8, 0)), layerDir);
        Path layerJson = layerDir.resolve(ModelFiles.MODEL_JSON);
        String layerText = Files.readString(layerJson);
        assertTrue(layerText.contains("\"d_model\": 4,"), layerText);
        Files.writeString(layerJson, layerText.replace("\"d_model\": 4,", "\"d_model\": 4000,"));
        e = assertThrows(FormatException.class, () -> ModelFiles.load(layerDir));
        assertTrue(e.getMessage().contains("more than the weights file holds"), e.getMessage());
    }

    /** Hand-edited configs of the record-configured layers are refused with a line naming the key. */
    @Test
    void badConfigsAreRefusedNamingTheKey() throws IOException {
        Generator g = new Generator(4);
        assertRefused(new Conv2d(2, 4, 3), "\"padding\": [\n", "\"padding\": 3.5, \"x\": [\n", "\"padding\" must be");
        assertRefused(new Upsample(2), "\"mode\": \"nearest\"", "\"mode\": null", "\"mode\" must be a string");
        assertRefused(new TransformerEncoderLayer(4, 2, 8, 0), "\"activation\": \"relu\"", "\"activation\": \"tanh\"",
                "\"activation\" must be one of [\"relu\", \"gelu\"]");
        assertRefused(new LayerNorm(4), "\"normalized_shape\": [\n", "\"normalized_shape\": null, \"x\": [\n",
                "null where LayerNorm needs one");
        assertRefused(new GPT(new GPT.Config(7, 6, 4, 2, 1, 0), g), "\"num_heads\": 2", "\"num_heads\": 3",
                "must be divisible by numHeads 3");
    }

    private void assertRefused(Module layer, String from, String to, String message) throws IOException {
        Path dir = tmp.resolve("bad-" + layer.getClass().getSimpleName());
        ModelFiles.save(new Sequential(layer), dir);
        Path json = dir.resolve(ModelFiles.MODEL_JSON);
        String text = Files.readString(json);
        assertTrue(text.contains(from), text);
        Files.writeString(json, text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        FormatException e = assertThrows(FormatException.class, () -> ModelFiles.load(dir));
        assertTrue(e.getMessage().contains(message) && !e.getMessage().contains("\n"), e.getMessage());
    }

    /** A sinusoidal encoding computes its code on demand: a huge {@code max_length} allocates nothing when loaded. */
    @Test
    void sinusoidalCodesAreNotAllocatedWhenLoaded() throws IOException {
        Path dir = tmp.resolve("sinusoidal");
        Module m = new Sequential(new SinusoidalPositionalEncoding(4, 9));
        ModelFiles.save(m, dir);
        Path json = dir.resolve(ModelFiles.MODEL_JSON);
        String text = Files.readString(json);
        assertTrue(text.contains("\"max_length\": 9"), text);
        Files.writeString(json, text.replace("\"max_length\": 9", "\"max_length\": 2000000000"));
        Module loaded = ModelFiles.load(dir);
        Tensor x = Tensor.randn(new Generator(3), 2, 5, 4);
        assertArrayEquals(ModelFilesTest.values(m.forward(x)), ModelFilesTest.values(loaded.forward(x)));
    }

    @Test
    void everyConcretePublicModuleOfTheMainCodeIsRegistered() throws Exception {
        Set<String> registered = new TreeSet<>();
        LayerRegistry.types().forEach(t -> registered.add(t.moduleClass().getName()));
        Set<String> found = concreteModules();
        assertTrue(found.containsAll(registered), "the class path scan found " + found);
        Set<String> missing = new TreeSet<>();
        for (String name : found) {
            if (!registered.contains(name) && !name.startsWith(NOT_LAYERS)) {
                missing.add(name);
            }
        }
        assertEquals(Set.of(), missing, "concrete modules that model files cannot save: register them in their "
                + "library's LayerProvider");
        assertEquals(samples().keySet().stream().map(Class::getName).collect(java.util.stream.Collectors.toSet()),
                registered, "every registered type has a sample here");
        assertEquals(90, registered.size(), "types found through the providers: " + registered);
    }

    /** Public, concrete, named subclasses of Module in the main code (not test classes) of {@code dev.nabla} on the class path. */
    private static Set<String> concreteModules() throws IOException, URISyntaxException, ClassNotFoundException {
        Set<String> out = new TreeSet<>();
        ClassLoader loader = LayerTypesRoundTripTest.class.getClassLoader();
        Enumeration<URL> roots = loader.getResources("dev/nabla");
        for (URL url : Collections.list(roots)) {
            URI uri = url.toURI();
            if (uri.toString().contains("/test-classes/")) {
                continue;
            }
            try (FileSystem fs = uri.getScheme().equals("jar") ? FileSystems.newFileSystem(uri, Map.of()) : null;
                 Stream<Path> files = Files.walk(fs == null ? Path.of(uri) : fs.getPath("/dev/nabla"))) {
                Path base = fs == null ? Path.of(uri).getParent().getParent() : fs.getPath("/");
                for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String rel = base.relativize(p).toString();
                    String cls = rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
                    Class<?> c = Class.forName(cls, false, loader);
                    if (Module.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())
                            && Modifier.isPublic(c.getModifiers()) && !c.isAnonymousClass() && !c.isLocalClass()) {
                        out.add(c.getName());
                    }
                }
            }
        }
        return out;
    }
}
