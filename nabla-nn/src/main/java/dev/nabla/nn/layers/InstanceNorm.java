package dev.nabla.nn.layers;

import dev.nabla.backend.DType;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Instance normalization (Ulyanov et al. 2016), the common part of {@link InstanceNorm1d} and
 * {@link InstanceNorm2d} ({@code torch.nn.InstanceNorm1d/2d}): each channel of each sample is
 * normalized over its own positions, {@code y = (x - mean) / sqrt(var + eps)} (biased variance),
 * then {@code weight_c * y + bias_c} when affine.
 *
 * <p>With {@code trackRunningStats}, training also updates {@code running = (1 - momentum) *
 * running + momentum * batch}, the batch statistics being the means over the samples of theirs
 * (the variance unbiased), and evaluation normalizes with the running statistics. Defaults as
 * PyTorch's: eps 1e-5, momentum 0.1, not affine, no running statistics. Buffers (when tracking):
 * {@code running_mean}, {@code running_var}, {@code num_batches_tracked} (left at 0, as PyTorch).
 */
public abstract class InstanceNorm extends Module {

    /** The options of an instance norm, PyTorch's constructor arguments; model files store them. */
    public record Config(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
    }

    /** Per-channel scale {@code [C]}, or {@code null} when not affine. */
    public final Parameter weight;
    /** Per-channel shift {@code [C]}, or {@code null}. */
    public final Parameter bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final int numFeatures;
    private final int spatialDims;
    private final double eps;
    private final double momentum;
    private final String shapes;

    /** The layer of {@code config} over inputs with {@code spatialDims} dims after the channels. */
    protected InstanceNorm(Config config, int spatialDims, String shapes) {
        if (!(config.eps() > 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": eps must be positive, got " + config.eps());
        }
        if (!(config.momentum() >= 0 && config.momentum() <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": momentum must be in [0, 1], got "
                    + config.momentum());
        }
        this.numFeatures = config.numFeatures();
        this.spatialDims = spatialDims;
        this.eps = config.eps();
        this.momentum = config.momentum();
        this.shapes = shapes;
        boolean affine = config.affine();
        boolean track = config.trackRunningStats();
        this.weight = affine ? registerParameter("weight", Tensor.ones(numFeatures)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(numFeatures)) : null;
        this.runningMean = track ? registerBuffer("running_mean", Tensor.zeros(numFeatures)) : null;
        this.runningVar = track ? registerBuffer("running_var", Tensor.ones(numFeatures)) : null;
        if (track) {
            registerBuffer("num_batches_tracked", Tensor.zeros(DType.INT64));
        }
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(numFeatures, eps, momentum, weight != null, runningMean != null);
    }

    @Override
    public Tensor forward(Tensor input) {
        int rank = spatialDims + 2;
        boolean unbatched = input.dim() == rank - 1;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        boolean checksChannels = weight != null || runningMean != null;
        if (x.dim() != rank || (checksChannels && x.size(1) != numFeatures)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected input " + shapes + " with C = "
                    + numFeatures + ", got " + Arrays.toString(input.shape()));
        }
        int[] channel = new int[rank];
        Arrays.fill(channel, 1);
        channel[1] = x.size(1);
        Tensor y;
        if (runningMean != null && !isTraining()) {
            y = x.sub(runningMean.to(x.dtype()).reshape(channel)).mul(runningVar.to(x.dtype()).reshape(channel).add(eps).rsqrt());
        } else {
            int[] dims = new int[spatialDims];
            for (int i = 0; i < spatialDims; i++) {
                dims[i] = i + 2;
            }
            Tensor mean = x.mean(dims, true);
            Tensor centered = x.sub(mean);
            Tensor var = centered.mul(centered).mean(dims, true);
            y = centered.mul(var.add(eps).rsqrt());
            if (runningMean != null) {
                updateRunningStats(mean, var, x.numel() / Math.max(x.size(0) * x.size(1), 1));
            }
        }
        if (weight != null) {
            y = y.mul(weight.reshape(channel)).add(bias.reshape(channel));
        }
        return unbatched ? y.squeeze(0) : y;
    }

    private void updateRunningStats(Tensor mean, Tensor var, int n) {
        try (var g = Tensor.noGrad()) {
            Tensor m = mean.detach().reshape(-1, numFeatures).mean(0, false);
            Tensor v = var.detach().reshape(-1, numFeatures).mean(0, false).mul((double) n / Math.max(n - 1, 1));
            runningMean.assign(runningMean.mul(1 - momentum).add(m.mul(momentum)));
            runningVar.assign(runningVar.mul(1 - momentum).add(v.mul(momentum)));
        }
    }

    /** The running mean {@code [C]} (updated in place), or {@code null}. */
    public Tensor runningMean() { return runningMean; }

    /** The running variance {@code [C]}, or {@code null}. */
    public Tensor runningVar() { return runningVar; }

    /** Configuration, as given to the constructor. */
    public int numFeatures() { return numFeatures; }

    /** Configuration, as given to the constructor. */
    public double eps() { return eps; }

    /** Configuration, as given to the constructor. */
    public double momentum() { return momentum; }
}
