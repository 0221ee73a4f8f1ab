package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Rectified linear unit {@code y = max(x, 0)}, as {@code torch.nn.ReLU}.
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class ReLU extends Module {

    /** The options of a ReLU: none (PyTorch's {@code inplace} has no meaning here); model files store it. */
    public record Config() {
    }

    public ReLU() {
    }

    /** The layer described by {@code config}. */
    public ReLU(Config config) {
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config();
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }
}
