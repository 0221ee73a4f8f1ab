package dev.nabla.nn.layers;

/** Pads with the reflection of the input (the edge not repeated), as {@code torch.nn.ReflectionPad2d}; see {@link Pad2d}. */
public class ReflectionPad2d extends Pad2d {

    /** The layer described by {@code config}. */
    public ReflectionPad2d(Config config) {
        this(config.padding());
    }

    public ReflectionPad2d(int... padding) {
        super(padding, "reflect", 0);
    }
}
