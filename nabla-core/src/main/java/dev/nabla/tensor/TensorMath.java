package dev.nabla.tensor;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.UnaryOp;
import dev.nabla.ops.Activations;
import dev.nabla.ops.Binary;
import dev.nabla.ops.Matmul;
import dev.nabla.ops.Unary;

/**
 * Elementwise arithmetic with NumPy broadcasting, comparisons (giving BOOL masks), linear
 * algebra and the layers computed as one op ({@code linear}, {@code layerNorm}). A {@code double}
 * argument is typed as PyTorch types a Python number: it keeps a float tensor's type, and against
 * an integer or bool tensor it is INT64 if integral, else the float type (bool + 1 is INT64).
 */
public sealed interface TensorMath permits Tensor {

    private Tensor self() {
        return (Tensor) this;
    }

    /** {@code this + other}. */
    default Tensor add(Tensor other) { return Binary.apply(BinaryOp.ADD, self(), other); }

    default Tensor add(double s) { return Binary.apply(BinaryOp.ADD, self(), s); }

    /** {@code this - other}. */
    default Tensor sub(Tensor other) { return Binary.apply(BinaryOp.SUB, self(), other); }

    default Tensor sub(double s) { return Binary.apply(BinaryOp.SUB, self(), s); }

    /** {@code s - this}. */
    default Tensor rsub(double s) { return Binary.apply(BinaryOp.SUB, s, self()); }

    /** {@code this * other} (elementwise). */
    default Tensor mul(Tensor other) { return Binary.apply(BinaryOp.MUL, self(), other); }

    default Tensor mul(double s) { return Binary.apply(BinaryOp.MUL, self(), s); }

    /** {@code this / other}, true division: integer operands give a float result (7 / 2 = 3.5), as in PyTorch. */
    default Tensor div(Tensor other) { return Binary.apply(BinaryOp.DIV, self(), other); }

    default Tensor div(double s) { return Binary.apply(BinaryOp.DIV, self(), s); }

    // ---- rounding division (torch.div's rounding_mode, torch.floor_divide) ----

    /**
     * {@code this / other} with {@code roundingMode} as in {@code torch.div}: null for true
     * division, {@code "trunc"} (toward zero) or {@code "floor"} (toward -inf); the rounded modes
     * keep integer types and have zero gradients.
     */
    default Tensor div(Tensor other, String roundingMode) {
        return Binary.apply(Binary.rounding(roundingMode), self(), other);
    }

    default Tensor div(double s, String roundingMode) { return Binary.apply(Binary.rounding(roundingMode), self(), s); }

    /** {@code floor(this / other)} (Python's {@code //}), as {@code torch.floor_divide}. */
    default Tensor floorDivide(Tensor other) { return Binary.apply(BinaryOp.FLOOR_DIVIDE, self(), other); }

    default Tensor floorDivide(double s) { return Binary.apply(BinaryOp.FLOOR_DIVIDE, self(), s); }

    /** {@code this ^ exponent}. */
    default Tensor pow(Tensor exponent) { return Binary.apply(BinaryOp.POW, self(), exponent); }

    default Tensor pow(double exponent) { return Binary.apply(BinaryOp.POW, self(), exponent); }

    /** Elementwise larger of the two (ties split the gradient). */
    default Tensor maximum(Tensor other) { return Binary.apply(BinaryOp.MAXIMUM, self(), other); }

    /** Elementwise smaller of the two (ties split the gradient). */
    default Tensor minimum(Tensor other) { return Binary.apply(BinaryOp.MINIMUM, self(), other); }

    default Tensor neg() { return Unary.apply(UnaryOp.NEG, self()); }

    default Tensor exp() { return Unary.apply(UnaryOp.EXP, self()); }

    default Tensor log() { return Unary.apply(UnaryOp.LOG, self()); }

    /** {@code log(1 + x)}, accurate for small x. */
    default Tensor log1p() { return Unary.apply(UnaryOp.LOG1P, self()); }

