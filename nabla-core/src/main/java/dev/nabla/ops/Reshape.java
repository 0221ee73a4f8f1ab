package dev.nabla.ops;

import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;

/**
 * The same elements in row-major order with a new shape (one size may be -1 and is inferred).
 * A view when the input's strides allow one (always when it is contiguous; also, as in PyTorch,
 * when only dims laid out as one block are split or merged), else a copy. Backward: reshape the
 * gradient back.
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
        NDArray d = x.data();
        int[] strides = viewStrides(from, d.stridesRef(), target);
        if (strides == null) {
            Tensor src = x.contiguous();
            return OpSupport.result("reshape", src.data().view(target, Shape.contiguousStrides(target), src.data().offset()),
                    src, g -> new Tensor[] {apply(g, from)}, src);
        }
        return OpSupport.result("reshape", d.view(target, strides, d.offset()), x, g -> new Tensor[] {apply(g, from)}, x);
    }

    /** As {@link #apply} but refuses to copy: the input's strides must allow the view ({@code torch.Tensor.view}). */
    public static Tensor view(Tensor x, int... shape) {
        int[] target = resolve(x, shape);
        if (viewStrides(x.data().shapeRef(), x.data().stridesRef(), target) == null) {
            throw new IllegalArgumentException("view: the tensor of shape " + Shape.str(x.data().shapeRef())
                    + " and strides " + Shape.str(x.data().stridesRef()) + " cannot be viewed as "
                    + Shape.str(target) + "; use reshape() or contiguous() first");
        }
        return apply(x, shape);
    }

    /**
     * The strides that show the elements of a {@code from}-shaped array with {@code strides} as
     * {@code to}, or null when no view can (PyTorch's {@code computeStride}): each run of dims that
     * are laid out as one block must map onto whole dims of {@code to}.
     */
    static int[] viewStrides(int[] from, int[] strides, int[] to) {
        int[] out = new int[to.length];
        if (Shape.numel(from) == 0 || from.length == 0) {
            return Shape.contiguousStrides(to);
        }
        int viewD = to.length - 1;
        long chunkBase = strides[from.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = from.length - 1; d >= 0; d--) {
            tensorNumel *= from[d];
            if (d == 0 || (from[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || to[viewD] == 1)) {
                    out[viewD] = (int) (viewNumel * chunkBase);
                    viewNumel *= to[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (d > 0) {
                    chunkBase = strides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? out : null;
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
