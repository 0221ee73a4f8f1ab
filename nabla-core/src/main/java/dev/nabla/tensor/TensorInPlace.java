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
 * {@link Tensor#priorVersion()}), a view through its base; a leaf that requires grad is updated
 * under {@link Tensor#noGrad()}, as optimizers do. What is refused is listed in {@code InPlaceUpdate}.
 */
public sealed interface TensorInPlace permits Tensor {

    private Tensor self() {
        return (Tensor) this;
    }

    /** {@code this += other}. */
    default Tensor add_(Tensor other) { return inPlace("add_", x -> x.add(operand(x, other)), other); }

    default Tensor add_(double s) { return inPlace("add_", x -> x.add(s)); }

    /** {@code this -= other}. */
    default Tensor sub_(Tensor other) { return inPlace("sub_", x -> x.sub(operand(x, other)), other); }

    default Tensor sub_(double s) { return inPlace("sub_", x -> x.sub(s)); }

    /** {@code this *= other}. */
    default Tensor mul_(Tensor other) { return inPlace("mul_", x -> x.mul(operand(x, other)), other); }

    default Tensor mul_(double s) { return inPlace("mul_", x -> x.mul(s)); }

    /** {@code this /= other} (true division: refused on an integer tensor, as PyTorch). */
    default Tensor div_(Tensor other) { return inPlace("div_", x -> x.div(operand(x, other)), other); }

    default Tensor div_(double s) { return inPlace("div_", x -> x.div(s)); }

    /** {@code this = this^exponent}. */
    default Tensor pow_(double exponent) { return inPlace("pow_", x -> x.pow(exponent)); }

    /** {@code this = min(max(this, min), max)}. */
    default Tensor clamp_(double min, double max) { return inPlace("clamp_", x -> x.clamp(min, max)); }

    /** {@code this = max(this, min)}. */
    default Tensor clampMin_(double min) { return inPlace("clampMin_", x -> x.clampMin(min)); }

    /** {@code this = min(this, max)}. */
    default Tensor clampMax_(double max) { return inPlace("clampMax_", x -> x.clampMax(max)); }

    /** {@code this = -this}. */
    default Tensor neg_() { return inPlace("neg_", Tensor::neg); }

    /** {@code this = |this|}. */
    default Tensor abs_() { return inPlace("abs_", Tensor::abs); }

    /** {@code this = max(this, 0)}. */
    default Tensor relu_() { return inPlace("relu_", Tensor::relu); }

    /** {@code this = 1 / (1 + e^-this)}. */
    default Tensor sigmoid_() { return inPlace("sigmoid_", Tensor::sigmoid); }

    /** {@code this = tanh(this)}. */
    default Tensor tanh_() { return inPlace("tanh_", Tensor::tanh); }

    /** {@code this = e^this}. */
    default Tensor exp_() { return inPlace("exp_", Tensor::exp); }

    /** {@code this = ln(this)}. */
    default Tensor log_() { return inPlace("log_", Tensor::log); }

    /** {@code this = sqrt(this)}. */
    default Tensor sqrt_() { return inPlace("sqrt_", Tensor::sqrt); }

    /** {@code this += value * t1 * t2} (as Adam's second moment updates). */
    default Tensor addcmul_(Tensor t1, Tensor t2, double value) {
        return inPlace("addcmul_", x -> x.addcmul(operand(x, t1), operand(x, t2), value), t1, t2);
    }

    /** {@code this += value * t1 / t2}. */
    default Tensor addcdiv_(Tensor t1, Tensor t2, double value) {
        return inPlace("addcdiv_", x -> x.addcdiv(operand(x, t1), operand(x, t2), value), t1, t2);
    }

    /** {@code this += weight * (end - this)} (as an exponential moving average). */
    default Tensor lerp_(Tensor end, double weight) {
        return inPlace("lerp_", x -> x.lerp(operand(x, end), weight), end);
    }

    /** {@code value} where {@code mask} (broadcast to this shape) is true. */
    default Tensor maskedFill_(Tensor mask, double value) {
        return inPlace("maskedFill_", x -> x.maskedFill(mask, value));
    }

    /** Fills with draws from {@code N(mean, std^2)} (as {@code normal_}, e.g. to initialise a weight under noGrad). */
    default Tensor normal_(Generator gen, double mean, double std) {
        return self().assign(Tensor.normal(gen, mean, std, self().shape()).to(self().backend()));
    }

    /** Fills with draws from {@code U[low, high)} (as {@code uniform_}). */
    default Tensor uniform_(Generator gen, double low, double high) {
        return self().assign(Tensor.uniform(gen, low, high, self().shape()).to(self().backend()));
    }

    /** Zeros every element (PyTorch's {@code zero_}, e.g. of a gradient). */
    default Tensor zero_() { return self().fill(0); }

    /** PyTorch's name for {@link Tensor#fill(double)}. */
    default Tensor fill_(double value) { return self().fill(value); }

    /** PyTorch's name for {@link Tensor#assign(Tensor)}: {@code src}, broadcast and converted, written into this tensor. */
    default Tensor copy_(Tensor src) { return self().assign(src); }

    /** The operand, or {@code x} (the old values) when it is this tensor itself ({@code y.mul_(y)}). */
    private Tensor operand(Tensor x, Tensor other) {
        return other == this ? x : other;
    }

    private Tensor inPlace(String op, java.util.function.UnaryOperator<Tensor> result, Tensor... operands) {
        Tensor self = self();
        int[] shape = self.data().shapeRef();
        int[] strides = self.data().stridesRef();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] > 1 && strides[d] == 0) {
                throw new IllegalArgumentException(op + ": this tensor is an expanded view " + Shape.str(shape)
                        + " whose elements share memory; write into a clone() instead");
            }
        }
        return self.update(op, result, operands);
    }
}