    default Tensor sqrt() { return Unary.apply(UnaryOp.SQRT, self()); }

    /** {@code 1 / sqrt(x)}. */
    default Tensor rsqrt() { return Unary.apply(UnaryOp.RSQRT, self()); }

    default Tensor abs() { return Unary.apply(UnaryOp.ABS, self()); }

    /** -1, 0 or 1 elementwise (zero gradient). */
    default Tensor sign() { return Unary.apply(UnaryOp.SIGN, self()); }

    /** The error function. */
    default Tensor erf() { return Unary.apply(UnaryOp.ERF, self()); }

    /** {@code min(max(x, min), max)}. */
    default Tensor clamp(double min, double max) { return Activations.clamp(self(), min, max); }

    /** {@code max(x, min)}. */
    default Tensor clampMin(double min) { return Activations.clamp(self(), min, Double.POSITIVE_INFINITY); }

    /** {@code min(x, max)}. */
    default Tensor clampMax(double max) { return Activations.clamp(self(), Double.NEGATIVE_INFINITY, max); }

    default Tensor eq(Tensor other) { return Binary.apply(BinaryOp.EQ, self(), other); }

    default Tensor eq(double s) { return Binary.apply(BinaryOp.EQ, self(), s); }

    default Tensor ne(Tensor other) { return Binary.apply(BinaryOp.NE, self(), other); }

    default Tensor ne(double s) { return Binary.apply(BinaryOp.NE, self(), s); }

    default Tensor lt(Tensor other) { return Binary.apply(BinaryOp.LT, self(), other); }

    default Tensor lt(double s) { return Binary.apply(BinaryOp.LT, self(), s); }

    default Tensor le(Tensor other) { return Binary.apply(BinaryOp.LE, self(), other); }

    default Tensor le(double s) { return Binary.apply(BinaryOp.LE, self(), s); }

    default Tensor gt(Tensor other) { return Binary.apply(BinaryOp.GT, self(), other); }

    default Tensor gt(double s) { return Binary.apply(BinaryOp.GT, self(), s); }

    default Tensor ge(Tensor other) { return Binary.apply(BinaryOp.GE, self(), other); }

    default Tensor ge(double s) { return Binary.apply(BinaryOp.GE, self(), s); }

    /** Matrix product with PyTorch's semantics for 1-D, 2-D, batched and broadcast operands. */
    default Tensor matmul(Tensor other) { return Matmul.apply(self(), other); }

    /**
     * A fully connected layer {@code this W^T + b} as one op ({@code torch.nn.functional.linear}):
     * this {@code [*, in]}, {@code weight [out, in]}, {@code bias [out]} or null; result {@code [*, out]}.
     */
    default Tensor linear(Tensor weight, Tensor bias) { return dev.nabla.ops.Linear.apply(self(), weight, bias); }

    /**
     * Layer normalization over the trailing dims {@code normalizedShape} as one op
     * ({@code torch.nn.functional.layer_norm}): {@code (this - mean) / sqrt(var + eps) * weight + bias}
     * with the biased variance; this {@code [*, normalizedShape...]}, {@code weight} and {@code bias}
     * of shape {@code normalizedShape} or null; result of this shape.
     */
    default Tensor layerNorm(int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return dev.nabla.ops.LayerNorm.apply(self(), normalizedShape, weight, bias, eps);
    }

    /** Inner product of two 1-D tensors of equal length. */
    default Tensor dot(Tensor other) {
        Tensor a = self();
        if (a.dim() != 1 || other.dim() != 1) {
            throw new IllegalArgumentException("dot: expected two 1-D tensors, got shapes "
                    + dev.nabla.backend.Shape.str(a.shape()) + " and " + dev.nabla.backend.Shape.str(other.shape()));
        }
        return matmul(other);
    }

    /** Outer product: {@code [n] x [m] -> [n, m]}. */
    default Tensor outer(Tensor other) {
        Tensor a = self();
        if (a.dim() != 1 || other.dim() != 1) {
            throw new IllegalArgumentException("outer: expected two 1-D tensors, got shapes "
                    + dev.nabla.backend.Shape.str(a.shape()) + " and " + dev.nabla.backend.Shape.str(other.shape()));
        }
        return a.unsqueeze(1).mul(other.unsqueeze(0));
    }

