package dev.nabla.nn.attention;

import dev.nabla.backend.ArrayPool;
import dev.nabla.backend.Shape;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Adds the fixed sinusoidal position code of "Attention is all you need":
 * {@code PE[t, 2i] = sin(t / 10000^(2i/d))}, {@code PE[t, 2i+1] = cos(t / 10000^(2i/d))}.
 * Shape: {@code [B, L, d]} in and out, {@code L <= maxLength}. No parameters.
 */
public class SinusoidalPositionalEncoding extends Module {
    private final int dim;
    private final int maxLength;
    /** The code of the longest input seen so far (computed on demand, so that building allocates nothing). */
    private volatile Tensor code;

    /** The options of a SinusoidalPositionalEncoding: the model size and the longest sequence; model files store them. */
    public record Config(int dim, int maxLength) {
    }

    /** The encoding described by {@code config}. */
    public SinusoidalPositionalEncoding(Config config) {
        this(config.dim(), config.maxLength());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(dim, maxLength);
    }

    public SinusoidalPositionalEncoding(int dim, int maxLength) {
        if (dim <= 0 || maxLength <= 0) {
            throw new IllegalArgumentException("SinusoidalPositionalEncoding: dim and maxLength must be positive, got "
                    + dim + " and " + maxLength);
        }
        this.dim = dim;
        this.maxLength = maxLength;
    }

    /** The code table {@code [maxLength, dim]}. */
    public Tensor table() {
        return code(maxLength, dim);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 3 || x.size(1) > maxLength || x.size(2) != dim) {
            throw new IllegalArgumentException("SinusoidalPositionalEncoding: expected [B, L <= " + maxLength
                    + ", " + dim + "], got " + Shape.str(x.shape()));
        }
        Tensor c = code;
        if (c == null || c.size(0) < x.size(1)) {
            int length = x.size(1);
            c = ArrayPool.unrecorded(() -> code(length, dim)); // kept beyond the training step that made it
            code = c;
        }
        return x.add(c.narrow(0, 0, x.size(1)).to(x.dtype()));
    }

    /** The code of positions {@code 0 .. length-1}, {@code [length, dim]}, in the default type. */
    private static Tensor code(int length, int dim) {
        double[] pe = new double[length * dim];
        for (int t = 0; t < length; t++) {
            for (int i = 0; i < dim; i++) {
                double angle = t / Math.pow(10000, (i - i % 2) / (double) dim);
                pe[t * dim + i] = i % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
            }
        }
        return Tensor.of(pe, length, dim).to(Tensor.zeros(1).dtype());
    }
}
