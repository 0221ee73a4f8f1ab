package dev.nabla.nn.layers;

import dev.nabla.backend.UnaryOp;
import dev.nabla.nn.Init;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * A fully connected layer {@code y = x W^T + b}, as {@code torch.nn.Linear} (Keras's {@code Dense}).
 *
 * <p>Shape: input {@code [*, in]}, output {@code [*, out]}. The weight is stored as
 * {@code [out, in]} like PyTorch, so weights can be exchanged; the bias is {@code [out]}.
 *
 * <p>Default initialization (PyTorch's): weight and bias from {@code U(-1/sqrt(in), 1/sqrt(in))},
 * which is Kaiming uniform with {@code a = sqrt(5)} for the weight.
 */
public class Linear extends Module {
    /** The weight, shape {@code [out, in]}. */
    public final Parameter weight;
    /** The bias, shape {@code [out]}, or {@code null} when built without one. */
    public final Parameter bias;
    private final int inFeatures;
    private final int outFeatures;

    /**
     * The options of a Linear layer, PyTorch's constructor arguments; model files store them.
     *
     * @param bias whether the layer adds a learnable bias
     */
    public record Config(int inFeatures, int outFeatures, boolean bias) {
    }

    /** A layer with a bias, initialized from the default generator. */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true, Generator.getDefault());
    }

    /** A layer with or without a bias, initialized from the default generator. */
    public Linear(int inFeatures, int outFeatures, boolean bias) {
        this(inFeatures, outFeatures, bias, Generator.getDefault());
    }

    /** A layer with or without a bias, initialized from {@code gen}. */
    public Linear(int inFeatures, int outFeatures, boolean bias, Generator gen) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: feature counts must be positive, got in=" + inFeatures
                    + ", out=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Tensor.zeros(outFeatures, inFeatures));
        this.bias = bias ? registerParameter("bias", Tensor.zeros(outFeatures)) : null;
        Init.kaimingUniform(weight, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU, gen);
        if (bias) {
            double bound = 1 / Math.sqrt(inFeatures);
            Init.uniform(this.bias, -bound, bound, gen);
        }
    }

    /** The layer described by {@code config}, initialized from {@code gen}. */
    public Linear(Config config, Generator gen) {
        this(config.inFeatures(), config.outFeatures(), config.bias(), gen);
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(inFeatures, outFeatures, bias != null);
    }

    public int inFeatures() { return inFeatures; }

    public int outFeatures() { return outFeatures; }

    @Override
    public Tensor forward(Tensor input) {
        return checked(input).linear(weight, bias);
    }

    /**
     * Followed by exactly {@link ReLU}, {@link Sigmoid} or {@link Tanh}: one fused op. Subclasses
     * (of this layer or of the activation) may override {@code forward}, so they are not fused.
     */
    @Override
    protected Tensor forwardFused(Tensor input, Module next) {
        if (getClass() != Linear.class) {
            return null;
        }
        Class<?> c = next.getClass();
        UnaryOp act = c == ReLU.class ? UnaryOp.RELU : c == Sigmoid.class ? UnaryOp.SIGMOID
                : c == Tanh.class ? UnaryOp.TANH : null;
        return act == null ? null : dev.nabla.ops.Linear.apply(checked(input), weight, bias, act);
    }

    private Tensor checked(Tensor input) {
        if (input.dim() == 0 || input.size(-1) != inFeatures) {
            throw new IllegalArgumentException("Linear: expected input [*, " + inFeatures + "], got "
                    + java.util.Arrays.toString(input.shape()));
        }
        return input;
    }
}
