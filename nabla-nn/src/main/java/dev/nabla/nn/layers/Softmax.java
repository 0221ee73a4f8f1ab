package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Softmax {@code y_i = exp(x_i) / sum_j exp(x_j)} along {@code dim}, computed stably, as {@code
 * torch.nn.Softmax} (default dim -1, as Keras).
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class Softmax extends Module {
    private final int dim;

    /** The options of a Softmax (PyTorch's constructor arguments); model files store them. */
    public record Config(int dim) {
    }

    /** The layer described by {@code config}. */
    public Softmax(Config config) {
        this(config.dim());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(dim);
    }

    /** Along the last dim. */
    public Softmax() {
        this(-1);
    }

    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.softmax(dim);
    }

    /** Configuration, as given to the constructor. */
    public int dim() { return dim; }
}
