package dev.nabla.ops;

import dev.nabla.tensor.Tensor;

/**
 * Reductions composed from {@link Reduce} and elementwise ops (their gradients come from those
 * ops): mean, variance, standard deviation, log-sum-exp and p-norms.
 */
public final class Statistics {
    private Statistics() {
    }

    /**
     * {@code sum(x) / n} over {@code dims} (all if empty), n the number of reduced elements; as
     * PyTorch, integer and bool tensors are refused (convert them to a float type first).
     */
    public static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("mean: could not infer the output dtype: the input must be a "
                    + "floating-point tensor, got " + x.dtype().shortName());
        }
        int[] d = OpSupport.dims("mean", dims, x.dim());
        return Reduce.sum(x, d, keepDim).div(count(x, d));
    }

    /**
     * Variance {@code sum((x - mean)^2) / max(0, n - c)} with {@code c = 1} when {@code unbiased}
     * (Bessel's correction), else 0; NaN when {@code n <= c} (an empty or, unbiased, a single element), as in PyTorch.
     */
    public static Tensor var(Tensor x, int[] dims, boolean unbiased, boolean keepDim) {
        OpSupport.requireFloat("var", x);
        int[] d = OpSupport.dims("var", dims, x.dim());
        Tensor centered = x.sub(mean(x, d, true));
        return Reduce.sum(centered.mul(centered), d, keepDim).div(Math.max(0, count(x, d) - (unbiased ? 1 : 0)));
    }

    /** {@code sqrt(var(x))}; as PyTorch's, the gradient is 0 (not NaN) where the deviation is 0. */
    public static Tensor std(Tensor x, int[] dims, boolean unbiased, boolean keepDim) {
        return zeroAtZero(var(x, dims, unbiased, keepDim), Tensor::sqrt);
    }

    /**
     * {@code log(sum(exp(x)))} over {@code dims}, computed as {@code m + log(sum(exp(x - m)))}
     * with {@code m} the (detached) max so that large inputs do not overflow; {@code -inf} over an empty dim.
     */
    public static Tensor logSumExp(Tensor x, int[] dims, boolean keepDim) {
        OpSupport.requireFloat("logSumExp", x);
        int[] d = OpSupport.dims("logSumExp", dims, x.dim());
        if (OpSupport.emptyDim(x, d) >= 0) {
            return Reduce.sum(x, d, keepDim).add(Double.NEGATIVE_INFINITY); // the log of an empty sum
        }
        Tensor m = Reduce.extreme(x.detach(), d, true, true);
        m = Tensor.where(m.abs().eq(Double.POSITIVE_INFINITY), Tensor.zerosLike(m), m);
        Tensor out = x.sub(m).exp().sum(d, true).log().add(m);
        return keepDim ? out : out.reshape(removed(out.data().shapeRef(), d));
    }

    /**
     * The p-norm {@code (sum |x|^p)^(1/p)} over {@code dims}; {@code p = infinity} is
     * {@code max |x|}. The gradient is PyTorch's: {@code g x |x|^(p-2) / norm^(p-1)}, and 0 where
     * the norm is 0 (and, for {@code p < 1}, at zero elements) instead of 0 * inf = NaN.
     */
    public static Tensor norm(Tensor x, double p, int[] dims, boolean keepDim) {
        OpSupport.requireFloat("norm", x);
        int[] d = OpSupport.dims("norm", dims, x.dim());
        if (!(p > 0)) {
            throw new IllegalArgumentException("norm: p must be positive, got " + p);
        }
        if (p == Double.POSITIVE_INFINITY) {
            return Reduce.extreme(x.abs(), d, keepDim, true);
        }
        if (p == 1) {
            return x.abs().sum(d, keepDim);
        }
        if (p == 2) {
            return zeroAtZero(x.mul(x).sum(d, keepDim), Tensor::sqrt);
        }
        Tensor powers = p < 1 ? zeroAtZero(x.abs(), a -> a.pow(p)) : x.abs().pow(p);
        return zeroAtZero(powers.sum(d, keepDim), s -> s.pow(1 / p));
    }

    /**
     * {@code f(t)} where {@code t != 0} and 0 where {@code t = 0}, with gradient 0 there: f sees 1
     * in place of 0, so its infinite slope at 0 never meets the zero gradient (PyTorch's masked
     * subgradient, and differentiable again).
     */
    private static Tensor zeroAtZero(Tensor t, java.util.function.UnaryOperator<Tensor> f) {
        Tensor zero = t.eq(0);
        Tensor safe = Tensor.where(zero, OpSupport.scalarLike(t, 1), t);
        return Tensor.where(zero, OpSupport.scalarLike(t, 0), f.apply(safe));
    }

    private static int count(Tensor x, int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= x.data().shapeRef()[d];
        }
        return n;
    }

    private static int[] removed(int[] shape, int[] dims) {
        int[] out = new int[shape.length - dims.length];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (java.util.Arrays.binarySearch(dims, i) < 0) {
                out[j++] = shape[i];
            }
        }
        return out;
    }
}
