package dev.nabla.ops;

import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Numerically stable softmax {@code y = exp(x - max) / sum(exp(x - max))} and log-softmax along
 * one dim. Backward: softmax {@code dx = y * (dy - sum(dy * y))}; log-softmax
 * {@code dx = dy - exp(y) * sum(dy)}.
 */
public final class Softmax {
    private Softmax() {
    }

    public static Tensor apply(Tensor x, int dim, boolean log) {
        String name = log ? "logSoftmax" : "softmax";
        OpSupport.requireFloat(name, x);
        int d = Shape.dim(name, dim, x.dim());
        if (x.dim() == 0) {
            return apply(x.reshape(1), 0, log).reshape();
        }
        var out = x.backend().softmax(x.data(), d, log);
        return OpSupport.saving(OpSupport.result(name, out, x, g -> {
            // Recorded backward (higher-order gradients): y as a function of x, not a constant.
            Tensor y = dev.nabla.autograd.GradMode.isEnabled() ? apply(x, d, log) : new Tensor(out, x.backend());
            Tensor gx = log ? g.sub(y.exp().mul(g.sum(new int[] {d}, true)))
                    : y.mul(g.sub(g.mul(y).sum(new int[] {d}, true)));
            return new Tensor[] {gx};
        }, x), out);
    }
}
