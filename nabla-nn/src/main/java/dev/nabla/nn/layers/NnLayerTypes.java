package dev.nabla.nn.layers;

import static dev.nabla.nn.LayerType.entries;

import dev.nabla.nn.LayerProvider;
import dev.nabla.nn.LayerType;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Generator;
import java.util.ArrayList;
import java.util.List;

/**
 * The layer types of {@code nabla-nn} for model files: {@link Sequential} and every layer of this
 * package, with PyTorch's constructor argument names as config keys.
 */
public final class NnLayerTypes implements LayerProvider {

    @Override
    public List<LayerType> layerTypes() {
        return List.of(
                LayerType.of("Sequential", Sequential.class, m -> entries(), (c, children) -> new Sequential(children)),
                LayerType.of("Linear", Linear.class,
                        m -> entries("in_features", m.inFeatures(), "out_features", m.outFeatures(), "bias", m.bias != null),
                        (c, ch) -> {
                            c.allocate(c.getInt("in_features"), c.getInt("out_features") + 1L);
                            return new Linear(c.getInt("in_features"), c.getInt("out_features"), c.getBoolean("bias"),
                                    scratch());
                        }),
                LayerType.of("Embedding", Embedding.class,
                        m -> entries("num_embeddings", m.numEmbeddings(), "embedding_dim", m.embeddingDim(),
                                "padding_idx", m.paddingIdx()),
                        (c, ch) -> {
                            c.allocate(c.getInt("num_embeddings"), c.getInt("embedding_dim"));
                            return new Embedding(c.getInt("num_embeddings"), c.getInt("embedding_dim"),
                                    c.getIntOrNull("padding_idx"), scratch());
                        }),
                LayerType.of("LayerNorm", LayerNorm.class, m -> {
                    List<Object> shape = new ArrayList<>();
                    for (int d : m.normalizedShape()) {
                        shape.add(d);
                    }
                    return entries("normalized_shape", shape, "eps", m.eps(), "elementwise_affine", m.weight != null);
                }, (c, ch) -> {
                    int[] shape = c.getIntArray("normalized_shape");
                    long[] dims = new long[shape.length];
                    for (int i = 0; i < shape.length; i++) {
                        dims[i] = shape[i];
                    }
                    if (c.getBoolean("elementwise_affine")) {
                        c.allocate(dims);
                    }
                    return new LayerNorm(shape, c.getDouble("eps"), c.getBoolean("elementwise_affine"));
                }),
                LayerType.of("BatchNorm1d", BatchNorm1d.class,
                        m -> entries("num_features", m.numFeatures(), "eps", m.eps(), "momentum", m.momentum(),
                                "affine", m.weight != null, "track_running_stats", m.runningMean() != null),
                        (c, ch) -> {
                            c.allocate(c.getInt("num_features"));
                            return new BatchNorm1d(c.getInt("num_features"), c.getDouble("eps"), c.getDouble("momentum"),
                                    c.getBoolean("affine"), c.getBoolean("track_running_stats"));
                        }),
                LayerType.of("Dropout", Dropout.class, m -> entries("p", m.p()), (c, ch) -> new Dropout(c.getDouble("p"))),
                LayerType.of("ELU", ELU.class, m -> entries("alpha", m.alpha()), (c, ch) -> new ELU(c.getDouble("alpha"))),
                LayerType.of("LeakyReLU", LeakyReLU.class, m -> entries("negative_slope", m.negativeSlope()),
                        (c, ch) -> new LeakyReLU(c.getDouble("negative_slope"))),
                LayerType.of("Flatten", Flatten.class, m -> entries("start_dim", m.startDim(), "end_dim", m.endDim()),
                        (c, ch) -> new Flatten(c.getInt("start_dim"), c.getInt("end_dim"))),
                LayerType.of("GELU", GELU.class, m -> entries("tanh_approximation", m.tanhApproximation()),
                        (c, ch) -> new GELU(c.getBoolean("tanh_approximation"))),
                LayerType.of("Softmax", Softmax.class, m -> entries("dim", m.dim()), (c, ch) -> new Softmax(c.getInt("dim"))),
                LayerType.of("LogSoftmax", LogSoftmax.class, m -> entries("dim", m.dim()),
                        (c, ch) -> new LogSoftmax(c.getInt("dim"))),
                LayerType.of("Softplus", Softplus.class, m -> entries("beta", m.beta(), "threshold", m.threshold()),
                        (c, ch) -> new Softplus(c.getDouble("beta"), c.getDouble("threshold"))),
                LayerType.of("Identity", Identity.class, m -> entries(), (c, ch) -> new Identity()),
                LayerType.of("ReLU", ReLU.class, m -> entries(), (c, ch) -> new ReLU()),
                LayerType.of("SiLU", SiLU.class, m -> entries(), (c, ch) -> new SiLU()),
                LayerType.of("Sigmoid", Sigmoid.class, m -> entries(), (c, ch) -> new Sigmoid()),
                LayerType.of("Tanh", Tanh.class, m -> entries(), (c, ch) -> new Tanh()));
    }

    private static Generator scratch() {
        return new Generator(0);
    }
}
