package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Logistic sigmoid {@code y = 1 / (1 + exp(-x))}, as {@code torch.nn.Sigmoid}.
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class Sigmoid extends Module {

    /** The options of a Sigmoid: none (PyTorch's {@code inplace} has no meaning here); model files store it. */
    public record Config() {
    }

    public Sigmoid() {
    }

    /** The layer described by {@code config}. */
    public Sigmoid(Config config) {
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config();
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.sigmoid();
    }
}
