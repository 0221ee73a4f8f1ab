package dev.nabla.nn.layers;

/** Pads by repeating the edge values, as {@code torch.nn.ReplicationPad2d}; see {@link Pad2d}. */
public class ReplicationPad2d extends Pad2d {

    /** The layer described by {@code config}. */
    public ReplicationPad2d(Config config) {
        this(config.padding());
    }

    public ReplicationPad2d(int... padding) {
        super(padding, "replicate", 0);
    }
}
