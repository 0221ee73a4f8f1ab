package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Inverted dropout, as {@code torch.nn.Dropout}: in training each element is zeroed with
 * probability {@code p} and the survivors are scaled by {@code 1 / (1 - p)}, so
 * {@code E[y] = x}; in evaluation mode it is the identity.
 *
 * <p>{@code y = x * m / (1 - p)}, {@code m ~ Bernoulli(1 - p)} elementwise, drawn from the layer's
 * {@link Generator} (seed it for reproducible runs). Shape: any, output the same shape.
 */
public class Dropout extends Module {
    private final double p;
    private final Generator generator;

    /** The options of a Dropout (PyTorch's constructor arguments); model files store them. */
    public record Config(double p) {
    }

    /** The layer described by {@code config}. */
    public Dropout(Config config) {
        this(config.p());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(p);
    }

    /** Drop probability 0.5, default generator. */
    public Dropout() {
        this(0.5);
    }

    /** Drop probability {@code p}, default generator. */
    public Dropout(double p) {
        this(p, Generator.getDefault());
    }

    /** Drop probability {@code p}, masks drawn from {@code generator}. */
    public Dropout(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: probability must be in [0, 1], got " + p);
        }
        this.p = p;
        this.generator = generator;
    }

    /** The drop probability. */
    public double p() { return p; }

    @Override
    public Tensor forward(Tensor input) {
        if (!isTraining() || p == 0) {
            return input;
        }
        if (p == 1) {
            return input.mul(0);
        }
        Tensor mask = Tensor.bernoulli(generator, 1 - p, input.shape()).to(input.backend()).to(input.dtype());
        return input.mul(mask.mul(1 / (1 - p)));
    }

    /** Configuration, as given to the constructor. */
    public dev.nabla.tensor.Generator generator() { return generator; }
}
