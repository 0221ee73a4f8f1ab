package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Scaled exponential linear unit (Klambauer et al. 2017), as {@code torch.nn.SELU}:
 * {@code y = scale * (x > 0 ? x : alpha * (exp(x) - 1))} with PyTorch's {@code alpha} and
 * {@code scale}.
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class SELU extends Module {
    /** PyTorch's (and the paper's) constants. */
    public static final double ALPHA = 1.6732632423543772848170429916717;
    public static final double SCALE = 1.0507009873554804934193349852946;

    /** The options of a SELU: none (PyTorch's {@code inplace} has no meaning here); model files store it. */
    public record Config() {
    }

    public SELU() {
    }

    /** The layer described by {@code config}. */
    public SELU(Config config) {
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config();
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.elu(ALPHA).mul(SCALE);
    }
}
