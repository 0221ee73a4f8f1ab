package dev.nabla.ops;

import dev.nabla.autograd.GradMode;
import dev.nabla.tensor.Tensor;

/**
 * Reductions composed from {@link Reduce} and elementwise ops (their gradients come from those
 * ops): mean, variance, standard deviation, log-sum-exp and p-norms.
 */
public final class Statistics {
    private Statistics() {
    }

    /** {@code sum(x) / n} over {@code dims} (all if empty), n the number of reduced elements. */
    public static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
        Tensor xf = x.dtype().isFloatingPoint() ? x : x.to(x.backend().floatType());
        int[] d = OpSupport.dims("mean", dims, x.dim());
        return Reduce.sum(xf, d, keepDim).div(count(x, d));
    }

    /**
     * Variance {@code sum((x - mean)^2) / (n - c)} with {@code c = 1} when {@code unbiased}
     * (Bessel's correction), else 0.
     */
    public static Tensor var(Tensor x, int[] dims, boolean unbiased, boolean keepDim) {
        OpSupport.requireFloat("var", x);
        int[] d = OpSupport.dims("var", dims, x.dim());
        Tensor centered = x.sub(mean(x, d, true));
        return Reduce.sum(centered.mul(centered), d, keepDim).div(count(x, d) - (unbiased ? 1 : 0));
    }

    /** {@code sqrt(var(x))}. */
    public static Tensor std(Tensor x, int[] dims, boolean unbiased, boolean keepDim) {
        return var(x, dims, unbiased, keepDim).sqrt();
    }

    /**
     * {@code log(sum(exp(x)))} over {@code dims}, computed as {@code m + log(sum(exp(x - m)))}
     * with {@code m} the (detached) max so that large inputs do not overflow.
     */
    public static Tensor logSumExp(Tensor x, int[] dims, boolean keepDim) {
        OpSupport.requireFloat("logSumExp", x);
        int[] d = OpSupport.dims("logSumExp", dims, x.dim());
        Tensor m = Reduce.extreme(x.detach(), d, true, true);
        m = Tensor.where(m.abs().eq(Double.POSITIVE_INFINITY), Tensor.zerosLike(m), m);
        Tensor out = x.sub(m).exp().sum(d, true).log().add(m);
        return keepDim ? out : out.reshape(removed(out.data().shapeRef(), d));
    }

    /**
     * The p-norm {@code (sum |x|^p)^(1/p)} over {@code dims}; {@code p = infinity} is
     * {@code max |x|}. The gradient is PyTorch's: {@code g x |x|^(p-2) / norm^(p-1)}, and 0 where
     * the norm is 0 (the subgradient, where the formula gives 0 * inf = NaN).
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
        Tensor out;
        try (GradMode.NoGrad ignored = GradMode.noGrad()) {
            out = p == 2 ? x.mul(x).sum(d, true).sqrt() : x.abs().pow(p).sum(d, true).pow(1 / p);
        }
        Tensor y = OpSupport.result("norm", out.data(), x, g -> {
            Tensor scale = Tensor.where(out.eq(0), OpSupport.scalarLike(g, 0), g.div(out.pow(p - 1)));
            Tensor scaled = p == 2 ? x : p > 2 ? x.mul(x.abs().pow(p - 2)) : x.sign().mul(x.abs().pow(p - 1));
            if (p < 1) {
                scaled = Tensor.where(x.eq(0), OpSupport.scalarLike(g, 0), scaled); // sign(0) * inf
            }
            return new Tensor[] {scaled.mul(scale)};
        }, x);
        OpSupport.saving(y, x.data(), out.data());
        return keepDim ? y : y.reshape(removed(out.data().shapeRef(), d));
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
