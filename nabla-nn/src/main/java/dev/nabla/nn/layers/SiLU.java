package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * SiLU (swish) {@code y = x * sigmoid(x)}, as {@code torch.nn.SiLU}.
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class SiLU extends Module {

    /** The options of a SiLU: none (PyTorch's {@code inplace} has no meaning here); model files store it. */
    public record Config() {
    }

    public SiLU() {
    }

    /** The layer described by {@code config}. */
    public SiLU(Config config) {
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config();
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.silu();
    }
}
