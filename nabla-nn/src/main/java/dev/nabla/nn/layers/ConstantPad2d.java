package dev.nabla.nn.layers;

/** Pads with a constant {@code value}, as {@code torch.nn.ConstantPad2d}; see {@link Pad2d}. */
public class ConstantPad2d extends Pad2d {

    /** The options of a ConstantPad2d (PyTorch's constructor arguments); model files store them. */
    public record Config(int[] padding, double value) {
    }

    /** The layer described by {@code config}. */
    public ConstantPad2d(Config config) {
        this(config.padding(), config.value());
    }

    public ConstantPad2d(int[] padding, double value) {
        super(padding, "constant", value);
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(padding(), value);
    }
}
