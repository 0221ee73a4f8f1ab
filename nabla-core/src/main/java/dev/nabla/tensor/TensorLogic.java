package dev.nabla.tensor;

import dev.nabla.backend.DType;
import dev.nabla.backend.Shape;
import dev.nabla.ops.Bitwise;

/**
 * PyTorch's tests and logic on tensors: NaN and infinity tests, logical operators (non-zero is
 * true), bitwise operators on int64 and bool, {@code any}/{@code all}, counting and locating
 * non-zero elements and selecting by a mask. Results are BOOL, INT64 for counts and indices.
 */
public sealed interface TensorLogic permits Tensor {

    private Tensor self() {
        return (Tensor) this;
    }

    /** Where x is NaN. */
    default Tensor isNan() { return self().ne(self()); }

    /** Whether the sign bit is set: true below 0 and for {@code -0.0} (BOOL). */
    default Tensor signbit() {
        Tensor x = self();
        Tensor negative = x.lt(0);
        return x.dtype().isFloatingPoint() ? negative.logicalOr(x.eq(0).logicalAnd(x.reciprocal().lt(0))) : negative;
    }

    /** Where x is +inf or -inf. */
    default Tensor isInf() { return self().abs().eq(Double.POSITIVE_INFINITY); }

    /** Where the value is {@code +inf}. */
    default Tensor isposinf() { return self().eq(Double.POSITIVE_INFINITY); }

    /** Where the value is {@code -inf}. */
    default Tensor isneginf() { return self().eq(Double.NEGATIVE_INFINITY); }

    /** Where x is neither NaN nor infinite (always, for integers). */
    default Tensor isFinite() { return self().sub(self()).eq(0); }

    /** Where x is zero. */
    default Tensor logicalNot() { return self().eq(0); }

    /** Where both are non-zero (broadcast). */
    default Tensor logicalAnd(Tensor other) {
        Tensor a = self().ne(0);
        return Tensor.where(a, other.ne(0), a);
    }

    /** Where either is non-zero (broadcast). */
    default Tensor logicalOr(Tensor other) {
        Tensor a = self().ne(0);
        return Tensor.where(a, a, other.ne(0));
    }

    /** Where exactly one is non-zero (broadcast). */
    default Tensor logicalXor(Tensor other) { return self().ne(0).ne(other.ne(0)); }

    // ---- bitwise, on int64 and bool tensors (see dev.nabla.ops.Bitwise) ----------------------

    /** {@code this & other} (broadcast). */
    default Tensor bitwiseAnd(Tensor other) { return Bitwise.and(self(), other); }

    /** {@code this & other}. */
    default Tensor bitwiseAnd(long other) { return Bitwise.and(self(), Bitwise.scalar(self(), other)); }

    /** {@code this | other} (broadcast). */
    default Tensor bitwiseOr(Tensor other) { return Bitwise.or(self(), other); }

    /** {@code this | other}. */
    default Tensor bitwiseOr(long other) { return Bitwise.or(self(), Bitwise.scalar(self(), other)); }

    /** {@code this ^ other} (broadcast). */
    default Tensor bitwiseXor(Tensor other) { return Bitwise.xor(self(), other); }

    /** {@code this ^ other}. */
    default Tensor bitwiseXor(long other) { return Bitwise.xor(self(), Bitwise.scalar(self(), other)); }

    /** {@code ~this}. */
    default Tensor bitwiseNot() { return Bitwise.not(self()); }

    /** {@code this << other} (broadcast; int64). */
    default Tensor bitwiseLeftShift(Tensor other) { return Bitwise.leftShift(self(), other); }

    /** {@code this << other} (int64). */
    default Tensor bitwiseLeftShift(long other) { return Bitwise.leftShift(self(), Bitwise.scalar(self(), other)); }

    /** {@code this >> other}, arithmetic (broadcast; int64). */
    default Tensor bitwiseRightShift(Tensor other) { return Bitwise.rightShift(self(), other); }

    /** {@code this >> other}, arithmetic (int64). */
    default Tensor bitwiseRightShift(long other) { return Bitwise.rightShift(self(), Bitwise.scalar(self(), other)); }

