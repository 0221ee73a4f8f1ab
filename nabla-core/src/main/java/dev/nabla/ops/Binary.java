package dev.nabla.ops;

import dev.nabla.autograd.GradMode;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.DType;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Elementwise functions of two operands with NumPy broadcasting, {@code y = f(a, b)}, and their
 * partial derivatives; gradients of broadcast operands are summed back to their shapes.
 */
public final class Binary {
    private Binary() {
    }

    /**
     * {@code op(a, b)} with broadcasting. {@code DIV} is true division: integer and bool operands
     * give the backend's float type (7 / 2 = 3.5), as in PyTorch; {@code FLOOR_DIVIDE} and
     * {@code TRUNC_DIVIDE} round, keep integer types and have zero gradients. {@code SUB} refuses
     * bool operands, as PyTorch does.
     */
    public static Tensor apply(BinaryOp op, Tensor a, Tensor b) {
        String name = op.label();
        OpSupport.sameBackend(name, a, b);
        if (op == BinaryOp.SUB && (a.dtype() == DType.BOOL || b.dtype() == DType.BOOL)) {
            throw new IllegalArgumentException(a.dtype() == b.dtype()
                    ? "sub: bool - bool is not supported; use a.ne(b) (logical xor) instead"
                    : "sub: " + a.dtype().shortName() + " - " + b.dtype().shortName()
                            + " is not supported; to invert a mask, use mask.eq(0) (logical not) instead");
        }
        if ((a.dim() == 0) != (b.dim() == 0) && a.dtype() != b.dtype()
                && a.dtype().isFloatingPoint() && b.dtype().isFloatingPoint()) {
            // PyTorch's promotion: a zero-dim operand does not widen one with dims of its own
            // category (float32 [n] + float64 scalar tensor is float32).
            return a.dim() == 0 ? apply(op, a.to(b.dtype()), b) : apply(op, a, b.to(a.dtype()));
        }
        if (op == BinaryOp.ATAN2 && !a.dtype().isFloatingPoint() && !b.dtype().isFloatingPoint()) {
            return apply(op, a.to(a.backend().floatType()), b.to(b.backend().floatType()));
        }
        Shape.broadcast(name, a.data().shapeRef(), b.data().shapeRef());
        if (op == BinaryOp.DIV && !a.dtype().isFloatingPoint() && !b.dtype().isFloatingPoint()) {
            return apply(op, a.to(a.backend().floatType()), b.to(a.backend().floatType()));
        }
        var out = a.backend().binary(op, a.data(), b.data());
        if (op.isComparison()) {
            return new Tensor(out, a.backend());
        }
        // Recording the backward (higher-order gradients) needs y as a function of a and b, not a constant.
        Tensor y = OpSupport.result(name, out, a, g -> gradients(op, a, b, g,
                GradMode.isEnabled() && op == BinaryOp.POW ? apply(op, a, b) : new Tensor(out, a.backend())), a, b);
        boolean needA = a.requiresGrad();
        boolean needB = b.requiresGrad();
        return switch (op) {
            case MUL -> OpSupport.saving(y, needB ? a.data() : null, needA ? b.data() : null);
            case DIV -> OpSupport.saving(y, b.data(), needB ? a.data() : null);
            case POW -> OpSupport.saving(y, a.data(), b.data(), needB ? out : null); // y only for d/db, as PyTorch
            case MAXIMUM, MINIMUM, ATAN2 -> OpSupport.saving(y, a.data(), b.data());
            case REMAINDER, FMOD -> OpSupport.saving(y, needB ? a.data() : null, needB ? b.data() : null);
            default -> y; // add, sub and the rounding divisions read nothing saved
        };
    }

    /** {@code op(a, s)} for a number {@code s}, keeping {@code a}'s type. */
    public static Tensor apply(BinaryOp op, Tensor a, double s) {
        if (op == BinaryOp.POW && !a.dtype().isFloatingPoint() && s < 0 && s == Math.rint(s)) {
            throw new IllegalArgumentException("pow: integers to negative integer powers are not allowed ("
                    + a.dtype().shortName() + " tensor to the power " + (long) s + ")");
        }
        return apply(op, a, OpSupport.scalarLike(a, s));
    }

