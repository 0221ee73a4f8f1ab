package dev.nabla.ops;

import dev.nabla.autograd.GradMode;
import dev.nabla.backend.DType;
import dev.nabla.backend.UnaryOp;
import dev.nabla.tensor.Tensor;

/**
 * Elementwise functions {@code y = f(x)} and their derivatives {@code dx = dy * f'(x)}; each
 * derivative is defined beside its function in {@link UnaryOp} (one table, as tinygrad keeps
 * its derivative rules) and applied by the backend's fused {@code unaryBackward}. When the
 * backward itself is recorded (higher-order gradients), {@code f'(x)} is built from tensor ops.
 */
public final class Unary {
    private Unary() {
    }

    /**
     * {@code op} applied elementwise; integer inputs are converted to float except for sign-like
     * ops. Negating a bool tensor is refused, as in PyTorch.
     */
    public static Tensor apply(UnaryOp op, Tensor x) {
        if (op == UnaryOp.NEG && x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(
                    "neg: negating a bool tensor is not supported; to invert a mask, use mask.eq(0) (logical not) instead");
        }
        Tensor in = x.dtype().isFloatingPoint() || keepsIntegers(op) ? x : x.to(x.backend().floatType());
        var out = in.backend().unary(op, in.data());
        Tensor y = OpSupport.result(op.label(), out, in,
                g -> new Tensor[] {derivative(op, in, g, out)}, in);
        return OpSupport.saving(y, readsInput(op) ? in.data() : null, readsOutput(op) ? out : null);
    }

    /** Whether {@code f'} is computed from x (as PyTorch saves it); unknown ops are assumed to read both. */
    private static boolean readsInput(UnaryOp op) {
        return switch (op) {
            case NEG, SIGN, EXP, SQRT, RSQRT, SIGMOID, TANH, RELU, FLOOR, CEIL, ROUND, TRUNC -> false;
            default -> true;
        };
    }

    /** Whether {@code f'} is computed from y = f(x). */
    private static boolean readsOutput(UnaryOp op) {
        return switch (op) {
            case NEG, SIGN, LOG, LOG1P, ABS, ERF, GELU, SIN, COS, FLOOR, CEIL, ROUND, TRUNC -> false;
            default -> true;
        };
    }

    private static boolean keepsIntegers(UnaryOp op) {
        return op == UnaryOp.NEG || op == UnaryOp.ABS || op == UnaryOp.RELU || op.isStep();
    }

    /** {@code g * f'(x)} in one fused backend pass (the derivatives are defined beside each op in {@link UnaryOp}). */
    private static Tensor derivative(UnaryOp op, Tensor x, Tensor g, dev.nabla.backend.NDArray yData) {
        if (op.isStep()) {
            return Tensor.zerosLike(g);
        }
        Tensor gx = g.dtype() == x.dtype() ? g : g.to(x.dtype());
        if (GradMode.isEnabled()) {
            return gx.mul(differentiable(op, x));
        }
        return new Tensor(x.backend().unaryBackward(op, x.data(), yData, gx.data()), x.backend());
    }

    /** {@code f'(x)} as a differentiable tensor expression (for gradients of gradients). */
    private static Tensor differentiable(UnaryOp op, Tensor x) {
        return switch (op) {
            case NEG -> Tensor.fullLike(x, -1);
            case EXP -> x.exp();
            case LOG -> x.reciprocal();
            case LOG1P -> x.add(1).reciprocal();
            case SQRT -> x.sqrt().reciprocal().mul(0.5);
            case RSQRT -> x.rsqrt().div(x).mul(-0.5);
            case ABS -> x.sign();
            case SIGMOID -> x.sigmoid().mul(x.sigmoid().rsub(1));
            case TANH -> x.tanh().pow(2).rsub(1);
            case RELU -> x.le(0).to(x.dtype()).rsub(1); // 1 at NaN, as the first-order rule (y <= 0 ? 0 : 1)
            case ERF -> x.pow(2).neg().exp().mul(2 / Math.sqrt(Math.PI));
            case GELU -> x.mul(UnaryOp.INV_SQRT2).erf().add(1).mul(0.5)
                    .add(x.mul(x.pow(2).mul(-0.5).exp()).mul(UnaryOp.INV_SQRT_2PI));
            case SIN -> x.cos();
            case COS -> x.sin().neg();
            case SIGN, FLOOR, CEIL, ROUND, TRUNC -> Tensor.zerosLike(x);
        };
    }
}
