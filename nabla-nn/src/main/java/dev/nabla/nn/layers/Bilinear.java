package dev.nabla.nn.layers;

import dev.nabla.nn.Init;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * A bilinear layer {@code y_o = x1^T W_o x2 + b_o}, as {@code torch.nn.Bilinear}; it takes two
 * inputs ({@link TwoInputModule}).
 *
 * <p>Shape: inputs {@code [*, in1]} and {@code [*, in2]}, output {@code [*, out]}; weight
 * {@code [out, in1, in2]}, bias {@code [out]}, both from {@code U(-1/sqrt(in1), 1/sqrt(in1))} as
 * PyTorch initializes them.
 */
public class Bilinear extends TwoInputModule {
    /** The weight, shape {@code [out, in1, in2]}. */
    public final Parameter weight;
    /** The bias, shape {@code [out]}, or {@code null}. */
    public final Parameter bias;
    private final Config config;

    /** The options of a Bilinear layer, PyTorch's constructor arguments; model files store them. */
    public record Config(int in1Features, int in2Features, int outFeatures, boolean bias) {
    }

    /** The layer described by {@code config}, initialized from {@code gen}. */
    public Bilinear(Config config, Generator gen) {
        if (config.in1Features() <= 0 || config.in2Features() <= 0 || config.outFeatures() <= 0) {
            throw new IllegalArgumentException("Bilinear: feature counts must be positive, got " + config);
        }
        this.config = config;
        double bound = 1 / Math.sqrt(config.in1Features());
        this.weight = registerParameter("weight", Tensor.zeros(config.outFeatures(), config.in1Features(), config.in2Features()));
        Init.uniform(weight, -bound, bound, gen);
        this.bias = config.bias() ? registerParameter("bias", Tensor.zeros(config.outFeatures())) : null;
        if (bias != null) {
            Init.uniform(bias, -bound, bound, gen);
        }
    }

    /** With a bias, initialized from the default generator. */
    public Bilinear(int in1Features, int in2Features, int outFeatures) {
        this(new Config(in1Features, in2Features, outFeatures, true), Generator.getDefault());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return config;
    }

    /** {@code x1^T W_o x2 + b_o} for each output {@code o}. */
    @Override
    public Tensor forward(Tensor x1, Tensor x2) {
        return Tensor.bilinear(x1, x2, weight, bias);
    }
}
