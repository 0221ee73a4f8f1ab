package dev.nabla.ops;

import dev.nabla.autograd.GradMode;
import dev.nabla.backend.UnaryOp;
import dev.nabla.tensor.Tensor;

/**
 * Activation functions composed from primitive ops (their gradients come from those ops); exact
 * GELU is the fused primitive {@link UnaryOp#GELU}.
 */
public final class Activations {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    private Activations() {
    }

    /** {@code x > 0 ? x : slope * x}. */
    public static Tensor leakyRelu(Tensor x, double slope) {
        return Tensor.where(x.gt(0), x, x.mul(slope));
    }

    /**
     * {@code x > 0 ? x : alpha * (exp(x) - 1)}; the exp only sees {@code min(x, 0)}, so it cannot
     * overflow. As PyTorch's, NaN takes the linear branch (gradient 1).
     */
    public static Tensor elu(Tensor x, double alpha) {
        return Tensor.where(x.le(0), x.clampMax(0).exp().sub(1).mul(alpha), x);
    }

    /**
     * GELU {@code x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2))}, or with {@code tanhApproximation}
     * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}.
     */
    public static Tensor gelu(Tensor x, boolean tanhApproximation) {
        if (!tanhApproximation) {
            return Unary.apply(UnaryOp.GELU, x);
        }
        Tensor inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(SQRT_2_OVER_PI).tanh();
        return x.mul(0.5).mul(inner.add(1));
    }

    /** SiLU (swish) {@code x * sigmoid(x)}. */
    public static Tensor silu(Tensor x) {
        return x.mul(x.sigmoid());
    }

    /**
     * Softplus {@code log(1 + exp(beta x)) / beta} as {@code torch.nn.functional.softplus}: linear
     * ({@code x}) where {@code beta x > threshold}, else evaluated stably as
     * {@code (max(bx, 0) + log1p(exp(-|bx|))) / beta}. The gradient is {@code sigmoid(beta x)}
     * (1 in the linear part), so 0.5 at {@code x = 0}; composing it from relu and abs would give
     * their subgradients there (0).
     */
    public static Tensor softplus(Tensor x, double beta, double threshold) {
        Tensor in = x.dtype().isFloatingPoint() ? x : x.to(x.backend().floatType());
        Tensor out;
        try (GradMode.NoGrad ignored = GradMode.noGrad()) {
            Tensor bx = beta == 1 ? in : in.mul(beta);
            Tensor soft = bx.relu().add(bx.abs().neg().exp().log1p());
            soft = beta == 1 ? soft : soft.div(beta);
            out = threshold == Double.POSITIVE_INFINITY ? soft : Tensor.where(bx.gt(threshold), in, soft);
        }
        Tensor y = OpSupport.result("softplus", out.data(), in, g -> {
            Tensor bx = in.mul(beta);
            return new Tensor[] {g.mul(Tensor.where(bx.gt(threshold), OpSupport.scalarLike(bx, 1), bx.sigmoid()))};
        }, in);
        return OpSupport.saving(y, in.data());
    }

    /**
     * {@code min(max(x, lo), hi)}; the gradient passes where {@code lo <= x <= hi} (so not at NaN,
     * which stays NaN). As in PyTorch, {@code lo > hi} is allowed and sets every element to
     * {@code hi} (with zero gradient).
     */
    public static Tensor clamp(Tensor x, double lo, double hi) {
        return withoutGradientAtNan(x, bound(x, lo, hi));
    }

    /** {@code min(max(x, lo), hi)}, the gradient passing at NaN (for composites whose PyTorch kernel lets it). */
    private static Tensor bound(Tensor x, double lo, double hi) {
        Tensor lower = Tensor.where(x.lt(lo), limit(x, lo), x);
        return Tensor.where(lower.gt(hi), limit(x, hi), lower);
    }

    /** The bound {@code v} as a scalar for {@code x}; an infinite one (no bound) leaves an integer x's type. */
    private static Tensor limit(Tensor x, double v) {
        return Double.isInfinite(v) ? OpSupport.sameTypeScalar(x, v) : OpSupport.scalarLike(x, v);
    }

    /** {@code y}, but {@code x} (detached) where {@code x} is NaN: PyTorch's range masks stop the gradient there. */
    private static Tensor withoutGradientAtNan(Tensor x, Tensor y) {
        return x.dtype().isFloatingPoint() && x.requiresGrad() ? Tensor.where(x.ne(x), x.detach(), y) : y;
    }

    // ---- hardtanh, logSigmoid, mish, hardswish (PyTorch's values and gradients, boundaries included) ----

    /**
     * {@code min(max(x, lo), hi)}; unlike clamp, the gradient is 0 at {@code x = lo} and {@code x = hi}
     * (and passes at NaN), as PyTorch's.
     */
    public static Tensor hardtanh(Tensor x, double lo, double hi) {
        if (lo > hi) {
            throw new IllegalArgumentException("hardtanh: min_val " + lo + " is greater than max_val " + hi);
        }
        Tensor upper = Tensor.where(x.ge(hi), OpSupport.scalarLike(x, hi), x);
        return Tensor.where(x.le(lo), OpSupport.scalarLike(x, lo), upper);
    }

    /**
     * {@code log(sigmoid(x)) = -softplus(-x)}, as {@code x - log1p(exp(x))} for {@code x < 0} and
     * {@code -log1p(exp(-x))} otherwise (each exp sees only non-positive arguments).
     */
    public static Tensor logSigmoid(Tensor x) {
        Tensor negative = x.sub(bound(x, Double.NEGATIVE_INFINITY, 0).exp().log1p());
        Tensor positive = bound(x, 0, Double.POSITIVE_INFINITY).neg().exp().log1p().neg();
        return Tensor.where(x.lt(0), negative, positive);
    }

    /** Mish {@code x * tanh(softplus(x))}. */
    public static Tensor mish(Tensor x) {
        return x.mul(softplus(x, 1, 20).tanh());
    }

    /**
     * Hardswish {@code x * relu6(x + 3) / 6}: 0 below -3, {@code x (x + 3) / 6} on {@code [-3, 3)}, x from 3
     * on. At the kinks the gradient is PyTorch's: {@code -0.5} at -3 and 1 at 3.
     */
    public static Tensor hardswish(Tensor x) {
        Tensor middle = Tensor.where(x.lt(3), x.mul(x.add(3)).div(6), x);
        return Tensor.where(x.lt(-3), OpSupport.scalarLike(x, 0), middle);
    }
}
