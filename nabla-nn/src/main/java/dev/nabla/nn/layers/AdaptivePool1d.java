package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * The common part of {@link AdaptiveAvgPool1d} and {@link AdaptiveMaxPool1d}: output position
 * {@code i} pools input positions {@code floor(i*L/o) .. ceil((i+1)*L/o) - 1}, so any input length
 * gives {@code o} outputs.
 *
 * <p>Shape: {@code [N, C, L]} to {@code [N, C, o]}, or {@code [C, L]} to {@code [C, o]}.
 */
public abstract class AdaptivePool1d extends Module {

    /** The options of an adaptive 1-D pooling: the output length; model files store it. */
    public record Config(int outputSize) {
    }

    private final int outputSize;

    /** The layer described by {@code config}. */
    protected AdaptivePool1d(Config config) {
        if (config.outputSize() < 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": output size must not be negative, got "
                    + config.outputSize());
        }
        this.outputSize = config.outputSize();
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(outputSize);
    }

    /** Configuration: the output length. */
    public int outputSize() { return outputSize; }
}
