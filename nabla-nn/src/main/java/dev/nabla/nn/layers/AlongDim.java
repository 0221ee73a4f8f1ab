package dev.nabla.nn.layers;

import dev.nabla.nn.Module;

/**
 * The base of the layers configured by one dim ({@link Softmax}, {@link LogSoftmax},
 * {@link Softmin}, {@link GLU}; each defaults to -1, the last).
 *
 * <p>Shape: any with dim {@code dim}. No parameters.
 */
public abstract class AlongDim extends Module {
    /** The dim the layer works along (negative counts from the end). */
    protected final int dim;

    /** The options of such a layer (PyTorch's constructor argument); model files store it. */
    public record Config(int dim) {
    }

    protected AlongDim(int dim) {
        this.dim = dim;
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(dim);
    }

    /** Configuration, as given to the constructor. */
    public int dim() { return dim; }
}
