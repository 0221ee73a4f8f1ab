package dev.nabla.nn.attention;

import dev.nabla.backend.Shape;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Adds the fixed sinusoidal position code of "Attention is all you need":
 * {@code PE[t, 2i] = sin(t / 10000^(2i/d))}, {@code PE[t, 2i+1] = cos(t / 10000^(2i/d))}.
 * Shape: {@code [B, L, d]} in and out, {@code L <= maxLength}. No parameters.
 */
public class SinusoidalPositionalEncoding extends Module {
    private final Tensor table;

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
        return new Config(table.size(1), table.size(0));
    }

    public SinusoidalPositionalEncoding(int dim, int maxLength) {
        if (dim <= 0 || maxLength <= 0) {
            throw new IllegalArgumentException("SinusoidalPositionalEncoding: dim and maxLength must be positive, got "
                    + dim + " and " + maxLength);
        }
        double[] pe = new double[maxLength * dim];
        for (int t = 0; t < maxLength; t++) {
            for (int i = 0; i < dim; i++) {
                double angle = t / Math.pow(10000, (i - i % 2) / (double) dim);
                pe[t * dim + i] = i % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
            }
        }
        table = Tensor.of(pe, maxLength, dim).to(Tensor.zeros(1).dtype());
    }

    /** The code table {@code [maxLength, dim]}. */
    public Tensor table() {
        return table;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 3 || x.size(1) > table.size(0) || x.size(2) != table.size(1)) {
            throw new IllegalArgumentException("SinusoidalPositionalEncoding: expected [B, L <= " + table.size(0)
                    + ", " + table.size(1) + "], got " + Shape.str(x.shape()));
        }
        return x.add(table.narrow(0, 0, x.size(1)).to(x.dtype()));
    }
}
