package dev.nabla.nn.layers;

import dev.nabla.ops.Distances;
import dev.nabla.tensor.Tensor;

/**
 * The cosine similarity of two inputs along {@code dim}, as {@code torch.nn.CosineSimilarity}
 * (default dim 1, eps 1e-8); see {@link Distances#cosineSimilarity}. Two inputs
 * ({@link TwoInputModule}), broadcast; the output drops {@code dim}.
 */
public class CosineSimilarity extends TwoInputModule {

    /** The options of a CosineSimilarity, PyTorch's constructor arguments; model files store them. */
    public record Config(int dim, double eps) {
    }

    private final Config config;

    /** The layer described by {@code config}. */
    public CosineSimilarity(Config config) {
        this.config = config;
    }

    /** Along dim 1, eps 1e-8. */
    public CosineSimilarity() {
        this(new Config(1, 1e-8));
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return config;
    }

    @Override
    public Tensor forward(Tensor x1, Tensor x2) {
        return Distances.cosineSimilarity(x1, x2, config.dim(), config.eps());
    }
}
