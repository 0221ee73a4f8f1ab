package dev.nabla.ops;

import dev.nabla.backend.UnaryOp;
import dev.nabla.tensor.Tensor;

/**
 * Elementwise functions {@code y = f(x)} and their derivatives {@code dx = dy * f'(x)}, one
 * table for all of them (as tinygrad keeps its derivative rules).
 */
public final class Unary {
    private Unary() {
    }

    /** {@code op} applied elementwise; integer inputs are converted to float except for sign-like ops. */
    public static Tensor apply(UnaryOp op, Tensor x) {
        Tensor in = x.dtype().isFloatingPoint() || keepsIntegers(op) ? x : x.to(x.backend().floatType());
        var out = in.backend().unary(op, in.data());
        return OpSupport.result(op.name().toLowerCase(java.util.Locale.ROOT), out, in,
                g -> new Tensor[] {derivative(op, in, g, out)}, in);
    }

    private static boolean keepsIntegers(UnaryOp op) {
        return op == UnaryOp.NEG || op == UnaryOp.ABS || op == UnaryOp.SIGN || op == UnaryOp.RELU;
    }

    private static Tensor derivative(UnaryOp op, Tensor x, Tensor g, dev.nabla.backend.NDArray yData) {
        Tensor y = new Tensor(yData, x.backend());
        return switch (op) {
            case NEG -> g.neg();
            case EXP -> g.mul(y);
            case LOG -> g.div(x);
            case LOG1P -> g.div(x.add(1));
            case SQRT -> g.mul(0.5).div(y);
            case RSQRT -> g.mul(-0.5).mul(y).div(x);
            case ABS -> g.mul(x.sign());
            case SIGN -> Tensor.zerosLike(g);
            case SIGMOID -> g.mul(y).mul(y.rsub(1));
            case TANH -> g.mul(y.mul(y).rsub(1));
            case RELU -> g.mul(x.gt(0).to(g.dtype()));
            case ERF -> g.mul(x.mul(x).neg().exp().mul(2 / Math.sqrt(Math.PI)));
        };
    }
}
