package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Log-softmax {@code y_i = x_i - log sum_j exp(x_j)} along {@code dim}, computed stably, as {@code
 * torch.nn.LogSoftmax} (default dim -1); pair it with {@code NLLLoss}.
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class LogSoftmax extends Module {
    private final int dim;

    /** The options of a LogSoftmax (PyTorch's constructor arguments); model files store them. */
    public record Config(int dim) {
    }

    /** The layer described by {@code config}. */
    public LogSoftmax(Config config) {
        this(config.dim());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(dim);
    }

    /** Along the last dim. */
    public LogSoftmax() {
        this(-1);
    }

    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.logSoftmax(dim);
    }

    /** Configuration, as given to the constructor. */
    public int dim() { return dim; }
}
