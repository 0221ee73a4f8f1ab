package dev.nabla.nn.layers;

import dev.nabla.tensor.Generator;

/**
 * Channel dropout of sequences, as {@code torch.nn.Dropout1d}: each whole channel zeroed in
 * training with probability {@code p}; see {@link ChannelDropout}.
 *
 * <p>Shape: {@code [N, C, L]} or unbatched {@code [C, L]}, output the same.
 */
public class Dropout1d extends ChannelDropout {

    /** The layer described by {@code config}, its masks drawn from the default generator. */
    public Dropout1d(Config config) {
        this(config.p());
    }

    /** Drop probability 0.5, default generator. */
    public Dropout1d() {
        this(0.5);
    }

    public Dropout1d(double p) {
        this(p, Generator.getDefault());
    }

    public Dropout1d(double p, Generator generator) {
        super(p, generator, 1, "[N, C, L] or [C, L]");
    }
}
