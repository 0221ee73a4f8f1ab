package dev.nabla.nn.layers;

/** Pads with zeros, as {@code torch.nn.ZeroPad2d}; see {@link Pad2d}. */
public class ZeroPad2d extends Pad2d {

    /** The layer described by {@code config}. */
    public ZeroPad2d(Config config) {
        this(config.padding());
    }

    public ZeroPad2d(int... padding) {
        super(padding, "constant", 0);
    }
}
