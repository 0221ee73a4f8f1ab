package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * {@code y = x / (1 + |x|)}, as {@code torch.nn.Softsign}.
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class Softsign extends Module {

    /** The options of a Softsign: none (PyTorch's {@code inplace} has no meaning here); model files store it. */
    public record Config() {
    }

    public Softsign() {
    }

    /** The layer described by {@code config}. */
    public Softsign(Config config) {
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config();
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.div(input.abs().add(1));
    }
}
