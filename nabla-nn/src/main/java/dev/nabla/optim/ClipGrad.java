package dev.nabla.optim;

import dev.nabla.tensor.Tensor;

/**
 * Gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}.
 * Call it between {@code backward()} and {@code optimizer.step()}; parameters without a gradient
 * are skipped.
 */
public final class ClipGrad {
    private ClipGrad() {
    }

    /**
     * Scales all gradients together so that their global p-norm
     * {@code ||(||g_1||_p, ..., ||g_n||_p)||_p} is at most {@code maxNorm}: each is multiplied by
     * {@code min(1, maxNorm / (total + 1e-6))}. {@code normType} may be
     * {@code Double.POSITIVE_INFINITY} (largest absolute value). A non-finite total (a NaN or
     * infinite gradient) scales as PyTorch's does: by NaN or 0.
     *
     * @return the total norm before clipping
     */
    public static double clipGradNorm(Iterable<? extends Tensor> params, double maxNorm, double normType) {
        return clipGradNorm(params, maxNorm, normType, false);
    }

    /**
     * As {@link #clipGradNorm(Iterable, double, double)}; with {@code errorIfNonfinite} a NaN or
     * infinite total norm throws instead, leaving the gradients as they were
     * ({@code error_if_nonfinite=True}).
     */
    public static double clipGradNorm(Iterable<? extends Tensor> params, double maxNorm, double normType,
                                      boolean errorIfNonfinite) {
        double total = 0;
        boolean inf = Double.isInfinite(normType);
        for (Tensor p : params) {
            if (p.grad() == null) {
                continue;
            }
            double n = p.grad().norm(normType, new int[0], false).item();
            total = inf ? Math.max(total, n) : total + Math.pow(n, normType);
        }
        total = inf ? total : Math.pow(total, 1 / normType);
        if (errorIfNonfinite && !Double.isFinite(total)) {
            throw new IllegalArgumentException("clipGradNorm: the total " + normType + "-norm of the gradients is "
                    + total + ", so they cannot be clipped");
        }
        double coef = maxNorm / (total + 1e-6);
        if (!(coef >= 1)) { // NaN too: PyTorch multiplies by clamp(coef, max=1)
            try (var g = Tensor.noGrad()) {
                for (Tensor p : params) {
                    if (p.grad() != null) {
                        p.setGrad(p.grad().mul(coef));
                    }
                }
            }
        }
        return total;
    }

    /** {@link #clipGradNorm(Iterable, double, double)} with the Euclidean norm. */
    public static double clipGradNorm(Iterable<? extends Tensor> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, 2);
    }

    /** Clamps every gradient element into {@code [-clipValue, clipValue]}. */
    public static void clipGradValue(Iterable<? extends Tensor> params, double clipValue) {
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("clipGradValue: clip value must be non-negative, got " + clipValue);
        }
        try (var g = Tensor.noGrad()) {
            for (Tensor p : params) {
                if (p.grad() != null) {
                    p.setGrad(p.grad().clamp(-clipValue, clipValue));
                }
            }
        }
    }
}
