package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * {@code y = softmax(-x)} along {@code dim}, as {@code torch.nn.Softmin} (default dim -1).
 *
 * <p>Shape: any with dim {@code dim}; see the formula. No parameters.
 */
public class Softmin extends Module {
    private final int dim;

    /** The options of a Softmin (PyTorch's constructor arguments); model files store them. */
    public record Config(int dim) {
    }

    /** The layer described by {@code config}. */
    public Softmin(Config config) {
        this(config.dim());
    }

    /** Along dim -1. */
    public Softmin() {
        this(-1);
    }

    public Softmin(int dim) {
        this.dim = dim;
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(dim);
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.neg().softmax(dim);
    }
}
