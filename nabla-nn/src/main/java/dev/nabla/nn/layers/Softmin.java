package dev.nabla.nn.layers;

import dev.nabla.tensor.Tensor;

/**
 * {@code y = softmax(-x)} along {@code dim}, as {@code torch.nn.Softmin} (default dim -1); see
 * {@link AlongDim}.
 */
public class Softmin extends AlongDim {

    /** The layer described by {@code config}. */
    public Softmin(Config config) {
        this(config.dim());
    }

    /** Along the last dim. */
    public Softmin() {
        this(-1);
    }

    public Softmin(int dim) {
        super(dim);
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.neg().softmax(dim);
    }
}
