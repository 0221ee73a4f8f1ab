package dev.nabla.nn.layers;

import dev.nabla.ops.Distances;
import dev.nabla.tensor.Tensor;

/**
 * The p-norm distance {@code ||x1 - x2 + eps||_p} along the last dim, as
 * {@code torch.nn.PairwiseDistance} (default p 2, eps 1e-6, keepdim false); see
 * {@link Distances#pairwiseDistance}. Two inputs ({@link TwoInputModule}), broadcast.
 */
public class PairwiseDistance extends TwoInputModule {

    /** The options of a PairwiseDistance, PyTorch's constructor arguments; model files store them. */
    public record Config(double p, double eps, boolean keepdim) {
    }

    private final Config config;

    /** The layer described by {@code config}. */
    public PairwiseDistance(Config config) {
        this.config = config;
    }

    /** p 2, eps 1e-6, the last dim dropped. */
    public PairwiseDistance() {
        this(new Config(2, 1e-6, false));
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return config;
    }

    @Override
    public Tensor forward(Tensor x1, Tensor x2) {
        return Distances.pairwiseDistance(x1, x2, config.p(), config.eps(), config.keepdim());
    }
}
