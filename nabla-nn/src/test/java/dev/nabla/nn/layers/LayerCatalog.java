package dev.nabla.nn.layers;

import static dev.nabla.nn.layers.LayerCase.floats;
import static dev.nabla.nn.layers.LayerCase.indices;
import static dev.nabla.nn.layers.LayerCase.nonzero;
import static dev.nabla.nn.layers.LayerCase.of;
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
                of("LayerNorm", g -> new LayerNorm(4), floats(2, 3, 4), shape(2, 3, 4), "weight", "bias"),
                of("LayerNorm 2-D", g -> new LayerNorm(3, 4), floats(2, 3, 4), shape(2, 3, 4), "weight", "bias"),
                of("LayerNorm no affine", g -> new LayerNorm(new int[] {4}, 1e-5, false), floats(3, 4), shape(3, 4)),
                of("BatchNorm1d", g -> new BatchNorm1d(3), floats(4, 3), shape(4, 3),
                        "weight", "bias", "running_mean", "running_var", "num_batches_tracked").differsInEval(),
                of("BatchNorm1d 3-D", g -> new BatchNorm1d(3), floats(4, 3, 5), shape(4, 3, 5),
                        "weight", "bias", "running_mean", "running_var", "num_batches_tracked").differsInEval(),
                of("Sequential MLP", g -> new Sequential(new Linear(4, 5, true, g), new Tanh(), new Linear(5, 2, true, g)),
                        floats(3, 4), shape(3, 2), "0.weight", "0.bias", "2.weight", "2.bias"));
    }
}
