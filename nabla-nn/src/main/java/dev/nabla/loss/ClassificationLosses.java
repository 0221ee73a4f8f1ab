package dev.nabla.loss;

import dev.nabla.backend.DType;
import dev.nabla.ops.CrossEntropy;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Multi-class losses, as {@code torch.nn.functional.cross_entropy} and {@code nll_loss}.
 *
 * <p>Shapes: input {@code [N, C]}, {@code [N, C, d1, ...]} or {@code [C]} (class dim 1, or 0 for
 * an unbatched input). Class-index targets are INT64 of shape {@code [N]}, {@code [N, d1, ...]}
 * or {@code []}; class-probability targets are floats of the input's shape. Class weights
 * {@code weight} have shape {@code [C]} (or are null). With {@code Reduction.NONE} the result
 * has the target's shape (without the class dim).
 */
public final class ClassificationLosses {
    /** PyTorch's default {@code ignore_index}. */
    public static final long DEFAULT_IGNORE_INDEX = -100;

    private ClassificationLosses() {
    }

    /**
     * Negative log-likelihood of log-probabilities {@code x}: {@code l_n = -w[y_n] x[n, y_n]},
     * 0 where {@code y_n == ignoreIndex}. {@code MEAN} is the weighted mean
     * {@code sum_n l_n / sum_n w[y_n]} over the targets not ignored.
     */
    public static Tensor nll(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        if (input.dim() == 1) {
            Tensor l = nll(input.unsqueeze(0), target.reshape(1), weight, ignoreIndex, reduction);
            return reduction == Reduction.NONE ? l.reshape() : l;
        }
        Targets t = Targets.of("nll", input, target, weight, ignoreIndex);
        Tensor picked = input.gather(1, t.index.unsqueeze(1)).squeeze(1);
        Tensor l = picked.mul(t.sampleWeight).neg();
        return reduction == Reduction.MEAN ? weightedMean(l, t.weightSum) : reduction.apply(l);
    }

    /**
     * {@code sum(l) / weightSum}; with every target ignored (a weight sum of 0), NaN as in PyTorch,
     * but with zero gradients as PyTorch's backward gives (not 0/0), so that such a batch leaves
     * the parameters as they are.
     */
    private static Tensor weightedMean(Tensor l, double weightSum) {
        return weightSum == 0 ? l.sum().add(Double.NaN) : l.sum().div(weightSum);
    }

