package dev.nabla.nn.layers;

import dev.nabla.backend.DType;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Batch normalization over a 2-D or 3-D input (Ioffe and Szegedy 2015), as
 * {@code torch.nn.BatchNorm1d}: per channel {@code c},
 * {@code y = (x - mean_c) / sqrt(var_c + eps) * weight_c + bias_c}.
 *
 * <p>Shape: input {@code [N, C]} or {@code [N, C, L]}, output the same. In training the statistics
 * are those of the batch (over N, and L) with the biased variance, and the running statistics are
 * updated as {@code running = (1 - momentum) * running + momentum * batch} (with the unbiased
 * variance; a {@code null} momentum, PyTorch's {@code None}, takes the cumulative average, factor
 * {@code 1 / num_batches_tracked}); in evaluation the running statistics are used. Defaults: eps 1e-5, momentum 0.1,
 * weight ones, bias zeros, running mean 0 and variance 1. Buffers: {@code running_mean},
 * {@code running_var}, {@code num_batches_tracked} (names as in PyTorch).
 */
public class BatchNorm1d extends Module {
    /** Per-channel scale {@code [C]}, or {@code null} when not affine. */
    public final Parameter weight;
    /** Per-channel shift {@code [C]}, or {@code null}. */
    public final Parameter bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;
    private final int numFeatures;
    private final double eps;
    private final Double momentum;

    /**
     * The options of a BatchNorm1d, PyTorch's constructor arguments; model files store them.
     *
     * @param momentum          the running statistics' update factor, or {@code null} for the
     *                          cumulative average
     * @param trackRunningStats when false there are no running statistics and batch statistics
     *                          are used in evaluation too
     */
    public record Config(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
    }

    /** The layer described by {@code config}. */
    public BatchNorm1d(Config config) {
        this(config.numFeatures(), config.eps(), config.momentum(), config.affine(), config.trackRunningStats());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(numFeatures, eps, momentum, weight != null, runningMean != null);
    }

    /** eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /**
     * @param momentum          the running statistics' update factor, or {@code null} for the
     *                          cumulative average
     * @param trackRunningStats when false there are no running statistics and batch statistics
     *                          are used in evaluation too
     */
    public BatchNorm1d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        if (!(eps > 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": eps must be positive, got " + eps);
        }
        if (momentum != null && !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": momentum must be in [0, 1] or null, got "
                    + momentum);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? registerParameter("weight", Tensor.ones(numFeatures)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(numFeatures)) : null;
        this.runningMean = trackRunningStats ? registerBuffer("running_mean", Tensor.zeros(numFeatures)) : null;
        this.runningVar = trackRunningStats ? registerBuffer("running_var", Tensor.ones(numFeatures)) : null;
        this.numBatchesTracked = trackRunningStats ? registerBuffer("num_batches_tracked", Tensor.zeros(DType.INT64)) : null;
    }

    /** The running mean {@code [C]} (shared, updated in place), or {@code null}. */
    public Tensor runningMean() { return runningMean; }

    /** The running variance {@code [C]}, or {@code null}. */
    public Tensor runningVar() { return runningVar; }

    @Override
    public Tensor forward(Tensor input) {
        if ((input.dim() != 2 && input.dim() != 3) || input.size(1) != numFeatures) {
            throw new IllegalArgumentException("BatchNorm1d: expected input [N, " + numFeatures + "] or [N, "
                    + numFeatures + ", L], got " + Arrays.toString(input.shape()));
        }
        int[] dims = input.dim() == 2 ? new int[] {0} : new int[] {0, 2};
        int[] channelShape = input.dim() == 2 ? new int[] {1, numFeatures} : new int[] {1, numFeatures, 1};
        boolean batchStats = isTraining() || runningMean == null;
        Tensor mean;
        Tensor var;
        if (batchStats) {
            int n = input.numel() / numFeatures;
            if (isTraining() && n <= 1) {
                throw new IllegalArgumentException("BatchNorm1d: expected more than 1 value per channel when training, "
                        + "got input " + Arrays.toString(input.shape()));
            }
            mean = input.mean(dims, true);
            Tensor centered = input.sub(mean);
            var = centered.mul(centered).mean(dims, true);
            if (isTraining() && runningMean != null) {
                updateRunningStats(mean, var, n);
            }
        } else {
            mean = runningMean.to(input.dtype()).reshape(channelShape);
            var = runningVar.to(input.dtype()).reshape(channelShape);
        }
        Tensor y = input.sub(mean).mul(var.add(eps).rsqrt());
        return weight == null ? y : y.mul(weight.reshape(channelShape)).add(bias.reshape(channelShape));
    }

    private void updateRunningStats(Tensor mean, Tensor var, int n) {
        try (var g = Tensor.noGrad()) {
            Tensor m = mean.detach().reshape(numFeatures);
            Tensor v = var.detach().reshape(numFeatures).mul((double) n / (n - 1));
            numBatchesTracked.assign(numBatchesTracked.add(1));
            double factor = momentum != null ? momentum : 1.0 / numBatchesTracked.item();
            runningMean.assign(runningMean.mul(1 - factor).add(m.mul(factor)));
            runningVar.assign(runningVar.mul(1 - factor).add(v.mul(factor)));
        }
    }

    /** Configuration, as given to the constructor. */
    public int numFeatures() { return numFeatures; }

    /** Configuration, as given to the constructor. */
    public double eps() { return eps; }

    /** Configuration, as given to the constructor ({@code null}: cumulative average). */
    public Double momentum() { return momentum; }
}
