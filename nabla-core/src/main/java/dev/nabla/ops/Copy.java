package dev.nabla.ops;

import dev.nabla.backend.Backend;
import dev.nabla.backend.DType;
import dev.nabla.tensor.Tensor;

/**
 * A contiguous copy, possibly to another dtype or backend (a download to the host and an upload
 * to the target); the gradient is converted and moved back.
 */
public final class Copy {
    private Copy() {
    }

    public static Tensor apply(Tensor x, DType dtype, Backend target) {
        var out = target == x.backend() ? x.backend().copy(x.data(), dtype)
                : target.upload(x.backend().download(x.data(), dtype), x.data().shapeRef());
        if (!dtype.isFloatingPoint() || !x.dtype().isFloatingPoint()) {
            return new Tensor(out, target);
        }
        return OpSupport.result("copy", out, new Tensor(out, target),
                g -> new Tensor[] {apply(g, x.dtype(), x.backend())}, x);
    }
}
