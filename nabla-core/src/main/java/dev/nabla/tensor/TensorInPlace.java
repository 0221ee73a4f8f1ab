package dev.nabla.tensor;

import dev.nabla.backend.Shape;

/**
 * PyTorch's in-place arithmetic ({@code x.add_(y)}, {@code w.sub_(g.mul(lr))}, {@code g.zero_()}):
 * the result of the out-of-place op written into this tensor's storage, so that views see it, and
 * counted in {@link Tensor#version()}. As PyTorch, the result must keep this tensor's shape (an
 * operand may broadcast, this tensor may not grow) and be castable to its dtype (a float result
 * into an integer tensor is refused), and an expanded view (elements sharing memory) is refused.
 * Autograd records the update when this tensor or the operand requires grad, as PyTorch does
 * ({@code y = x.mul(2); y.add_(1)} gives {@code y} the history of {@code x * 2 + 1}; see
 * {@link Tensor#priorVersion()}); a leaf that requires grad is updated under
 * {@link Tensor#noGrad()}, as optimizers do, and a view that requires grad through its base is
 * refused (update the base, or a clone).
 */
public sealed interface TensorInPlace permits Tensor {

    private Tensor self() {
        return (Tensor) this;
    }

    /** {@code this += other}. */
    default Tensor add_(Tensor other) { return inPlace("add_", x -> x.add(operand(x, other)), other); }

    default Tensor add_(double s) { return inPlace("add_", x -> x.add(s), null); }

    /** {@code this -= other}. */
    default Tensor sub_(Tensor other) { return inPlace("sub_", x -> x.sub(operand(x, other)), other); }

    default Tensor sub_(double s) { return inPlace("sub_", x -> x.sub(s), null); }

    /** {@code this *= other}. */
    default Tensor mul_(Tensor other) { return inPlace("mul_", x -> x.mul(operand(x, other)), other); }

    default Tensor mul_(double s) { return inPlace("mul_", x -> x.mul(s), null); }

    /** {@code this /= other} (true division: refused on an integer tensor, as PyTorch). */
    default Tensor div_(Tensor other) { return inPlace("div_", x -> x.div(operand(x, other)), other); }

    default Tensor div_(double s) { return inPlace("div_", x -> x.div(s), null); }

    /** {@code this = this^exponent}. */
    default Tensor pow_(double exponent) { return inPlace("pow_", x -> x.pow(exponent), null); }

    /** {@code this = min(max(this, min), max)}. */
    default Tensor clamp_(double min, double max) { return inPlace("clamp_", x -> x.clamp(min, max), null); }

    /** {@code this = -this}. */
    default Tensor neg_() { return inPlace("neg_", Tensor::neg, null); }

    /** {@code this = max(this, 0)}. */
    default Tensor relu_() { return inPlace("relu_", Tensor::relu, null); }

    /** Zeros every element (PyTorch's {@code zero_}, e.g. of a gradient). */
    default Tensor zero_() { return self().fill(0); }

    /** The operand, or {@code x} (the old values) when it is this tensor itself ({@code y.mul_(y)}). */
    private Tensor operand(Tensor x, Tensor other) {
        return other == this ? x : other;
    }

    private Tensor inPlace(String op, java.util.function.UnaryOperator<Tensor> result, Tensor operand) {
        Tensor self = self();
        int[] shape = self.data().shapeRef();
        int[] strides = self.data().stridesRef();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] > 1 && strides[d] == 0) {
                throw new IllegalArgumentException(op + ": this tensor is an expanded view " + Shape.str(shape)
                        + " whose elements share memory; write into a clone() instead");
            }
        }
        return self.update(op, result, operand);
    }
}
