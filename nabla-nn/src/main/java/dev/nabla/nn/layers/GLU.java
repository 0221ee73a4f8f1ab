package dev.nabla.nn.layers;

import dev.nabla.tensor.Tensor;

/**
 * Gated linear unit, as {@code torch.nn.GLU} (default dim -1): the input's halves {@code a, b}
 * along {@code dim} give {@code a * sigmoid(b)}, so that dim halves (its size must be even).
 */
public class GLU extends AlongDim {

    /** The layer described by {@code config}. */
    public GLU(Config config) {
        this(config.dim());
    }

    /** Along the last dim. */
    public GLU() {
        this(-1);
    }

    public GLU(int dim) {
        super(dim);
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
