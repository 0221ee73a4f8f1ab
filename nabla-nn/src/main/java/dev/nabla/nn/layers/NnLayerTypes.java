package dev.nabla.nn.layers;

import static dev.nabla.nn.LayerType.entries;

import dev.nabla.nn.LayerProvider;
import dev.nabla.nn.LayerType;
import dev.nabla.nn.ModuleDict;
import dev.nabla.nn.ModuleList;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Generator;
import java.util.List;

/**
 * The layer types of {@code nabla-nn} for model files: {@link Sequential}, {@link ModuleList} and
 * {@link ModuleDict} (their children are their config) and the non-image layers of this package,
 * each configured by its {@code Config} record, whose components are PyTorch's constructor
 * argument names in snake_case.
 */
public final class NnLayerTypes implements LayerProvider {

    @Override
    public List<LayerType> layerTypes() {
        return List.of(
                LayerType.of("Sequential", Sequential.class, m -> entries(), (c, children) -> new Sequential(children)),
                LayerType.of("ModuleList", ModuleList.class, m -> entries(),
                        (c, children) -> new ModuleList(List.copyOf(children.values()))),
                LayerType.of("ModuleDict", ModuleDict.class, m -> entries(), (c, children) -> new ModuleDict(children)),
                LayerType.of("Bilinear", Bilinear.class, Bilinear.Config.class, c -> new Bilinear(c, scratch()),
                        c -> (long) c.in1Features() * c.in2Features() * c.outFeatures() + (c.bias() ? c.outFeatures() : 0)),
                LayerType.of("CosineSimilarity", CosineSimilarity.class, CosineSimilarity.Config.class,
                        CosineSimilarity::new, c -> 0),
                LayerType.of("PairwiseDistance", PairwiseDistance.class, PairwiseDistance.Config.class,
                        PairwiseDistance::new, c -> 0),
                LayerType.of("Linear", Linear.class, Linear.Config.class,
                        c -> new Linear(c, scratch()),
                        c -> (long) c.inFeatures() * c.outFeatures() + (c.bias() ? c.outFeatures() : 0)),
                LayerType.of("EmbeddingBag", EmbeddingBag.class, EmbeddingBag.Config.class,
                        c -> new EmbeddingBag(c, scratch()), c -> (long) c.numEmbeddings() * c.embeddingDim()),
                LayerType.of("Embedding", Embedding.class, Embedding.Config.class,
                        c -> new Embedding(c, scratch()), c -> (long) c.numEmbeddings() * c.embeddingDim()),
                LayerType.of("LayerNorm", LayerNorm.class, LayerNorm.Config.class, LayerNorm::new,
                        c -> c.elementwiseAffine() ? 2 * elements(c.normalizedShape()) : 0),
                LayerType.of("BatchNorm1d", BatchNorm1d.class, BatchNorm1d.Config.class,
                        BatchNorm1d::new, NnLayerTypes::batchNormWeights),
                LayerType.of("Dropout", Dropout.class, Dropout.Config.class, Dropout::new, c -> 0),
                LayerType.of("ELU", ELU.class, ELU.Config.class, ELU::new, c -> 0),
                LayerType.of("LeakyReLU", LeakyReLU.class, LeakyReLU.Config.class, LeakyReLU::new, c -> 0),
                LayerType.of("RReLU", RReLU.class, RReLU.Config.class, RReLU::new, c -> 0),
                LayerType.of("Flatten", Flatten.class, Flatten.Config.class, Flatten::new, c -> 0),
                LayerType.of("GELU", GELU.class, GELU.Config.class, GELU::new, c -> 0),
                LayerType.of("Softmax", Softmax.class, AlongDim.Config.class, Softmax::new, c -> 0),
                LayerType.of("LogSoftmax", LogSoftmax.class, AlongDim.Config.class, LogSoftmax::new, c -> 0),
                LayerType.of("Softplus", Softplus.class, Softplus.Config.class, Softplus::new, c -> 0),
                LayerType.of("Identity", Identity.class, Identity.Config.class, Identity::new, c -> 0),
                LayerType.of("ReLU", ReLU.class, ReLU.Config.class, ReLU::new, c -> 0),
                LayerType.of("SiLU", SiLU.class, SiLU.Config.class, SiLU::new, c -> 0),
                LayerType.of("Sigmoid", Sigmoid.class, Sigmoid.Config.class, Sigmoid::new, c -> 0),
                LayerType.of("Tanh", Tanh.class, Tanh.Config.class, Tanh::new, c -> 0),
                LayerType.of("ReLU6", ReLU6.class, ReLU6.Config.class, ReLU6::new, c -> 0),
                LayerType.of("Hardtanh", Hardtanh.class, Hardtanh.Config.class, Hardtanh::new, c -> 0),
                LayerType.of("Hardswish", Hardswish.class, Hardswish.Config.class, Hardswish::new, c -> 0),
                LayerType.of("Hardsigmoid", Hardsigmoid.class, Hardsigmoid.Config.class, Hardsigmoid::new, c -> 0),
                LayerType.of("Mish", Mish.class, Mish.Config.class, Mish::new, c -> 0),
                LayerType.of("LogSigmoid", LogSigmoid.class, LogSigmoid.Config.class, LogSigmoid::new, c -> 0),
                LayerType.of("Softsign", Softsign.class, Softsign.Config.class, Softsign::new, c -> 0),
                LayerType.of("SELU", SELU.class, SELU.Config.class, SELU::new, c -> 0),
                LayerType.of("CELU", CELU.class, CELU.Config.class, CELU::new, c -> 0),
                LayerType.of("PReLU", PReLU.class, PReLU.Config.class, PReLU::new, c -> Math.max(c.numParameters(), 0)),
                LayerType.of("Tanhshrink", Tanhshrink.class, Tanhshrink.Config.class, Tanhshrink::new, c -> 0),
                LayerType.of("Hardshrink", Hardshrink.class, Shrink.Config.class, Hardshrink::new, c -> 0),
                LayerType.of("Softshrink", Softshrink.class, Shrink.Config.class, Softshrink::new, c -> 0),
                LayerType.of("Softmin", Softmin.class, AlongDim.Config.class, Softmin::new, c -> 0),
                LayerType.of("GLU", GLU.class, AlongDim.Config.class, GLU::new, c -> 0),
                LayerType.of("Threshold", Threshold.class, Threshold.Config.class, Threshold::new, c -> 0));
    }

    /** Weight elements of a BatchNorm1d or BatchNorm2d: affine weight and bias, running statistics and count. */
    static long batchNormWeights(BatchNorm1d.Config c) {
        return normWeights(c.numFeatures(), c.affine(), c.trackRunningStats());
    }

    /** Weight elements of a norm layer: weight and bias when affine, running statistics and their count when tracked. */
    static long normWeights(int numFeatures, boolean affine, boolean trackRunningStats) {
        long n = Math.max(numFeatures, 0);
        return (affine ? 2 * n : 0) + (trackRunningStats ? 2 * n + 1 : 0);
    }

    /** The number of elements of {@code shape} (a negative dim, refused by the layer, counts as 0; saturates). */
    static long elements(int[] shape) {
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
