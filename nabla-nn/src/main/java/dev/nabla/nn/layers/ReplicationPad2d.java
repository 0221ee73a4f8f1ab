package dev.nabla.nn.layers;

/** Pads by repeating the edge values, as {@code torch.nn.ReplicationPad2d}; see {@link Pad2d}. */
public class ReplicationPad2d extends Pad2d {

    /** The options of a ReplicationPad2d (PyTorch's constructor arguments); model files store them. */
    public record Config(int[] padding) {
    }

    /** The layer described by {@code config}. */
    public ReplicationPad2d(Config config) {
        this(config.padding());
    }

    public ReplicationPad2d(int... padding) {
        super(padding, "replicate", 0);
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(padding());
    }
}
