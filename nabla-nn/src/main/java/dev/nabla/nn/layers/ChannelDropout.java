package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Channel dropout, the common part of {@link Dropout1d} and {@link Dropout2d}: in training each
 * whole channel is zeroed with probability {@code p} and the others scaled by {@code 1 / (1 - p)};
 * in evaluation mode the identity. Masks come from the layer's {@link Generator}.
 */
public abstract class ChannelDropout extends Module {

    /** The options of a channel dropout: the probability of zeroing a channel; model files store it. */
    public record Config(double p) {
    }

    private final double p;
    private final Generator generator;
    private final int spatialDims;
    private final String shapes;

    /** Over inputs with {@code spatialDims} dims after the channels ({@code shapes} names them for errors). */
    protected ChannelDropout(double p, Generator generator, int spatialDims, String shapes) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": probability must be in [0, 1], got " + p);
        }
        this.p = p;
        this.generator = generator;
        this.spatialDims = spatialDims;
        this.shapes = shapes;
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(p);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != spatialDims + 1 && input.dim() != spatialDims + 2) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected input " + shapes + ", got "
                    + Arrays.toString(input.shape()));
        }
        if (!isTraining() || p == 0) {
            return input;
        }
        if (p == 1) {
            return input.mul(0);
        }
        int[] maskShape = input.shape();
        for (int i = 0; i < spatialDims; i++) {
            maskShape[maskShape.length - 1 - i] = 1;
        }
        Tensor mask = Tensor.bernoulli(generator, 1 - p, maskShape).to(input.backend()).to(input.dtype());
        return input.mul(mask.mul(1 / (1 - p)));
    }

    /** The drop probability. */
    public double p() { return p; }
}
