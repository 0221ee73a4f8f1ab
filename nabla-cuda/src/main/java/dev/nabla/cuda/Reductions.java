package dev.nabla.cuda;

import static dev.nabla.cuda.Gpu.code;

import dev.nabla.backend.DType;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.ReduceOp;

/**
 * Reductions, arg-reductions ({@code reduce.cu}) and softmax ({@code softmax.cu}) on the device,
 * one block per output row: the input is viewed with its kept dims first and its reduced dims
 * last ({@link #rowsLast}), so each row is a run of {@code inner} flat indices.
 */
final class Reductions {
    private final Gpu gpu;

    Reductions(Gpu gpu) {
        this.gpu = gpu;
    }

    /** {@code op} over {@code dims} of {@code x}; the result has {@code x}'s dtype (see {@code Backend.reduce}). */
    NDArray reduce(ReduceOp op, NDArray x, int[] dims, boolean keepDim, Elementwise ew) {
        int[] kept = x.shapeRef().clone();
        for (int d : dims) {
            kept[d] = 1;
        }
        int[] outShape = keepDim ? kept : without(x.shapeRef(), dims);
        if (dims.length == 0) {
            return ew.copy(x, x.dtype());
        }
        NDArray out = gpu.empty(x.dtype(), outShape);
        long rows = out.numel();
        long inner = rows == 0 ? 0 : x.numel() / rows;
        if (inner == 0) {
            ew.fill(out, switch (op) {
                case SUM -> 0;
                case MAX -> Double.NEGATIVE_INFINITY;
                case MIN -> Double.POSITIVE_INFINITY;
            });
        } else {
            gpu.launch("reduce.cu", "reduce", Gpu.rows(rows), rows, inner, op.ordinal(), rowsLast(x, dims, null),
                    gpu.ptr(x), code(x.dtype()), gpu.ptr(out));
        }
        return out;
    }

    /** The INT64 index of the first largest ({@code max}) or smallest element along {@code dim}. */
    NDArray argReduce(boolean max, NDArray x, int dim, boolean keepDim) {
        int[] dims = {dim};
        int[] kept = x.shapeRef().clone();
        kept[dim] = 1;
        NDArray out = gpu.empty(DType.INT64, keepDim ? kept : without(x.shapeRef(), dims));
        long rows = out.numel();
        if (rows > 0) {
            gpu.launch("reduce.cu", "arg_reduce", Gpu.rows(rows), rows, (long) x.shapeRef()[dim], max ? 1 : 0,
                    rowsLast(x, dims, null), gpu.ptr(x), code(x.dtype()), gpu.ptr(out));
        }
        return out;
    }

    /** Softmax (or log-softmax) of floating {@code x} along {@code dim}, contiguous. */
    NDArray softmax(NDArray x, int dim, boolean log) {
        NDArray out = gpu.empty(x.dtype(), x.shapeRef());
        long n = x.shapeRef()[dim];
        if (x.numel() > 0) {
            long rows = x.numel() / n;
            gpu.launch("softmax.cu", "softmax", Gpu.rows(rows), rows, n, log ? 1 : 0,
                    rowsLast(x, new int[] {dim}, out), gpu.ptr(x), code(x.dtype()), gpu.ptr(out));
        }
        return out;
    }

    /**
     * The layout of {@code x} (and {@code out}, if given, with the same shape) with the dims not in
     * {@code dims} first, in order, then {@code dims}: row {@code r} of the reduction is the flat
     * range {@code [r * inner, (r + 1) * inner)}.
     */
    private long rowsLast(NDArray x, int[] dims, NDArray out) {
        int rank = x.rank();
        int[] perm = new int[rank];
        boolean[] reduced = new boolean[rank];
        for (int d : dims) {
            reduced[d] = true;
        }
        int p = 0;
        for (int d = 0; d < rank; d++) {
            if (!reduced[d]) {
                perm[p++] = d;
            }
        }
        for (int d : dims) {
            perm[p++] = d;
        }
        int[] shape = permute(x.shapeRef(), perm);
        int[] xs = permute(x.stridesRef(), perm);
        return out == null ? gpu.layout(true, shape, xs) : gpu.layout(true, shape, xs, permute(out.stridesRef(), perm));
    }

    private static int[] permute(int[] a, int[] perm) {
        int[] r = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            r[i] = a[perm[i]];
        }
        return r;
    }

    /** {@code shape} without {@code dims}. */
    private static int[] without(int[] shape, int[] dims) {
        int[] r = new int[shape.length - dims.length];
        int j = 0;
        outer:
        for (int d = 0; d < shape.length; d++) {
            for (int e : dims) {
                if (e == d) {
                    continue outer;
                }
            }
            r[j++] = shape[d];
        }
        return r;
    }
}
