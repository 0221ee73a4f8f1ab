package dev.nabla.tensor;

import dev.nabla.autograd.GradMode;
import dev.nabla.backend.DType;
import dev.nabla.backend.Shape;
import java.util.function.Supplier;

/**
 * PyTorch's in-place arithmetic ({@code x.add_(y)}, {@code w.sub_(g.mul(lr))}, {@code g.zero_()}):
 * the result of the out-of-place op written into this tensor's storage, so that views see it, and
 * counted in {@link Tensor#version()}. As PyTorch, the result must keep this tensor's shape (an
 * operand may broadcast, this tensor may not grow) and be castable to its dtype (a float result
 * into an integer tensor is refused), and an expanded view (elements sharing memory) is refused.
 * Like {@link Tensor#assign}, the update is not recorded by autograd: it is refused while
 * gradients are recorded through this tensor or an operand; make it under {@link Tensor#noGrad()},
 * as optimizers do.
 */
public sealed interface TensorInPlace permits Tensor {

    private Tensor self() {
        return (Tensor) this;
    }

    /** {@code this += other}. */
    default Tensor add_(Tensor other) { return update("add_", () -> self().add(other), other); }

    default Tensor add_(double s) { return update("add_", () -> self().add(s), null); }

    /** {@code this -= other}. */
    default Tensor sub_(Tensor other) { return update("sub_", () -> self().sub(other), other); }

    default Tensor sub_(double s) { return update("sub_", () -> self().sub(s), null); }

    /** {@code this *= other}. */
    default Tensor mul_(Tensor other) { return update("mul_", () -> self().mul(other), other); }

    default Tensor mul_(double s) { return update("mul_", () -> self().mul(s), null); }

    /** {@code this /= other} (true division: refused on an integer tensor, as PyTorch). */
    default Tensor div_(Tensor other) { return update("div_", () -> self().div(other), other); }

    default Tensor div_(double s) { return update("div_", () -> self().div(s), null); }

    /** {@code this = this^exponent}. */
    default Tensor pow_(double exponent) { return update("pow_", () -> self().pow(exponent), null); }

    /** {@code this = min(max(this, min), max)}. */
    default Tensor clamp_(double min, double max) { return update("clamp_", () -> self().clamp(min, max), null); }

    /** {@code this = -this}. */
    default Tensor neg_() { return update("neg_", () -> self().neg(), null); }

    /** {@code this = max(this, 0)}. */
    default Tensor relu_() { return update("relu_", () -> self().relu(), null); }

    /** Zeros every element (PyTorch's {@code zero_}, e.g. of a gradient). */
    default Tensor zero_() { return self().fill(0); }

    private Tensor update(String op, Supplier<Tensor> result, Tensor operand) {
        Tensor self = self();
        if (GradMode.isEnabled() && (self.requiresGrad() || operand != null && operand.requiresGrad())) {
            throw new IllegalStateException(op + ": in-place updates are not recorded by autograd; with a tensor that"
                    + " requires grad, make them under Tensor.noGrad() (or use the out-of-place op)");
        }
        int[] shape = self.data().shapeRef();
        int[] strides = self.data().stridesRef();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] > 1 && strides[d] == 0) {
                throw new IllegalArgumentException(op + ": this tensor is an expanded view " + Shape.str(shape)
                        + " whose elements share memory; write into a clone() instead");
            }
        }
        Tensor r = result.get();
        if (!java.util.Arrays.equals(r.shape(), self.shape())) {
            throw new IllegalArgumentException(op + ": the result's shape " + Shape.str(r.shape())
                    + " does not match this tensor's " + Shape.str(self.shape()) + " (an in-place op cannot grow it)");
        }
        DType to = self.dtype();
        if (r.dtype().isFloatingPoint() && !to.isFloatingPoint() || r.dtype() == DType.INT64 && to == DType.BOOL) {
            throw new IllegalArgumentException(op + ": a " + r.dtype().shortName() + " result cannot be written into this "
                    + to.shortName() + " tensor");
        }
        return self.assign(r);
    }
}