    // ---- trigonometry, rounding, modulus, scans, products (PyTorch names and semantics) -------

    /** {@code 1 / x}. */
    default Tensor reciprocal() { return Binary.apply(BinaryOp.DIV, 1.0, self()); }

    default Tensor sin() { return Unary.apply(UnaryOp.SIN, self()); }

    default Tensor cos() { return Unary.apply(UnaryOp.COS, self()); }

    /** {@code atan2(this, other)}: the angle of the point {@code (other, this)}, in {@code [-pi, pi]}. */
    default Tensor atan2(Tensor other) { return Binary.apply(BinaryOp.ATAN2, self(), other); }

    /** Largest integer {@code <= x} (zero gradient; integers unchanged). */
    default Tensor floor() { return Unary.apply(UnaryOp.FLOOR, self()); }

    /** Smallest integer {@code >= x} (zero gradient). */
    default Tensor ceil() { return Unary.apply(UnaryOp.CEIL, self()); }

    /** Nearest integer, halves to even: {@code round(0.5) = 0}, {@code round(1.5) = 2} (zero gradient). */
    default Tensor round() { return Unary.apply(UnaryOp.ROUND, self()); }

    /**
     * Rounded to {@code decimals} decimal places, halves to even, as PyTorch computes it:
     * {@code round(x * 10^d) / 10^d}, or {@code round(x / 10^-d) * 10^-d} for negative {@code d}.
     */
    default Tensor round(int decimals) {
        if (decimals == 0) {
            return round();
        }
        double scale = Math.pow(10, Math.abs(decimals));
        return decimals > 0 ? self().mul(scale).round().div(scale) : self().div(scale).round().mul(scale);
    }

    /** The integer part, toward zero (zero gradient). */
    default Tensor trunc() { return Unary.apply(UnaryOp.TRUNC, self()); }

    /** {@code this - other * floor(this / other)}: the sign of the divisor, as Python's {@code %}. */
    default Tensor remainder(Tensor other) { return Binary.apply(BinaryOp.REMAINDER, self(), other); }

    default Tensor remainder(double other) { return Binary.apply(BinaryOp.REMAINDER, self(), other); }

    /** {@code this - other * trunc(this / other)}: the sign of the dividend, as C's {@code fmod}. */
    default Tensor fmod(Tensor other) { return Binary.apply(BinaryOp.FMOD, self(), other); }

    default Tensor fmod(double other) { return Binary.apply(BinaryOp.FMOD, self(), other); }

    /** Running sums along {@code dim}; integers and booleans give INT64. */
    default Tensor cumsum(int dim) { return dev.nabla.ops.Scan.cumsum(self(), dim); }

    /** Running products along {@code dim}; the gradient is exact with zeros in the input. */
    default Tensor cumprod(int dim) { return dev.nabla.ops.Scan.cumprod(self(), dim); }

    /** Product of all elements (a zero-dim tensor). */
    default Tensor prod() { return dev.nabla.ops.Scan.prod(self()); }

    /** Product along {@code dim}. */
    default Tensor prod(int dim, boolean keepDim) { return dev.nabla.ops.Scan.prod(self(), dim, keepDim); }

    /** Batched matrix product of {@code [b, n, m]} and {@code [b, m, p]} (no broadcasting): {@code [b, n, p]}. */
    default Tensor bmm(Tensor other) {
        Tensor a = self();
        if (a.dim() != 3 || other.dim() != 3 || a.size(0) != other.size(0) || a.size(2) != other.size(1)) {
            throw new IllegalArgumentException("bmm: expected [b, n, m] and [b, m, p], got shapes "
                    + dev.nabla.backend.Shape.str(a.shape()) + " and " + dev.nabla.backend.Shape.str(other.shape()));
        }
        return matmul(other);
    }
}