    /**
     * Whether {@code |this - other| <= atol + rtol * |other|} elementwise (broadcast; BOOL), as
     * {@code torch.isclose}: infinities are close only to the same infinity, NaN to NaN only with
     * {@code equalNan}.
     */
    default Tensor isclose(Tensor other, double rtol, double atol, boolean equalNan) {
        Tensor x = self();
        Tensor close = x.eq(other).logicalOr(x.sub(other).abs().le(other.abs().mul(rtol).add(atol))
                .logicalAnd(x.isFinite()).logicalAnd(other.isFinite()));
        return equalNan ? close.logicalOr(x.isNan().logicalAnd(other.isNan())) : close;
    }

    /** {@link #isclose} with PyTorch's defaults: {@code rtol = 1e-5}, {@code atol = 1e-8}, NaN not equal. */
    default Tensor isclose(Tensor other) { return isclose(other, 1e-5, 1e-8, false); }

    /** Whether every element {@linkplain #isclose is close} to {@code other}'s. */
    default boolean allclose(Tensor other, double rtol, double atol, boolean equalNan) {
        return isclose(other, rtol, atol, equalNan).all().item() != 0;
    }

    /** {@link #allclose} with PyTorch's defaults. */
    default boolean allclose(Tensor other) { return allclose(other, 1e-5, 1e-8, false); }

    /** Whether {@code other} has the same shape and the same elements (as {@code torch.equal}). */
    default boolean equal(Tensor other) {
        return java.util.Arrays.equals(self().shape(), other.shape()) && self().eq(other).all().item() != 0;
    }

    /** Whether any element is non-zero (a BOOL scalar; false when empty). */
    default Tensor any() { return self().ne(0).sum().gt(0); }

    /** Whether any element along {@code dim} is non-zero. */
    default Tensor any(int dim, boolean keepDim) { return self().ne(0).sum(dim, keepDim).gt(0); }

    /** Whether every element is non-zero (a BOOL scalar; true when empty; NaN counts as non-zero). */
    default Tensor all() { return self().eq(0).sum().eq(0); }

    /** Whether every element along {@code dim} is non-zero. */
    default Tensor all(int dim, boolean keepDim) { return self().eq(0).sum(dim, keepDim).eq(0); }

    /** The number of non-zero elements (an INT64 scalar). */
    default Tensor countNonzero() { return self().ne(0).sum(); }

    /** The number of non-zero elements along {@code dim}. */
    default Tensor countNonzero(int dim) { return self().ne(0).sum(dim, false); }

    /** The coordinates of the non-zero elements in row-major order: INT64 {@code [count, dim()]}. */
    default Tensor nonzero() {
        Tensor x = self();
        boolean[] on = x.ne(0).toBooleanArray();
        int[] shape = x.shape();
        int count = 0;
        for (boolean b : on) {
            count += b ? 1 : 0;
        }
        long[] coords = new long[count * shape.length];
        for (int i = 0, row = 0; i < on.length; i++) {
            if (on[i]) {
                for (int d = shape.length - 1, rest = i; d >= 0; d--) {
                    coords[row * shape.length + d] = rest % shape[d];
                    rest /= shape[d];
                }
                row++;
            }
        }
        return Tensor.of(coords, count, shape.length).to(x.backend());
    }

    /** {@link #nonzero()} (NumPy's name). */
    default Tensor argwhere() { return nonzero(); }

    /**
     * The elements where {@code mask} (BOOL, broadcast with this tensor) is true, in row-major
     * order: a 1-D tensor, differentiable.
     */
    default Tensor maskedSelect(Tensor mask) {
        Tensor x = self();
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("maskedSelect: the mask must be BOOL, got " + mask.dtype().shortName());
        }
        int[] shape = Shape.broadcast("maskedSelect", x.shape(), mask.shape());
        boolean[] on = mask.broadcastTo(shape).contiguous().toBooleanArray();
        int count = 0;
        for (boolean b : on) {
            count += b ? 1 : 0;
        }
        long[] index = new long[count];
        for (int i = 0, k = 0; i < on.length; i++) {
            if (on[i]) {
                index[k++] = i;
            }
        }
        return x.broadcastTo(shape).reshape(-1).indexSelect(0, Tensor.of(index, count).to(x.backend()));
    }
}
