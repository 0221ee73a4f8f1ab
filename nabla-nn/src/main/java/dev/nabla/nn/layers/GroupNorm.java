package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Group normalization (Wu and He 2018), as {@code torch.nn.GroupNorm}: the channels are split
 * into {@code numGroups} groups and each sample's group is normalized over its channels and
 * spatial positions, {@code y = (x - mean) / sqrt(var + eps) * weight_c + bias_c} (biased
 * variance). Same in training and evaluation.
 *
 * <p>Shape: {@code [N, C, *]}, output the same; weight and bias {@code [C]} (ones and zeros).
 */
public class GroupNorm extends Module {

    /** The options of a GroupNorm, PyTorch's constructor arguments; model files store them. */
    public record Config(int numGroups, int numChannels, double eps, boolean affine) {
    }

    /** The layer described by {@code config}. */
    public GroupNorm(Config config) {
        this(config.numGroups(), config.numChannels(), config.eps(), config.affine());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(numGroups, numChannels, eps, weight != null);
    }
    /** Per-channel scale {@code [C]}, or {@code null} when not affine. */
    public final Parameter weight;
    /** Per-channel shift {@code [C]}, or {@code null}. */
    public final Parameter bias;
    private final int numGroups;
    private final int numChannels;
    private final double eps;

    /** eps 1e-5, affine. */
    public GroupNorm(int numGroups, int numChannels) {
        this(numGroups, numChannels, 1e-5, true);
    }

    public GroupNorm(int numGroups, int numChannels, double eps, boolean affine) {
        if (numGroups <= 0 || numChannels % numGroups != 0) {
            throw new IllegalArgumentException("GroupNorm: num_channels " + numChannels
                    + " must be divisible by num_groups " + numGroups);
        }
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        this.weight = affine ? registerParameter("weight", Tensor.ones(numChannels)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(numChannels)) : null;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 2 || input.size(1) != numChannels) {
            throw new IllegalArgumentException("GroupNorm: expected input [N, " + numChannels + ", *], got "
                    + Arrays.toString(input.shape()));
        }
        Tensor g = input.reshape(input.size(0), numGroups, -1);
        Tensor mean = g.mean(2, true);
        Tensor centered = g.sub(mean);
        Tensor var = centered.mul(centered).mean(2, true);
        Tensor y = centered.mul(var.add(eps).rsqrt()).reshape(input.shape());
        if (weight == null) {
            return y;
        }
        int[] channel = new int[input.dim()];
        Arrays.fill(channel, 1);
        channel[1] = numChannels;
        return y.mul(weight.reshape(channel)).add(bias.reshape(channel));
    }

    /** Configuration, as given to the constructor. */
    public int numGroups() { return numGroups; }

    /** Configuration, as given to the constructor. */
    public int numChannels() { return numChannels; }

    /** Configuration, as given to the constructor. */
    public double eps() { return eps; }
}
