package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * ReLU capped at 6, {@code y = min(max(x, 0), 6)} (gradient 0 at 0 and 6, as PyTorch's), as {@code torch.nn.ReLU6}.
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class ReLU6 extends Module {

    /** The options of a ReLU6: none (PyTorch's {@code inplace} has no meaning here); model files store it. */
    public record Config() {
    }

    public ReLU6() {
    }

    /** The layer described by {@code config}. */
    public ReLU6(Config config) {
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config();
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.hardtanh(0, 6);
    }
}
