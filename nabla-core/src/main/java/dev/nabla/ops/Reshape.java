package dev.nabla.ops;

import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;

/**
 * The same elements in row-major order with a new shape (one size may be -1 and is inferred).
 * A view when the input is contiguous, else a copy. Backward: reshape the gradient back.
 */
public final class Reshape {
    private Reshape() {
    }

    public static Tensor apply(Tensor x, int... shape) {
        int[] target = resolve(x, shape);
        int[] from = x.data().shapeRef();
        if (java.util.Arrays.equals(from, target)) {
            return x;
        }
        Tensor src = x.contiguous();
        NDArray d = src.data();
        NDArray out = d.view(target, Shape.contiguousStrides(target), d.offset());
        return OpSupport.result("reshape", out, src, g -> new Tensor[] {apply(g, from)}, src);
    }

    /** As {@link #apply} but refuses to copy: the input must be contiguous. */
    public static Tensor view(Tensor x, int... shape) {
        if (!x.isContiguous()) {
            throw new IllegalArgumentException("view: the tensor of shape " + Shape.str(x.data().shapeRef())
                    + " is not contiguous; use reshape() or contiguous() first");
        }
        return apply(x, shape);
    }

    private static int[] resolve(Tensor x, int[] shape) {
        int[] out = shape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: only one dim can be -1 in " + Shape.str(shape));
                }
                infer = i;
            } else if (out[i] < 0) {
                throw new IllegalArgumentException("reshape: invalid size " + out[i] + " in " + Shape.str(shape));
            } else {
                known *= out[i];
            }
        }
        boolean ambiguous = infer >= 0 && known == 0; // -1 beside a 0: any size would do (PyTorch refuses too)
        if (infer >= 0 && known != 0 && x.numel() % known == 0) {
            out[infer] = (int) (x.numel() / known);
            known *= out[infer];
        }
        if (known != x.numel() || ambiguous) {
            throw new IllegalArgumentException("reshape: shape " + Shape.str(shape) + " is invalid for a tensor of shape "
                    + Shape.str(x.data().shapeRef()) + " (" + x.numel() + " elements)");
        }
        return out;
    }
}
