package dev.nabla.nn.layers;

import static dev.nabla.nn.layers.LayerCase.floats;
import static dev.nabla.nn.layers.LayerCase.indices;
import static dev.nabla.nn.layers.LayerCase.nonzero;
import static dev.nabla.nn.layers.LayerCase.of;
import static dev.nabla.nn.layers.LayerCase.positive;
import static dev.nabla.nn.layers.LayerCase.shape;

import dev.nabla.nn.Sequential;
import java.util.List;

/** Every layer, in the configurations the shared harness runs. */
final class LayerCatalog {
    private LayerCatalog() {
    }

    static List<LayerCase> all() {
        return List.of(
                of("Linear", g -> new Linear(4, 3, true, g), floats(2, 4), shape(2, 3), "weight", "bias"),
                of("Linear no bias", g -> new Linear(4, 3, false, g), floats(2, 5, 4), shape(2, 5, 3), "weight"),
                of("ReLU", g -> new ReLU(), nonzero(2, 3), shape(2, 3)),
                of("Sigmoid", g -> new Sigmoid(), floats(2, 3), shape(2, 3)),
                of("Tanh", g -> new Tanh(), floats(2, 3), shape(2, 3)),
                of("Softmax", g -> new Softmax(1), floats(2, 5), shape(2, 5)),
                of("Softmax dim 0", g -> new Softmax(0), floats(3, 2), shape(3, 2)),
                of("LogSoftmax", g -> new LogSoftmax(), floats(2, 5), shape(2, 5)),
                of("LeakyReLU", g -> new LeakyReLU(0.2), nonzero(2, 3), shape(2, 3)),
                of("ELU", g -> new ELU(0.7), nonzero(2, 3), shape(2, 3)),
                of("GELU", g -> new GELU(), floats(2, 3), shape(2, 3)),
                of("GELU tanh", g -> new GELU(true), floats(2, 3), shape(2, 3)),
                of("SiLU", g -> new SiLU(), floats(2, 3), shape(2, 3)),
                of("Softplus", g -> new Softplus(2, 3), floats(2, 4), shape(2, 4)),
                of("Identity", g -> new Identity(), floats(2, 3), shape(2, 3)),
                of("Dropout", g -> new Dropout(0.3, g), floats(4, 6), shape(4, 6)).stochastic(),
                of("Flatten", g -> new Flatten(), floats(2, 3, 4), shape(2, 12)),
                of("Flatten 0..1", g -> new Flatten(0, 1), floats(2, 3, 4), shape(6, 4)),
                of("Embedding", g -> new Embedding(10, 4, 0, g), indices(10, 2, 3), shape(2, 3, 4), "weight"),
                of("EmbeddingBag", g -> new EmbeddingBag(new EmbeddingBag.Config(10, 4, "sum", false, null), g),
                        indices(10, 2, 3), shape(2, 4), "weight"),
                of("LayerNorm", g -> new LayerNorm(4), floats(2, 3, 4), shape(2, 3, 4), "weight", "bias"),
                of("LayerNorm 2-D", g -> new LayerNorm(3, 4), floats(2, 3, 4), shape(2, 3, 4), "weight", "bias"),
                of("LayerNorm no affine", g -> new LayerNorm(new int[] {4}, 1e-5, false), floats(3, 4), shape(3, 4)),
                of("BatchNorm1d", g -> new BatchNorm1d(3), floats(4, 3), shape(4, 3),
                        "weight", "bias", "running_mean", "running_var", "num_batches_tracked").differsInEval(),
                of("BatchNorm1d 3-D", g -> new BatchNorm1d(3), floats(4, 3, 5), shape(4, 3, 5),
                        "weight", "bias", "running_mean", "running_var", "num_batches_tracked").differsInEval(),
                // ---- image layers (issue 14)
                of("Conv2d", g -> new Conv2d(2, 3, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1,
                        true, "zeros", g), floats(2, 2, 5, 4), shape(2, 3, 5, 4), "weight", "bias"),
                of("Conv2d s2 groups no bias", g -> new Conv2d(4, 2, new int[] {2, 3}, new int[] {2, 1}, new int[] {0, 1},
                        new int[] {1, 1}, 2, false, "zeros", g), floats(1, 4, 5, 5), shape(1, 2, 2, 5), "weight"),
                of("Conv2d same reflect", g -> new Conv2d(2, 2, new int[] {3, 2}, new int[] {1, 1}, "same",
                        new int[] {1, 1}, 1, true, "reflect", g), floats(1, 2, 4, 5), shape(1, 2, 4, 5), "weight", "bias"),
                of("Conv2d circular", g -> new Conv2d(1, 2, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1},
                        new int[] {1, 1}, 1, true, "circular", g), floats(3, 1, 3, 4), shape(3, 2, 3, 4), "weight", "bias"),
                of("Conv1d", g -> new Conv1d(3, 2, 3, 2, 1, 1, 1, true, "zeros", g), floats(2, 3, 7), shape(2, 2, 4),
                        "weight", "bias"),
                of("Conv1d same replicate", g -> new Conv1d(2, 2, 4, 1, "same", 1, 2, true, "replicate", g),
                        floats(2, 2, 6), shape(2, 2, 6), "weight", "bias"),
                of("ConvTranspose2d", g -> new ConvTranspose2d(2, 3, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1},
                        new int[] {1, 0}, 1, true, new int[] {1, 1}, g), floats(1, 2, 3, 3), shape(1, 3, 6, 5),
                        "weight", "bias"),
                of("ConvTranspose1d", g -> new ConvTranspose1d(4, 6, 3, 2, 1, 1, 2, true, 2, g), floats(2, 4, 5),
                        shape(2, 6, 12), "weight", "bias"),
                of("MaxPool2d", g -> new MaxPool2d(2), floats(2, 3, 5, 4), shape(2, 3, 2, 2)),
                of("MaxPool2d s1 p1", g -> new MaxPool2d(3, 1, 1), floats(1, 2, 4, 4), shape(1, 2, 4, 4)),
                of("AvgPool2d", g -> new AvgPool2d(2), floats(2, 3, 5, 4), shape(2, 3, 2, 2)),
                of("AvgPool2d ceil exclude pad", g -> new AvgPool2d(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1},
                        true, false, null), floats(1, 2, 6, 5), shape(1, 2, 4, 3)),
                of("AdaptiveAvgPool2d", g -> new AdaptiveAvgPool2d(3, 2), floats(2, 2, 7, 5), shape(2, 2, 3, 2)),
                of("AdaptiveMaxPool2d", g -> new AdaptiveMaxPool2d(3, 2), floats(2, 2, 7, 5), shape(2, 2, 3, 2)),
                of("AdaptiveMaxPool2d unbatched keep width", g -> new AdaptiveMaxPool2d(2, null), floats(2, 5, 3),
                        shape(2, 2, 3)),
                of("MaxPool1d", g -> new MaxPool1d(new MaxPool1d.Config(3, 2, 1, 2, true)), floats(2, 3, 9), shape(2, 3, 4)),
                of("AvgPool1d exclude pad", g -> new AvgPool1d(new AvgPool1d.Config(3, 1, 1, false, false)), floats(2, 3, 6),
                        shape(2, 3, 6)),
                of("AdaptiveAvgPool1d", g -> new AdaptiveAvgPool1d(4), floats(2, 3, 7), shape(2, 3, 4)),
                of("AdaptiveMaxPool1d", g -> new AdaptiveMaxPool1d(3), floats(2, 3, 7), shape(2, 3, 3)),
                of("InstanceNorm1d affine", g -> new InstanceNorm1d(3, 1e-5, 0.1, true, false), floats(2, 3, 5),
                        shape(2, 3, 5), "weight", "bias"),
                of("InstanceNorm1d unbatched", g -> new InstanceNorm1d(3), floats(3, 5), shape(3, 5)),
                of("InstanceNorm2d tracked", g -> new InstanceNorm2d(3, 1e-3, 0.3, false, true), floats(2, 3, 3, 4),
                        shape(2, 3, 3, 4), "running_mean", "running_var", "num_batches_tracked").differsInEval(),
                of("BatchNorm2d", g -> new BatchNorm2d(3), floats(2, 3, 2, 3), shape(2, 3, 2, 3),
                        "weight", "bias", "running_mean", "running_var", "num_batches_tracked").differsInEval(),
                of("GroupNorm", g -> new GroupNorm(2, 4), floats(2, 4, 3), shape(2, 4, 3), "weight", "bias"),
                of("GroupNorm no affine", g -> new GroupNorm(3, 3, 1e-3, false), floats(2, 3, 2, 2), shape(2, 3, 2, 2)),
                of("RMSNorm", g -> new RMSNorm(4), floats(2, 3, 4), shape(2, 3, 4), "weight"),
                of("RMSNorm eps 2-D", g -> new RMSNorm(new int[] {2, 3}, 1e-3, false), floats(4, 2, 3), shape(4, 2, 3)),
                of("Dropout2d", g -> new Dropout2d(0.4, g), floats(4, 6, 2, 2), shape(4, 6, 2, 2)).stochastic(),
                of("Dropout1d", g -> new Dropout1d(0.4, g), floats(4, 6, 3), shape(4, 6, 3)).stochastic(),
                of("Softmax2d", g -> new Softmax2d(), floats(2, 3, 2, 2), shape(2, 3, 2, 2)),
                of("LPPool2d", g -> new LPPool2d(new LPPool.Config(2, new int[] {2, 3}, new int[] {2, 1}, true)),
                        floats(2, 3, 5, 6), shape(2, 3, 3, 4)),
                of("LPPool1d p3", g -> new LPPool1d(3, 2), positive(2, 3, 6), shape(2, 3, 3)),
                of("RReLU", g -> new RReLU(new RReLU.Config(0.1, 0.3), g), nonzero(3, 4), shape(3, 4)).stochastic(),
                of("ChannelShuffle", g -> new ChannelShuffle(2), floats(2, 6, 3), shape(2, 6, 3)),
                of("LocalResponseNorm", g -> new LocalResponseNorm(new LocalResponseNorm.Config(3, 0.5, 0.75, 2)),
                        floats(2, 5, 2, 3), shape(2, 5, 2, 3)),
                of("Unfold", g -> new Unfold(new Unfold.Config(new int[] {2, 3}, new int[] {1, 1}, new int[] {1, 0},
                        new int[] {2, 1})), floats(2, 3, 4, 5), shape(2, 18, 9)),
                of("Fold", g -> new Fold(new Fold.Config(new int[] {4, 5}, new int[] {2, 3}, new int[] {1, 1},
                        new int[] {1, 0}, new int[] {2, 1})), floats(2, 18, 9), shape(2, 3, 4, 5)),
                of("Upsample nearest", g -> new Upsample(2), floats(1, 2, 3, 2), shape(1, 2, 6, 4)),
                of("Upsample bilinear", g -> new Upsample(new int[] {5, 3}, null, "bilinear", true), floats(1, 2, 3, 2),
                        shape(1, 2, 5, 3)),
                of("Unflatten", g -> new Unflatten(1, 1, 3, -1), floats(2, 12), shape(2, 1, 3, 4)),
                of("Sequential CNN", g -> new Sequential(new Conv2d(1, 2, new int[] {3, 3}, new int[] {1, 1},
                        new int[] {1, 1}, new int[] {1, 1}, 1, true, "zeros", g), new ReLU(), new MaxPool2d(2), new Flatten(),
                        new Linear(8, 3, true, g)), nonzero(2, 1, 4, 4), shape(2, 3),
                        "0.weight", "0.bias", "4.weight", "4.bias"),
                of("Sequential MLP", g -> new Sequential(new Linear(4, 5, true, g), new Tanh(), new Linear(5, 2, true, g)),
                        floats(3, 4), shape(3, 2), "0.weight", "0.bias", "2.weight", "2.bias"));
    }
}
