package dev.nabla.tensor;

import dev.nabla.backend.DType;
import dev.nabla.backend.Shape;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * An in-place update of a tensor, recorded by autograd as PyTorch records it when the tensor or
 * an operand requires grad: the update reads a copy of the old values that carries the tensor's
 * history, and the tensor takes the result's history ({@link Tensor#priorVersion()} keeps the old
 * one for ops that read it before). A view is updated through the tensor it views (and that one
 * through its own base, up the chain), as PyTorch's {@code CopySlices}: the base takes the
 * history of "the base with the view's elements replaced" (a base that did not require grad
 * takes one so), and the view that of a view of the new base. A view read after its base was
 * updated takes the history of the same view of the new base ({@link Tensor#refreshView}).
 * Refused with a message: a leaf that requires grad (update it under {@code noGrad}), a view of
 * one, a view taken under {@code noGrad} of one that requires grad, and, as PyTorch, a view of a
 * tensor that did not require grad taken before that tensor was updated in place.
 */
final class InPlaceUpdate {
    private InPlaceUpdate() {
    }

    static Tensor apply(Tensor t, String op, UnaryOperator<Tensor> result, Tensor... operands) {
        boolean recorded = t.recordsUpdate(operands);
        Tensor base = recorded ? base(t, op) : null;
        Tensor old = recorded ? t.historyCopy() : t;
        Tensor r = result.apply(old);
        int[] shape = t.data().shapeRef();
        if (!Arrays.equals(r.data().shapeRef(), shape)) {
            throw new IllegalArgumentException(op + ": the result's shape " + Shape.str(r.data().shapeRef())
                    + " does not match this tensor's " + Shape.str(shape) + " (an in-place op cannot grow it)");
        }
        DType to = t.dtype();
        if (r.dtype().isFloatingPoint() && !to.isFloatingPoint() || r.dtype() == DType.INT64 && to == DType.BOOL) {
            throw new IllegalArgumentException(op + ": a " + r.dtype().shortName() + " result cannot be written into this "
                    + to.shortName() + " tensor");
        }
        if (!recorded) {
            t.backend().assign(t.data(), r.data());
            t.data().bumpVersion();
            return t;
        }
        Tensor value = r.to(to);
        if (base == null) {
            t.backend().assign(t.data(), value.data());
            t.data().bumpVersion();
            t.rebase(old, value);
            return t;
        }
        // Through the base: its elements at this view's positions replaced (one write, one version).
        Tensor positions = positions(t, base, op);
        int[] baseShape = base.shape();
        base.update(op, b -> b.reshape(-1).scatter(0, positions, value.reshape(-1)).reshape(baseShape), value);
        t.rebaseView(old, base.reshape(-1).gather(0, positions).reshape(t.shape()), base);
        return t;
    }

    /**
     * Gives view {@code t} of {@code base}, which has been updated in place under autograd since
     * {@code t} was taken, the history of the same elements of the current base.
     */
    static void refresh(Tensor t, Tensor base, String op) {
        Tensor positions = positions(t, base, op);
        t.rebaseView(t.historyCopy(), base.reshape(-1).gather(0, positions).reshape(t.shape()), base);
    }

    /**
     * The tensor whose history an update of view {@code t} must change first (the one {@code t}
     * views, itself updated through its own base if it is a view), or null when {@code t} is not
     * a view whose history runs through another tensor.
     */
    private static Tensor base(Tensor t, String op) {
        if (t.requiresGrad() && t.isLeaf()) {
            throw new IllegalStateException(op + ": a leaf tensor that requires grad is being used in an in-place "
                    + "operation; make the update under Tensor.noGrad() (as optimizers do), or update a clone()");
        }
        if (t.isLeaf() && t.updatedBase() != null) { // as PyTorch, though reading such a view is allowed
            throw new IllegalStateException(op + ": a leaf tensor that requires grad is being used in an in-place "
                    + "operation (a view taken before its base was updated in place under autograd); take the view again");
        }
        t.refreshView(op);
        Tensor base = viewed(t);
        if (t.isLeaf() && base == null) {
            if (!t.data().isWholeStorage()) {
                throw new IllegalStateException(op + ": this view was taken under noGrad (or shares memory by other means, "
                        + "as detach) and cannot record an update that requires grad; take the view and update it both "
                        + "inside or both outside noGrad, or update a clone()");
            }
            return null;
        }
        if (base != null && base.requiresGrad() && base.isLeaf()) {
            throw new IllegalStateException(op + ": a view of a leaf tensor that requires grad is being used in an "
                    + "in-place operation; make the update under Tensor.noGrad(), or update a clone()");
        }
        return base;
    }

    /** The tensor {@code t} views: {@link Tensor#viewed()}, or the input of its op whose storage it shares; or null. */
    private static Tensor viewed(Tensor t) {
        if (t.viewed() != null) {
            return t.viewed();
        }
        if (t.gradFn() == null) {
            return null;
        }
        for (Tensor in : t.gradFn().inputs()) {
            if (in != null && in.data().sharesStorage(t.data())) {
                return in;
            }
        }
        return null;
    }

    /**
     * The positions, in {@code base}'s row-major order, of view {@code t}'s elements (INT64,
     * {@code [numel]}), matched by their offsets in the storage both share.
     */
    private static Tensor positions(Tensor t, Tensor base, String op) {
        long[] baseOffsets = offsets(base);
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (long o : baseOffsets) {
            lo = Math.min(lo, o);
            hi = Math.max(hi, o);
        }
        int[] indexAt = new int[baseOffsets.length == 0 ? 0 : (int) (hi - lo + 1)];
        Arrays.fill(indexAt, -1);
        for (int i = 0; i < baseOffsets.length; i++) {
            int slot = (int) (baseOffsets[i] - lo);
            if (indexAt[slot] >= 0) {
                throw new IllegalStateException(op + ": the view's base is an expanded view whose elements share memory; "
                        + "update a clone() instead");
            }
            indexAt[slot] = i;
        }
        long[] out = offsets(t);
        for (int i = 0; i < out.length; i++) {
            out[i] = indexAt[(int) (out[i] - lo)];
        }
        return Tensor.of(out, out.length).to(t.backend());
    }

    /** The storage offset of each element of {@code t}, in row-major order. */
    private static long[] offsets(Tensor t) {
        int[] shape = t.data().shapeRef();
        int[] strides = t.data().stridesRef();
        long[] out = new long[t.numel()];
        int[] index = new int[shape.length];
        long at = t.data().offset();
        for (int i = 0; i < out.length; i++) {
            out[i] = at;
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    at += strides[d];
                    break;
                }
                at -= (long) strides[d] * (shape[d] - 1);
                index[d] = 0;
            }
        }
        return out;
    }
}
