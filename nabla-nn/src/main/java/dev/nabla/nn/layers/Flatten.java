package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Merges dims {@code startDim..endDim} (inclusive) into one, as {@code torch.nn.Flatten}
 * (defaults 1 and -1: keep the batch dim, flatten the rest).
 *
 * <p>Shape: {@code [N, d1, ..., dk]} to {@code [N, d1 * ... * dk]} with the defaults.
 */
public class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    /** The options of a Flatten (PyTorch's constructor arguments); model files store them. */
    public record Config(int startDim, int endDim) {
    }

    /** The layer described by {@code config}. */
    public Flatten(Config config) {
        this(config.startDim(), config.endDim());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(startDim, endDim);
    }

    /** Flattens all dims but the first. */
    public Flatten() {
        this(1, -1);
    }

    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.flatten(startDim, endDim);
    }

    /** Configuration, as given to the constructor. */
    public int startDim() { return startDim; }

    /** Configuration, as given to the constructor. */
    public int endDim() { return endDim; }
}
