package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Channel dropout, as {@code torch.nn.Dropout2d}: in training each whole channel (feature map) is
 * zeroed with probability {@code p} and the others scaled by {@code 1 / (1 - p)}; in evaluation
 * mode the identity. Masks come from the layer's {@link Generator}.
 *
 * <p>Shape: {@code [N, C, H, W]} or unbatched {@code [C, H, W]}, output the same.
 */
public class Dropout2d extends Module {

    /** The options of a Dropout2d: the probability of zeroing a channel; model files store it. */
    public record Config(double p) {
    }

    /** The layer described by {@code config}, its masks drawn from the default generator. */
    public Dropout2d(Config config) {
        this(config.p());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(p);
    }

    private final double p;
    private final Generator generator;

    /** Drop probability 0.5, default generator. */
    public Dropout2d() {
        this(0.5);
    }

    public Dropout2d(double p) {
        this(p, Generator.getDefault());
    }

    public Dropout2d(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout2d: probability must be in [0, 1], got " + p);
        }
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException("Dropout2d: expected input [N, C, H, W] or [C, H, W], got "
                    + java.util.Arrays.toString(input.shape()));
        }
        if (!isTraining() || p == 0) {
            return input;
        }
        if (p == 1) {
            return input.mul(0);
        }
        int[] maskShape = input.shape();
        maskShape[maskShape.length - 1] = 1;
        maskShape[maskShape.length - 2] = 1;
        Tensor mask = Tensor.bernoulli(generator, 1 - p, maskShape).to(input.backend()).to(input.dtype());
        return input.mul(mask.mul(1 / (1 - p)));
    }

    /** The drop probability. */
    public double p() { return p; }
}
