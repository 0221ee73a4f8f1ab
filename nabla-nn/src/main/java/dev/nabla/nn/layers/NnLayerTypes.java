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
                LayerType.of("Dropout", Dropout.class, Dropout.Config.class, Dropout::config, Dropout::new, c -> 0),
                LayerType.of("ELU", ELU.class, ELU.Config.class, ELU::config, ELU::new, c -> 0),
                LayerType.of("LeakyReLU", LeakyReLU.class, LeakyReLU.Config.class, LeakyReLU::config, LeakyReLU::new, c -> 0),
                LayerType.of("Flatten", Flatten.class, Flatten.Config.class, Flatten::config, Flatten::new, c -> 0),
                LayerType.of("GELU", GELU.class, GELU.Config.class, GELU::config, GELU::new, c -> 0),
                LayerType.of("Softmax", Softmax.class, Softmax.Config.class, Softmax::config, Softmax::new, c -> 0),
                LayerType.of("LogSoftmax", LogSoftmax.class, LogSoftmax.Config.class, LogSoftmax::config, LogSoftmax::new, c -> 0),
                LayerType.of("Softplus", Softplus.class, Softplus.Config.class, Softplus::config, Softplus::new, c -> 0),
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
