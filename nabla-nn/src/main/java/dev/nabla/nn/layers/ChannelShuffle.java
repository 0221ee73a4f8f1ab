package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Interleaves the channels of {@code groups} groups (ShuffleNet), as {@code torch.nn.ChannelShuffle}:
 * channel {@code g * (C / groups) + i} moves to {@code i * groups + g}.
 *
 * <p>Shape: {@code [N, C, *]} with {@code C} divisible by {@code groups}, output the same.
 */
public class ChannelShuffle extends Module {

    /** The options of a ChannelShuffle: the number of groups; model files store it. */
    public record Config(int groups) {
    }

    private final int groups;

    /** The layer described by {@code config}. */
    public ChannelShuffle(Config config) {
        this(config.groups());
    }

    public ChannelShuffle(int groups) {
        if (groups <= 0) {
            throw new IllegalArgumentException("ChannelShuffle: groups must be positive, got " + groups);
        }
        this.groups = groups;
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(groups);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 3 || input.size(1) % groups != 0) {
            throw new IllegalArgumentException("ChannelShuffle: expected input [N, C, *] with C divisible by " + groups
                    + ", got " + Arrays.toString(input.shape()));
        }
        int[] shape = input.shape();
        int[] split = new int[shape.length + 1];
        split[0] = shape[0];
        split[1] = groups;
        split[2] = shape[1] / groups;
        System.arraycopy(shape, 2, split, 3, shape.length - 2);
        return input.reshape(split).transpose(1, 2).reshape(shape);
    }
}
