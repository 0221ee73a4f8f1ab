package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Randomized leaky ReLU, as {@code torch.nn.RReLU}: in training each negative element is scaled
 * by its own slope drawn from {@code U(lower, upper)} (from the layer's {@link Generator}); in
 * evaluation by {@code (lower + upper) / 2}. Defaults lower 1/8, upper 1/3.
 *
 * <p>Shape: any, output the same.
 */
public class RReLU extends Module {

    /** The options of an RReLU, PyTorch's constructor arguments; model files store them. */
    public record Config(double lower, double upper) {
    }

    private final Config config;
    private final Generator generator;

    /** The layer described by {@code config}, its slopes drawn from the default generator. */
    public RReLU(Config config) {
        this(config, Generator.getDefault());
    }

    /** Slopes in {@code [1/8, 1/3]}. */
    public RReLU() {
        this(new Config(1.0 / 8, 1.0 / 3));
    }

    /** The layer described by {@code config}, its slopes drawn from {@code generator}. */
    public RReLU(Config config, Generator generator) {
        if (!(config.lower() <= config.upper())) {
            throw new IllegalArgumentException("RReLU: lower must be at most upper, got " + config);
        }
        this.config = config;
        this.generator = generator;
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return config;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (!isTraining()) {
            return input.leakyRelu((config.lower() + config.upper()) / 2);
        }
        Tensor slopes = Tensor.uniform(generator, config.lower(), config.upper(), input.shape()).to(input.backend())
                .to(input.dtype());
        return Tensor.where(input.ge(0), input, input.mul(slopes));
    }
}
