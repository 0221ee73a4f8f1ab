package dev.nabla.nn.layers;

import dev.nabla.tensor.Tensor;

/**
 * Softmax {@code y_i = exp(x_i) / sum_j exp(x_j)} along {@code dim}, computed stably, as {@code
 * torch.nn.Softmax} (default dim -1, as Keras); see {@link AlongDim}.
 */
public class Softmax extends AlongDim {

    /** The layer described by {@code config}. */
    public Softmax(Config config) {
        this(config.dim());
    }

    /** Along the last dim. */
    public Softmax() {
        this(-1);
    }

    public Softmax(int dim) {
        super(dim);
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.softmax(dim);
    }
}
