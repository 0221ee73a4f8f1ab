package dev.nabla.ops;

import dev.nabla.autograd.Backward;
import dev.nabla.autograd.Node;
import dev.nabla.backend.DType;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/** Helpers shared by the op classes: argument checks, result wrapping, broadcast reduction. */
public final class OpSupport {
    private OpSupport() {
    }

    /** Wraps {@code out} as the result of op {@code name}, recording {@code backward} if needed. */
    static Tensor result(String name, NDArray out, Tensor like, Backward backward, Tensor... inputs) {
        if (!out.dtype().isFloatingPoint()) {
            return new Tensor(out, like.backend());
        }
        return Tensor.fromOp(out, like.backend(), new Node(name, inputs, backward));
    }

    /**
     * Registers the arrays that {@code result}'s derivative rule reads, so that backward refuses
     * to run if an in-place op changes one of them first; returns {@code result}.
     */
    static Tensor saving(Tensor result, NDArray... saved) {
        if (result.gradFn() != null) {
            result.gradFn().save(saved);
        }
        return result;
    }

    /** Throws unless {@code a} and {@code b} live on the same backend (device). */
    static void sameBackend(String op, Tensor a, Tensor b) {
        if (a.backend() != b.backend()) {
            throw new IllegalArgumentException(op + ": tensors on " + a.device() + " and " + b.device()
                    + "; move one with to(device)");
        }
    }

    /** Throws unless {@code t} has a floating-point type. */
    static void requireFloat(String op, Tensor t) {
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating-point tensor, got " + t.dtype().shortName());
        }
    }

    /**
     * A zero-dim tensor holding the number {@code v}, typed as PyTorch types a Python number
     * against {@code like}: the number only raises the category (bool, integer, float) of the
     * result, to that category's default type. So {@code like}'s type if it is a float type, else
     * INT64 for an integral, finite {@code v} (a bool tensor plus 1 is INT64), else the backend's float type.
     */
    static Tensor scalarLike(Tensor like, double v) {
        DType type = like.dtype().isFloatingPoint() ? like.dtype()
                : ((long) v == v ? DType.INT64 : like.backend().floatType());
        return new Tensor(like.backend().full(type, new int[0], v), like.backend());
    }

    /** A zero-dim tensor of {@code like}'s own type holding {@code v} (converted to that type). */
    static Tensor sameTypeScalar(Tensor like, double v) {
        return new Tensor(like.backend().full(like.dtype(), new int[0], v), like.backend());
    }

    /**
     * Sums {@code g} down to {@code shape}: the reverse of broadcasting {@code shape} to
     * {@code g}'s shape (leading dims are summed away, size-1 dims summed with keepDim).
     */
    static Tensor sumTo(Tensor g, int[] shape) {
        int[] gs = g.data().shapeRef();
        if (Arrays.equals(gs, shape)) {
            return g;
        }
        int lead = gs.length - shape.length;
        int[] dims = new int[gs.length];
        int n = 0;
        for (int i = 0; i < gs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) {
                dims[n++] = i;
            }
        }
        Tensor summed = Reduce.sum(g, Arrays.copyOf(dims, n), true);
        return Reshape.apply(summed, shape);
    }

    /** Normalizes and de-duplicates {@code dims} for rank {@code rank}; empty means all dims. */
    static int[] dims(String op, int[] dims, int rank) {
        if (dims.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) {
                all[i] = i;
            }
            return all;
        }
        boolean[] seen = new boolean[Math.max(rank, 1)];
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = Shape.dim(op, dims[i], rank);
            if (seen[out[i]]) {
                throw new IllegalArgumentException(op + ": dim " + dims[i] + " appears more than once");
            }
            seen[out[i]] = true;
        }
        Arrays.sort(out);
        return rank == 0 ? new int[0] : out;
    }

    /** The first of the resolved {@code dims} along which {@code x} has size 0, or -1 if none. */
    static int emptyDim(Tensor x, int[] dims) {
        for (int d : dims) {
            if (x.data().shapeRef()[d] == 0) {
                return d;
            }
        }
        return -1;
    }

    /** The shape {@code shape} with each of the sorted {@code dims} set to 1. */
    static int[] keptShape(int[] shape, int[] dims) {
        int[] kept = shape.clone();
        for (int d : dims) {
            kept[d] = 1;
        }
        return kept;
    }

    /** Throws unless every element of the INT64 tensor {@code index} is in {@code [0, bound)}. */
    static void checkIndices(String op, Tensor index, int bound) {
        if (index.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": index must be an int64 tensor, got " + index.dtype().shortName());
        }
        index.backend().checkIndices(op, index.data(), bound);
    }

    // ---- higher-order gradients ----------------------------------------------------------------

    /**
     * The backward of a fused op when the backward itself is recorded (higher-order gradients):
     * the vector-Jacobian product {@code g . d composite(inputs) / d inputs}, taken through the
     * op's definition {@code composite} in differentiable tensor ops. Null inputs, and inputs
     * that need no gradient, get null.
     */
    static Tensor[] viaComposite(Tensor g, java.util.function.Function<Tensor[], Tensor> composite, Tensor... inputs) {
        java.util.List<Tensor> need = new java.util.ArrayList<>();
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                need.add(t);
            }
        }
        Tensor[] out = new Tensor[inputs.length];
        if (need.isEmpty()) {
            return out;
        }
        java.util.List<Tensor> grads = dev.nabla.autograd.Autograd.grad(java.util.List.of(composite.apply(inputs)), need,
                java.util.List.of(g), true, true, true);
        for (int i = 0, j = 0; i < inputs.length; i++) {
            if (inputs[i] != null && inputs[i].requiresGrad()) {
                out[i] = grads.get(j++);
            }
        }
        return out;
    }
}
