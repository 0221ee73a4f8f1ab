package dev.nabla.loss;

import dev.nabla.ops.BinaryCrossEntropy;
import dev.nabla.ops.MseLoss;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Loss functions, as in {@code torch.nn.functional}; the {@link Loss} modules call these.
 * Pointwise losses take {@code input} and {@code target} of the same shape (target is not
 * differentiated) and reduce with a {@link Reduction} ({@code NONE} keeps that shape).
 * Classification losses are in {@link ClassificationLosses}.
 */
public final class Losses {
    private Losses() {
    }

    /** Mean squared error: {@code l = (x - y)^2}. */
    public static Tensor mse(Tensor input, Tensor target, Reduction reduction) {
        if ((reduction == Reduction.MEAN || reduction == Reduction.SUM) && input.dtype().isFloatingPoint()
                && input.dtype() == target.dtype()) {
            sameShape("mse", input, target);
            return MseLoss.apply(input, target, reduction == Reduction.MEAN); // fused: one graph node
        }
        Tensor d = input.sub(sameShape("mse", input, target));
        return reduction.apply(d.mul(d));
    }

    /** {@link #mse(Tensor, Tensor, Reduction)} averaged. */
    public static Tensor mse(Tensor input, Tensor target) { return mse(input, target, Reduction.MEAN); }

    /** Mean absolute error: {@code l = |x - y|}. */
    public static Tensor l1(Tensor input, Tensor target, Reduction reduction) {
        return reduction.apply(input.sub(sameShape("l1", input, target)).abs());
    }

    /**
     * Smooth L1: {@code l = 0.5 d^2 / beta} if {@code |d| < beta}, else {@code |d| - 0.5 beta}, with
     * {@code d = x - y} (PyTorch's default beta is 1; beta 0 is L1, with L1's gradient; a negative
     * or NaN beta is refused).
     */
    public static Tensor smoothL1(Tensor input, Tensor target, double beta, Reduction reduction) {
        if (!(beta >= 0)) {
            throw new IllegalArgumentException("smoothL1: beta must be non-negative, got " + beta);
        }
        Tensor d = input.sub(sameShape("smoothL1", input, target));
        if (beta == 0) {
            return reduction.apply(d.abs());
        }
        Tensor a = d.abs();
        return reduction.apply(Tensor.where(a.lt(beta), d.mul(d).mul(0.5 / beta), a.sub(0.5 * beta)));
    }

