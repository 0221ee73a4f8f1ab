package dev.nabla.ops;

import dev.nabla.backend.DType;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;

/** {@code y = cond ? a : b} elementwise with broadcasting; the gradient flows to the chosen side. */
public final class Where {
    private Where() {
    }

    public static Tensor apply(Tensor cond, Tensor a, Tensor b) {
        if (cond.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where: condition must be a bool tensor, got " + cond.dtype().shortName());
        }
        OpSupport.sameBackend("where", a, b);
        OpSupport.sameBackend("where", cond, a);
        if ((a.dim() == 0) != (b.dim() == 0) && a.dtype() != b.dtype()
                && a.dtype().isFloatingPoint() && b.dtype().isFloatingPoint()) {
            // As in arithmetic: a zero-dim float operand takes the type of the float operand with dims.
            return a.dim() == 0 ? apply(cond, a.to(b.dtype()), b) : apply(cond, a, b.to(a.dtype()));
        }
        Shape.broadcast("where", Shape.broadcast("where", cond.data().shapeRef(), a.data().shapeRef()),
                b.data().shapeRef());
        var out = a.backend().where(cond.data(), a.data(), b.data());
        return OpSupport.saving(OpSupport.result("where", out, a, g -> {
            Tensor zero = OpSupport.scalarLike(g, 0);
            Tensor ga = a.requiresGrad() ? OpSupport.sumTo(apply(cond, g, zero), a.data().shapeRef()) : null;
            Tensor gb = b.requiresGrad() ? OpSupport.sumTo(apply(cond, zero, g), b.data().shapeRef()) : null;
            return new Tensor[] {null, ga, gb};
        }, cond, a, b), cond.data());
    }
}