    /** {@link #nll(Tensor, Tensor, Tensor, long, Reduction)} averaged, no weights, ignore index -100. */
    public static Tensor nll(Tensor input, Tensor target) {
        return nll(input, target, null, DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    /**
     * Cross-entropy of logits {@code x} against class indices or class probabilities.
     *
     * <p>With indices: {@code (1 - eps) * nll(logSoftmax(x), y) + eps / C * s}, where
     * {@code s_n = -sum_c w[c] logSoftmax(x)[n, c]} (0 for ignored targets) is reduced like the
     * NLL term (for {@code MEAN}, divided by the same {@code sum_n w[y_n]}).
     *
     * <p>With probabilities {@code p} (no ignore index): {@code p' = (1 - eps) p + eps / C},
     * {@code l_n = -sum_c w[c] p'[n, c] logSoftmax(x)[n, c]}; {@code MEAN} divides by N (times
     * the extra dims), not by the weights, as PyTorch does.
     *
     * @param labelSmoothing {@code eps} in {@code [0, 1]}
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex,
            double labelSmoothing, Reduction reduction) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("crossEntropy: label smoothing must be in [0, 1], got " + labelSmoothing);
        }
        if (input.dim() == 1) {
            Tensor t = target.dtype() == DType.INT64 ? target.reshape(1) : target.unsqueeze(0);
            Tensor l = crossEntropy(input.unsqueeze(0), t, weight, ignoreIndex, labelSmoothing, reduction);
            return reduction == Reduction.NONE ? l.reshape() : l;
        }
        if (weight == null && labelSmoothing == 0 && input.dim() == 2 && target.dtype() == DType.INT64
                && (reduction == Reduction.MEAN || reduction == Reduction.SUM)
                && !CrossEntropy.contains(target, ignoreIndex)) {
            // The common case as one fused op: softmax - onehot in the backward, one graph node.
            if (target.dim() != 1 || target.size(0) != input.size(0)) {
                throw new IllegalArgumentException("crossEntropy: expected target shape [" + input.size(0)
                        + "] for input " + Arrays.toString(input.shape()) + ", got " + Arrays.toString(target.shape()));
            }
            return CrossEntropy.apply(input, target, reduction == Reduction.MEAN);
        }
        Tensor logp = input.logSoftmax(1);
        int classes = input.size(1);
        Tensor w = weight == null ? null : weight.to(input.dtype()).reshape(classShape(input));
        if (target.dtype().isFloatingPoint()) {
            if (!Arrays.equals(input.shape(), target.shape())) {
                throw new IllegalArgumentException("crossEntropy: a " + target.dtype().shortName() + " target holds"
                        + " class probabilities and must have the input's shape " + Arrays.toString(input.shape())
                        + ", got " + Arrays.toString(target.shape()) + "; for class indices pass an int64 target"
                        + " (target.to(DType.INT64))");
            }
            Tensor p = labelSmoothing > 0 ? target.mul(1 - labelSmoothing).add(labelSmoothing / classes) : target;
            Tensor prod = logp.mul(p);
            Tensor l = (w == null ? prod : prod.mul(w)).sum(1).neg();
            return reduction == Reduction.MEAN ? l.sum().div(input.numel() / classes) : reduction.apply(l);
        }
        Tensor nll = nll(logp, target, weight, ignoreIndex, reduction);
        if (labelSmoothing == 0) {
            return nll;
        }
        Targets t = Targets.of("crossEntropy", input, target, weight, ignoreIndex);
        Tensor smooth = (w == null ? logp : logp.mul(w)).sum(1).neg().mul(t.keep);
        Tensor reduced = reduction == Reduction.MEAN ? weightedMean(smooth, t.weightSum) : reduction.apply(smooth);
        return nll.mul(1 - labelSmoothing).add(reduced.mul(labelSmoothing / classes));
    }

    /** {@link #crossEntropy(Tensor, Tensor, Tensor, long, double, Reduction)} with PyTorch's defaults. */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return crossEntropy(input, target, null, DEFAULT_IGNORE_INDEX, 0, Reduction.MEAN);
    }

    private static int[] classShape(Tensor input) {
        int[] s = new int[input.dim()];
        Arrays.fill(s, 1);
        s[1] = input.size(1);
        return s;
    }

    /**
     * Class-index targets resolved on the Java side: safe indices (ignored ones set to 0), the
     * per-sample weights {@code w[y_n]} (0 when ignored), the keep mask and the sum of weights.
     */
    private record Targets(Tensor index, Tensor sampleWeight, Tensor keep, double weightSum) {
        static Targets of(String op, Tensor input, Tensor target, Tensor weight, long ignoreIndex) {
            if (target.dtype() != DType.INT64) {
                throw new IllegalArgumentException(op + ": class-index targets must be int64, got "
                        + target.dtype().shortName() + " (convert with target.to(DType.INT64))");
            }
            int[] expected = input.shape();
            int classes = expected[1];
            int[] ts = new int[expected.length - 1];
            ts[0] = expected[0];
            System.arraycopy(expected, 2, ts, 1, expected.length - 2);
            if (!Arrays.equals(ts, target.shape())) {
                throw new IllegalArgumentException(op + ": expected target shape " + Arrays.toString(ts)
                        + " for input " + Arrays.toString(expected) + ", got " + Arrays.toString(target.shape()));
            }
            if (weight != null && (weight.dim() != 1 || weight.size(0) != classes)) {
                throw new IllegalArgumentException(op + ": class weights must have shape [" + classes + "], got "
                        + Arrays.toString(weight.shape()));
            }
            long[] y = target.toLongArray();
            double[] cw = weight == null ? null : weight.toDoubleArray();
            long[] safe = new long[y.length];
            double[] sw = new double[y.length];
            double[] keep = new double[y.length];
            double sum = 0;
            for (int i = 0; i < y.length; i++) {
                if (y[i] == ignoreIndex) {
                    continue;
                }
                if (y[i] < 0 || y[i] >= classes) {
                    throw new IndexOutOfBoundsException(op + ": target " + y[i] + " is out of bounds for "
                            + classes + " classes");
                }
                safe[i] = y[i];
                sw[i] = cw == null ? 1 : cw[(int) y[i]];
                keep[i] = 1;
                sum += sw[i];
            }
            Tensor idx = Tensor.of(safe, ts).to(input.backend());
            return new Targets(idx, floats(sw, ts, input), floats(keep, ts, input), sum);
        }

        private static Tensor floats(double[] v, int[] shape, Tensor like) {
            return like.newTensor(v, shape);
        }
    }
}
