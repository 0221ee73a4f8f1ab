package dev.nabla.nn.layers;

import static dev.nabla.nn.LayerType.entries;

import dev.nabla.nn.LayerProvider;
import dev.nabla.nn.LayerType;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Generator;
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
                LayerType.of("Linear", Linear.class, Linear.Config.class, Linear::config,
                        c -> new Linear(c, scratch()),
                        c -> (long) c.inFeatures() * c.outFeatures() + (c.bias() ? c.outFeatures() : 0)),
                LayerType.of("Embedding", Embedding.class, Embedding.Config.class, Embedding::config,
                        c -> new Embedding(c, scratch()), c -> (long) c.numEmbeddings() * c.embeddingDim()),
                LayerType.of("LayerNorm", LayerNorm.class, LayerNorm.Config.class, LayerNorm::config, LayerNorm::new,
                        c -> c.elementwiseAffine() ? 2 * elements(c.normalizedShape()) : 0),
                LayerType.of("BatchNorm1d", BatchNorm1d.class, BatchNorm1d.Config.class, BatchNorm1d::config,
                        BatchNorm1d::new, c -> (c.affine() ? 2L : 0) * c.numFeatures()
                                + (c.trackRunningStats() ? 2L * c.numFeatures() + 1 : 0)),
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

    /** The number of elements of {@code shape} (a negative dim, refused by the layer, counts as 0; saturates). */
    private static long elements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n = d > 0 && n > Long.MAX_VALUE / 2 / d ? Long.MAX_VALUE / 2 : n * Math.max(d, 0);
        }
        return n;
    }

    private static Generator scratch() {
        return new Generator(0);
    }
}