    /** {@code op(s, a)} for a number {@code s}, keeping {@code a}'s type. */
    public static Tensor apply(BinaryOp op, double s, Tensor a) {
        return apply(op, OpSupport.scalarLike(a, s), a);
    }

    /** The op of {@code torch.div}'s {@code rounding_mode}: null (true division), "trunc" or "floor". */
    public static BinaryOp rounding(String roundingMode) {
        if (roundingMode == null) {
            return BinaryOp.DIV;
        }
        return switch (roundingMode) {
            case "trunc" -> BinaryOp.TRUNC_DIVIDE;
            case "floor" -> BinaryOp.FLOOR_DIVIDE;
            default -> throw new IllegalArgumentException("div: expected roundingMode to be null, \"trunc\" or "
                    + "\"floor\", got \"" + roundingMode + "\"");
        };
    }

    private static Tensor[] gradients(BinaryOp op, Tensor a, Tensor b, Tensor g, Tensor y) {
        Tensor ga = null;
        Tensor gb = null;
        boolean needA = a.requiresGrad();
        boolean needB = b.requiresGrad();
        switch (op) {
            case ADD -> {
                ga = g;
                gb = g;
            }
            case SUB -> {
                ga = g;
                gb = needB ? g.neg() : null;
            }
            case MUL -> {
                ga = needA ? g.mul(b) : null;
                gb = needB ? g.mul(a) : null;
            }
            case DIV -> {
                ga = needA ? g.div(b) : null;
                gb = needB ? g.mul(a.div(b).div(b)).neg() : null; // PyTorch's -g * ((a / b) / b): reads a, not y
            }
            case POW -> {
                // PyTorch's masks: d/da is 0 where b = 0 (x^0 at x = 0 included), d/db is 0 where
                // a = 0 and b >= 0 (the limit of a^b log a), instead of 0 * inf = NaN.
                Tensor zero = OpSupport.scalarLike(g, 0);
                ga = needA ? Tensor.where(b.eq(0), zero, g.mul(b).mul(a.pow(b.sub(1)))) : null;
                gb = needB ? Tensor.where(a.eq(0).mul(b.ge(0)), zero, g.mul(y).mul(a.log())) : null;
            }
            case FLOOR_DIVIDE, TRUNC_DIVIDE -> {
                ga = needA ? Tensor.zerosLike(g) : null;
                gb = needB ? Tensor.zerosLike(g) : null;
            }
            case MAXIMUM, MINIMUM -> {
                // Ties split the gradient evenly, and the loser gets an exact 0 (even for a NaN g), as PyTorch does.
                Tensor winsA = op == BinaryOp.MAXIMUM ? a.gt(b) : a.lt(b);
                Tensor winsB = op == BinaryOp.MAXIMUM ? a.lt(b) : a.gt(b);
                Tensor zero = OpSupport.scalarLike(g, 0);
                Tensor half = Tensor.where(a.eq(b), g.mul(0.5), g);
                ga = needA ? Tensor.where(winsB, zero, half) : null;
                gb = needB ? Tensor.where(winsA, zero, half) : null;
            }
            case ATAN2 -> {
                Tensor r2 = a.mul(a).add(b.mul(b));
                ga = needA ? g.mul(b).div(r2) : null;
                gb = needB ? g.mul(a).div(r2).neg() : null;
            }
            case REMAINDER, FMOD -> { // y = a - b * q with q = floor(a / b) or trunc(a / b), piecewise constant
                ga = g;
                gb = needB ? g.mul(op == BinaryOp.REMAINDER ? a.div(b).floor() : a.div(b).trunc()).neg() : null;
            }
            default -> throw new IllegalStateException(op + " has no derivative");
        }
        return new Tensor[] {reduceTo(ga, a), reduceTo(gb, b)};
    }

    private static Tensor reduceTo(Tensor g, Tensor input) {
        if (g == null || !input.requiresGrad()) {
            return null;
        }
        Tensor s = OpSupport.sumTo(g, input.data().shapeRef());
        return s.dtype() == input.dtype() ? s : s.to(input.dtype());
    }
}
