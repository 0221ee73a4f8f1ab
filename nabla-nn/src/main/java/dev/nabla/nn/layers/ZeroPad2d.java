package dev.nabla.nn.layers;

/** Pads with zeros, as {@code torch.nn.ZeroPad2d}; see {@link Pad2d}. */
public class ZeroPad2d extends Pad2d {

    /** The options of a ZeroPad2d (PyTorch's constructor arguments); model files store them. */
    public record Config(int[] padding) {
    }

    /** The layer described by {@code config}. */
    public ZeroPad2d(Config config) {
        this(config.padding());
    }

    public ZeroPad2d(int... padding) {
        super(padding, "constant", 0);
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(padding());
    }
}
