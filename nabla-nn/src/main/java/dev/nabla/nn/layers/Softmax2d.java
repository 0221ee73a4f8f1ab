package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Softmax over the channels at each position, as {@code torch.nn.Softmax2d}.
 *
 * <p>Shape: {@code [N, C, H, W]} or {@code [C, H, W]}, output the same.
 */
public class Softmax2d extends Module {

    /** The options of a Softmax2d: none; model files store the empty record. */
    public record Config() {
    }

    /** The layer described by {@code config}. */
    public Softmax2d(Config config) {
    }

    public Softmax2d() {
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config();
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException("Softmax2d: expected input [N, C, H, W] or [C, H, W], got "
                    + Arrays.toString(input.shape()));
        }
        return input.softmax(-3);
    }
}
