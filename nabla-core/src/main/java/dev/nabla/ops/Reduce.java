package dev.nabla.ops;

import dev.nabla.backend.DType;
import dev.nabla.backend.ReduceOp;
import dev.nabla.tensor.Tensor;

/**
 * Sum and max/min over dims. Shape: {@code x} of shape {@code [d0, ..., dn]} reduced over
 * {@code dims} gives those dims as size 1 ({@code keepDim}) or removed. Empty {@code dims} means
 * all dims.
 */
public final class Reduce {
    private Reduce() {
    }

    /** {@code sum over dims}; gradient: the output gradient broadcast back to {@code x}'s shape. */
    public static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        Tensor in = x.dtype() == DType.BOOL ? x.to(DType.INT64) : x;
        int[] d = OpSupport.dims("sum", dims, in.dim());
        var out = in.backend().reduce(ReduceOp.SUM, in.data(), d, keepDim);
        int[] kept = OpSupport.keptShape(in.data().shapeRef(), d);
        return OpSupport.result("sum", out, in,
                g -> new Tensor[] {Reshape.apply(g, kept).expand(in.data().shapeRef())}, in);
    }

    /**
     * Largest ({@code max}) or smallest values over dims; the gradient is shared evenly among
     * the elements equal to the result (PyTorch's {@code amax}).
     */
    public static Tensor extreme(Tensor x, int[] dims, boolean keepDim, boolean max) {
        return extreme(x, dims, keepDim, max, false);
    }

    /**
     * The largest ({@code max}) or smallest element, a scalar ({@code torch.max(x)}): as
     * {@link #extreme}, but if the result is NaN its gradient is shared among the NaN elements
     * (PyTorch's {@code evenly_distribute_backward}), where amax's is NaN everywhere, and the
     * other elements get an exact 0 even when the gradient is NaN.
     */
    public static Tensor extremeOfAll(Tensor x, boolean max) {
        return extreme(x, new int[0], false, max, true);
    }

    private static Tensor extreme(Tensor x, int[] dims, boolean keepDim, boolean max, boolean nanShares) {
        String name = max ? "amax" : "amin";
        int[] d = OpSupport.dims(name, dims, x.dim());
        int empty = OpSupport.emptyDim(x, d);
        if (empty >= 0) { // other dims may be empty: [0, 2] reduced over dim 1 is [0], as in PyTorch
            throw new IllegalArgumentException(name + ": cannot reduce dim " + empty + " of size 0 (shape "
                    + dev.nabla.backend.Shape.str(x.data().shapeRef()) + ")");
        }
        var out = x.backend().reduce(max ? ReduceOp.MAX : ReduceOp.MIN, x.data(), d, keepDim);
        int[] kept = OpSupport.keptShape(x.data().shapeRef(), d);
        return OpSupport.saving(OpSupport.result(name, out, x, g -> {
            Tensor y = Reshape.apply(new Tensor(out, x.backend()), kept);
            Tensor mask = x.eq(y).to(g.dtype());
            if (nanShares) { // NaN == NaN is false: count the NaN elements as equal to a NaN result
                mask = mask.add(x.ne(x).mul(y.ne(y)).to(g.dtype()));
            }
            Tensor share = mask.div(sum(mask, d, true));
            Tensor gx = share.mul(Reshape.apply(g, kept));
            // max()/min() fill only the winners (a NaN g stays off the others); amax multiplies, as PyTorch
            return new Tensor[] {nanShares ? Tensor.where(mask.eq(0), OpSupport.scalarLike(gx, 0), gx) : gx};
        }, x), x.data(), out);
    }
}
