package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Hard sigmoid {@code y = relu6(x + 3) / 6} (gradient 1/6 strictly inside (-3, 3), else 0, as
 * PyTorch's), as {@code torch.nn.Hardsigmoid}.
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class Hardsigmoid extends Module {

    /** The options of a Hardsigmoid: none (PyTorch's {@code inplace} has no meaning here); model files store it. */
    public record Config() {
    }

    public Hardsigmoid() {
    }

    /** The layer described by {@code config}. */
    public Hardsigmoid(Config config) {
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config();
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.add(3).hardtanh(0, 6).div(6);
    }
}
