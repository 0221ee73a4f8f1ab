package dev.nabla.ops;

import dev.nabla.backend.Backend;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Mean (or summed) squared error as one op, {@code l = sum((x - y)^2) / n} (n the number of
 * elements, or 1 for the sum), with the fused backward {@code dx = 2 (x - y) g / n},
 * {@code dy = -dx}: one graph node instead of four.
 *
 * <p>Shape: {@code input} and {@code target} of the same shape; the result is a scalar.
 */
public final class MseLoss {
    private MseLoss() {
    }

    /** {@code mean((input - target)^2)}, or the sum when {@code !mean}. */
    public static Tensor apply(Tensor input, Tensor target, boolean mean) {
        OpSupport.sameBackend("mse", input, target);
        OpSupport.requireFloat("mse", input);
        if (!Arrays.equals(input.data().shapeRef(), target.data().shapeRef())) {
            throw new IllegalArgumentException("mse: input shape " + Shape.str(input.data().shapeRef())
                    + " and target shape " + Shape.str(target.data().shapeRef()) + " differ");
        }
        Backend be = input.backend();
        NDArray d = be.binary(BinaryOp.SUB, input.data(), target.data());
        NDArray sum = be.reduce(ReduceOp.SUM, be.binary(BinaryOp.MUL, d, d), OpSupport.dims("mse", new int[0], d.rank()),
                false);
        double scale = mean ? 1.0 / input.numel() : 1.0;
        NDArray loss = mean ? be.binary(BinaryOp.MUL, sum, OpSupport.scalarLike(input, scale).data()) : sum;
        return OpSupport.saving(OpSupport.result("mse", loss, input, g -> {
            if (dev.nabla.autograd.GradMode.isEnabled()) {
                return OpSupport.viaComposite(g, t -> t[0].sub(t[1]).pow(2).sum().mul(scale), input, target);
            }
            NDArray factor = be.binary(BinaryOp.MUL, g.data(), OpSupport.scalarLike(input, 2 * scale).data());
            NDArray gx = be.binary(BinaryOp.MUL, d, factor);
            NDArray gy = target.requiresGrad() ? be.unary(dev.nabla.backend.UnaryOp.NEG, gx) : null;
            return new Tensor[] {
                input.requiresGrad() ? new Tensor(gx, be) : null, gy == null ? null : new Tensor(gy, be)};
        }, input, target), input.data(), target.data());
    }
}
