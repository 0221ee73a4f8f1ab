package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Gated linear unit: the input's halves {@code a, b} along {@code dim} give {@code a * sigmoid(b)} (the dim halves), as {@code torch.nn.GLU} (default dim -1).
 *
 * <p>Shape: any with dim {@code dim}; see the formula. No parameters.
 */
public class GLU extends Module {
    private final int dim;

    /** The options of a GLU (PyTorch's constructor arguments); model files store them. */
    public record Config(int dim) {
    }

    /** The layer described by {@code config}. */
    public GLU(Config config) {
        this(config.dim());
    }

    /** Along dim -1. */
    public GLU() {
        this(-1);
    }

    public GLU(int dim) {
        this.dim = dim;
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(dim);
    }

    @Override
    public Tensor forward(Tensor input) {
        int d = dev.nabla.backend.Shape.dim("GLU", dim, input.dim());
        int n = input.size(d);
        if (n % 2 != 0) {
            throw new IllegalArgumentException("GLU: dim " + dim + " must have an even size, got "
                    + dev.nabla.backend.Shape.str(input.shape()));
        }
        return input.narrow(d, 0, n / 2).mul(input.narrow(d, n / 2, n / 2).sigmoid());
    }
}
