package dev.nabla.nn.layers;

import dev.nabla.tensor.Tensor;

/**
 * Log-softmax {@code y_i = x_i - log sum_j exp(x_j)} along {@code dim}, computed stably, as {@code
 * torch.nn.LogSoftmax} (default dim -1); pair it with {@code NLLLoss}; see {@link AlongDim}.
 */
public class LogSoftmax extends AlongDim {

    /** The layer described by {@code config}. */
    public LogSoftmax(Config config) {
        this(config.dim());
    }

    /** Along the last dim. */
    public LogSoftmax() {
        this(-1);
    }

    public LogSoftmax(int dim) {
        super(dim);
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.logSoftmax(dim);
    }
}
