package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * {@code y = x - tanh(x)}, as {@code torch.nn.Tanhshrink}.
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class Tanhshrink extends Module {

    /** The options of a Tanhshrink: none; model files store it. */
    public record Config() {
    }

    public Tanhshrink() {
    }

    /** The layer described by {@code config}. */
    public Tanhshrink(Config config) {
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config();
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.sub(input.tanh());
    }
}
