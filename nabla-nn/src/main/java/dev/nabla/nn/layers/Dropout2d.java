package dev.nabla.nn.layers;

import dev.nabla.tensor.Generator;

/**
 * Channel dropout, as {@code torch.nn.Dropout2d}: each whole channel (feature map) zeroed in
 * training with probability {@code p}; see {@link ChannelDropout}.
 *
 * <p>Shape: {@code [N, C, H, W]} or unbatched {@code [C, H, W]}, output the same.
 */
public class Dropout2d extends ChannelDropout {

    /** The layer described by {@code config}, its masks drawn from the default generator. */
    public Dropout2d(Config config) {
        this(config.p());
    }

    /** Drop probability 0.5, default generator. */
    public Dropout2d() {
        this(0.5);
    }

    public Dropout2d(double p) {
        this(p, Generator.getDefault());
    }

    public Dropout2d(double p, Generator generator) {
        super(p, generator, 2, "[N, C, H, W] or [C, H, W]");
    }
}