    /**
     * Huber: {@code l = 0.5 d^2} if {@code |d| <= delta}, else {@code delta (|d| - 0.5 delta)}
     * (default delta 1; a delta that is not positive is refused, as PyTorch does).
     */
    public static Tensor huber(Tensor input, Tensor target, double delta, Reduction reduction) {
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber: delta must be positive, got " + delta);
        }
        Tensor d = input.sub(sameShape("huber", input, target));
        Tensor a = d.abs();
        return reduction.apply(Tensor.where(a.le(delta), d.mul(d).mul(0.5), a.sub(0.5 * delta).mul(delta)));
    }

    /**
     * Binary cross-entropy of probabilities:
     * {@code l = -w (y log x + (1 - y) log(1 - x))}, the logs clamped at -100 as in PyTorch so
     * that {@code x = 0} or {@code 1} gives a finite loss. {@code weight} (broadcast) may be null.
     */
    public static Tensor bce(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        sameShape("bce", input, target);
        return reduction.apply(BinaryCrossEntropy.apply(input, target, weight)); // PyTorch's finite gradient at 0 and 1
    }

    /** {@link #bce(Tensor, Tensor, Tensor, Reduction)} averaged, without weights. */
    public static Tensor bce(Tensor input, Tensor target) { return bce(input, target, null, Reduction.MEAN); }

    /**
     * Binary cross-entropy of logits, {@code l = -w (p y log s(x) + (1 - y) log(1 - s(x)))} with
     * {@code s} the sigmoid and {@code p} the positive-class weight, evaluated stably as
     * {@code w ((1 - y) x + (1 + (p - 1) y) (log1p(exp(-|x|)) + max(-x, 0)))}. {@code weight}
     * and {@code posWeight} (broadcast along the last, class dim) may be null.
     */
    public static Tensor bceWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
            Reduction reduction) {
        sameShape("bceWithLogits", input, target);
        Tensor softplusNeg = input.neg().softplus(1, Double.POSITIVE_INFINITY); // gradient -sigmoid(-x), -0.5 at 0
        Tensor logWeight = posWeight == null ? null : posWeight.sub(1).mul(target).add(1);
        Tensor l = target.rsub(1).mul(input).add(logWeight == null ? softplusNeg : softplusNeg.mul(logWeight));
        return reduction.apply(weight == null ? l : l.mul(weight));
    }

    /** {@link #bceWithLogits(Tensor, Tensor, Tensor, Tensor, Reduction)} averaged, without weights. */
    public static Tensor bceWithLogits(Tensor input, Tensor target) {
        return bceWithLogits(input, target, null, null, Reduction.MEAN);
    }

    /**
     * Kullback-Leibler divergence {@code KL(target || exp(input))}: {@code input} holds
     * log-probabilities, and {@code l = y (log y - x)} (0 where {@code y = 0}); with
     * {@code logTarget} the target holds log-probabilities too and {@code l = exp(y) (y - x)}.
     * Use {@link Reduction#BATCH_MEAN} for the mathematical KL divergence per sample.
     */
    public static Tensor klDiv(Tensor input, Tensor target, boolean logTarget, Reduction reduction) {
        sameShape("klDiv", input, target);
        Tensor l;
        if (logTarget) {
            l = target.exp().mul(target.sub(input));
        } else {
            Tensor positive = target.gt(0);
            Tensor safeLog = Tensor.where(positive, target, Tensor.onesLike(target)).log();
            l = Tensor.where(positive, target.mul(safeLog.sub(input)), Tensor.zerosLike(target).mul(input));
        }
        return reduction.apply(l);
    }

    /**
     * Poisson negative log-likelihood of {@code target} with rate {@code exp(x)} ({@code logInput})
     * or {@code x}: {@code l = exp(x) - y x}, or {@code l = x - y log(x + eps)}; with {@code full},
     * plus Stirling's approximation of {@code log(y!)},
     * {@code y log y - y + 0.5 log(2 pi y)}, where {@code y > 1} (0 elsewhere), as PyTorch.
     */
    public static Tensor poissonNll(Tensor input, Tensor target, boolean logInput, boolean full, double eps,
            Reduction reduction) {
        sameShape("poissonNll", input, target);
        Tensor l = logInput ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(eps).log()));
        if (full) {
            Tensor big = target.gt(1);
            Tensor y = Tensor.where(big, target, Tensor.onesLike(target)); // log stays finite where masked
            Tensor stirling = y.mul(y.log()).sub(y).add(y.mul(2 * Math.PI).log().mul(0.5));
            l = l.add(Tensor.where(big, stirling, Tensor.zerosLike(stirling)));
        }
        return reduction.apply(l);
    }

    /**
     * Gaussian negative log-likelihood of {@code target} under means {@code input} and variances
     * {@code var}: {@code l = 0.5 (log(max(var, eps)) + (x - y)^2 / max(var, eps))}, plus
     * {@code 0.5 log(2 pi)} with {@code full}. The clamp does not stop the gradient (PyTorch clamps
     * a copy without recording it). {@code var} has the input's shape, or that shape with a last
     * dim of 1 (one variance per sample); a negative variance is refused.
     */
    public static Tensor gaussianNll(Tensor input, Tensor target, Tensor var, boolean full, double eps,
            Reduction reduction) {
        sameShape("gaussianNll", input, target);
        int[] shape = input.shape();
        int[] perSample = shape.clone();
        if (perSample.length > 0) {
            perSample[perSample.length - 1] = 1;
        }
        if (!Arrays.equals(var.shape(), shape) && !Arrays.equals(var.shape(), perSample)) {
            throw new IllegalArgumentException("gaussianNll: var of shape " + Arrays.toString(var.shape())
                    + " must have the input's shape " + Arrays.toString(shape) + " or a last dim of 1");
        }
        if (var.numel() > 0 && var.detach().min().item() < 0) {
            throw new IllegalArgumentException("gaussianNll: var has a negative entry");
        }
        Tensor v = var.add(var.clampMin(eps).sub(var).detach());
        Tensor d = input.sub(target);
        Tensor l = v.log().add(d.mul(d).div(v)).mul(0.5);
        return reduction.apply(full ? l.add(0.5 * Math.log(2 * Math.PI)) : l);
    }

    static Tensor sameShape(String op, Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": input shape " + Arrays.toString(input.shape())
                    + " and target shape " + Arrays.toString(target.shape()) + " differ");
        }
        return target;
    }
}
