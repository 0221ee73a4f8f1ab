package dev.nabla.ops;

import dev.nabla.backend.UnaryOp;
import dev.nabla.tensor.Tensor;

/**
 * Elementwise functions {@code y = f(x)} and their derivatives {@code dx = dy * f'(x)}; each
 * derivative is defined beside its function in {@link UnaryOp} (one table, as tinygrad keeps
 * its derivative rules) and applied by the backend's fused {@code unaryBackward}.
 */
public final class Unary {
    private Unary() {
    }

    /** {@code op} applied elementwise; integer inputs are converted to float except for sign-like ops. */
    public static Tensor apply(UnaryOp op, Tensor x) {
        Tensor in = x.dtype().isFloatingPoint() || keepsIntegers(op) ? x : x.to(x.backend().floatType());
        var out = in.backend().unary(op, in.data());
        Tensor y = OpSupport.result(op.name().toLowerCase(java.util.Locale.ROOT), out, in,
                g -> new Tensor[] {derivative(op, in, g, out)}, in);
        return OpSupport.saving(y, readsInput(op) ? in.data() : null, readsOutput(op) ? out : null);
    }

    /** Whether {@code f'} is computed from x (as PyTorch saves it); unknown ops are assumed to read both. */
    private static boolean readsInput(UnaryOp op) {
        return switch (op) {
            case NEG, SIGN, EXP, SQRT, RSQRT, SIGMOID, TANH, RELU -> false;
            default -> true;
        };
    }

    /** Whether {@code f'} is computed from y = f(x). */
    private static boolean readsOutput(UnaryOp op) {
        return switch (op) {
            case NEG, SIGN, LOG, LOG1P, ABS, ERF, GELU -> false;
            default -> true;
        };
    }

    private static boolean keepsIntegers(UnaryOp op) {
        return op == UnaryOp.NEG || op == UnaryOp.ABS || op == UnaryOp.SIGN || op == UnaryOp.RELU;
    }

    /** {@code g * f'(x)} in one fused backend pass (the derivatives are defined beside each op in {@link UnaryOp}). */
    private static Tensor derivative(UnaryOp op, Tensor x, Tensor g, dev.nabla.backend.NDArray yData) {
        if (op == UnaryOp.SIGN) {
            return Tensor.zerosLike(g);
        }
        Tensor gx = g.dtype() == x.dtype() ? g : g.to(x.dtype());
        return new Tensor(x.backend().unaryBackward(op, x.data(), yData, gx.data()), x.backend());
    }
}
