package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Hard swish {@code y = x * relu6(x + 3) / 6} (MobileNetV3), as {@code torch.nn.Hardswish}.
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class Hardswish extends Module {

    /** The options of a Hardswish: none (PyTorch's {@code inplace} has no meaning here); model files store it. */
    public record Config() {
    }

    public Hardswish() {
    }

    /** The layer described by {@code config}. */
    public Hardswish(Config config) {
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config();
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.hardswish();
    }
}
