package dev.nabla.tensor;

import dev.nabla.backend.UnaryOp;
import dev.nabla.ops.Activations;
import dev.nabla.ops.Softmax;
import dev.nabla.ops.Unary;

/** Activation functions, elementwise except softmax and logSoftmax (along one dim). */
public sealed interface TensorActivations permits Tensor {

    private Tensor self() {
        return (Tensor) this;
    }

    /** {@code 1 / (1 + exp(-x))}, without overflow. */
    default Tensor sigmoid() { return Unary.apply(UnaryOp.SIGMOID, self()); }

    default Tensor tanh() { return Unary.apply(UnaryOp.TANH, self()); }

    /** {@code max(x, 0)}. */
    default Tensor relu() { return Unary.apply(UnaryOp.RELU, self()); }

    /** {@code x > 0 ? x : 0.01 x}. */
    default Tensor leakyRelu() { return Activations.leakyRelu(self(), 0.01); }

    /** {@code x > 0 ? x : slope * x}. */
    default Tensor leakyRelu(double slope) { return Activations.leakyRelu(self(), slope); }

    /** ELU with alpha 1: {@code x > 0 ? x : exp(x) - 1}. */
    default Tensor elu() { return Activations.elu(self(), 1.0); }

    /** {@code x > 0 ? x : alpha * (exp(x) - 1)}. */
    default Tensor elu(double alpha) { return Activations.elu(self(), alpha); }

    /** Exact GELU {@code 0.5 x (1 + erf(x / sqrt 2))}. */
    default Tensor gelu() { return Activations.gelu(self(), false); }

    /** GELU, exact or with the tanh approximation ({@code approximate='tanh'} in PyTorch). */
    default Tensor gelu(boolean tanhApproximation) { return Activations.gelu(self(), tanhApproximation); }

    /** SiLU (swish) {@code x * sigmoid(x)}. */
    default Tensor silu() { return Activations.silu(self()); }

    /** {@code log(1 + exp(x))}, stable for any x (beta 1, threshold 20 as in PyTorch). */
    default Tensor softplus() { return Activations.softplus(self(), 1, 20); }

    /** {@code log(1 + exp(beta x)) / beta}, linear above {@code threshold}. */
    default Tensor softplus(double beta, double threshold) { return Activations.softplus(self(), beta, threshold); }

    /** {@code exp(x) / sum(exp(x))} along {@code dim}, computed stably. */
    default Tensor softmax(int dim) { return Softmax.apply(self(), dim, false); }

    /** {@code x - logSumExp(x)} along {@code dim}, computed stably. */
    default Tensor logSoftmax(int dim) { return Softmax.apply(self(), dim, true); }

    // ---- hardtanh, logSigmoid, mish, hardswish ----------------------------------------------

    /** {@code clamp(x, -1, 1)} with zero gradient at the bounds. */
    default Tensor hardtanh() { return Activations.hardtanh(self(), -1, 1); }

    /** {@code clamp(x, minVal, maxVal)} with zero gradient at the bounds ({@code F.hardtanh}). */
    default Tensor hardtanh(double minVal, double maxVal) { return Activations.hardtanh(self(), minVal, maxVal); }

    /** {@code log(sigmoid(x))}, stable for any x. */
    default Tensor logSigmoid() { return Activations.logSigmoid(self()); }

    /** Mish {@code x * tanh(softplus(x))}. */
    default Tensor mish() { return Activations.mish(self()); }

    /** Hardswish {@code x * relu6(x + 3) / 6}. */
    default Tensor hardswish() { return Activations.hardswish(self()); }
}
