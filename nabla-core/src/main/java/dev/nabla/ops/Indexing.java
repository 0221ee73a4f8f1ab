package dev.nabla.ops;

import dev.nabla.backend.DType;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Ops that pick or accumulate elements by integer index, each the other's adjoint:
 * {@code indexSelect} ↔ {@code indexAdd} and {@code gather} ↔ {@code scatterAdd}.
 */
public final class Indexing {
    private Indexing() {
    }

    /**
     * Slices {@code index[j]} of {@code dim}, stacked. Shape: {@code x [.., n, ..]}, {@code index [j]}
     * (INT64, values in {@code [0, n)}) gives {@code [.., j, ..]}. Backward: {@code indexAdd}.
     */
    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        int d = Shape.dim("indexSelect", dim, x.dim());
        if (x.dim() == 0) { // as PyTorch: a scalar indexed by one index (0) gives the scalar
            if (index.numel() != 1) {
                throw new IllegalArgumentException("indexSelect: a zero-dim tensor takes one index, got shape "
                        + Shape.str(index.data().shapeRef()));
            }
            return indexSelect(x.reshape(1), 0, index.reshape(1)).reshape();
        }
        OpSupport.sameBackend("indexSelect", x, index);
        Tensor idx = vector("indexSelect", index);
        OpSupport.checkIndices("indexSelect", idx, x.dim() == 0 ? 1 : x.data().shapeRef()[d]);
        var out = x.backend().indexSelect(x.data(), d, idx.data());
        return OpSupport.saving(OpSupport.result("indexSelect", out, x,
                g -> new Tensor[] {indexAdd(Tensor.zerosLike(x), d, idx, g)}, x), idx.data());
    }

    /**
     * A copy of {@code x} with slice {@code j} of {@code src} along {@code dim} added into slice
     * {@code index[j]}. Shape: {@code src} is {@code x}'s shape with {@code dim} of size {@code index.numel()}.
     */
    public static Tensor indexAdd(Tensor x, int dim, Tensor index, Tensor src) {
        int d = Shape.dim("indexAdd", dim, x.dim());
        Tensor idx = vector("indexAdd", index);
        OpSupport.sameBackend("indexAdd", x, src);
        OpSupport.sameBackend("indexAdd", x, index);
        int[] expected = x.shape();
        expected[d] = idx.numel();
        if (!java.util.Arrays.equals(expected, src.data().shapeRef())) {
            throw new IllegalArgumentException("indexAdd: source shape " + Shape.str(src.data().shapeRef())
                    + " does not match " + Shape.str(expected));
        }
        OpSupport.checkIndices("indexAdd", idx, x.data().shapeRef()[d]);
        var out = x.backend().indexAdd(x.data(), d, idx.data(), src.data());
        return OpSupport.saving(OpSupport.result("indexAdd", out, x, g -> new Tensor[] {g, indexSelect(g, d, idx)}, x, src),
                idx.data());
    }

    /**
     * {@code out[i][j] = x[i][index[i][j]]} for {@code dim = 1} (likewise for any dim). Shape:
     * {@code index} has {@code x}'s rank and sizes no larger than {@code x}'s off {@code dim}; the
     * output has {@code index}'s shape. Backward: {@code scatterAdd}.
     */
    public static Tensor gather(Tensor x, int dim, Tensor index) {
        int d = Shape.dim("gather", dim, x.dim());
        if (x.dim() == 0 && index.dim() <= 1) { // as PyTorch: a scalar gathered at indices (all 0)
            return gather(x.reshape(1), 0, index.reshape(-1)).reshape(index.shape());
        }
        checkCompatible("gather", x, d, index);
        var out = x.backend().gather(x.data(), d, index.data());
        return OpSupport.saving(OpSupport.result("gather", out, x,
                g -> new Tensor[] {scatterAdd(Tensor.zerosLike(x), d, index, g)}, x), index.data());
    }

    /**
     * A copy of {@code x} with {@code out[i][index[i][j]] += src[i][j]} for {@code dim = 1}. Shape:
     * {@code src} and {@code index} have the same shape. Backward: {@code gather}.
     */
    public static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor src) {
        int d = Shape.dim("scatterAdd", dim, x.dim());
        OpSupport.sameBackend("scatterAdd", x, src);
        if (!java.util.Arrays.equals(index.data().shapeRef(), src.data().shapeRef())) {
            throw new IllegalArgumentException("scatterAdd: index shape " + Shape.str(index.data().shapeRef())
                    + " and source shape " + Shape.str(src.data().shapeRef()) + " differ");
        }
        checkCompatible("scatterAdd", x, d, index);
        var out = x.backend().scatterAdd(x.data(), d, index.data(), src.data());
        return OpSupport.saving(OpSupport.result("scatterAdd", out, x, g -> new Tensor[] {g, gather(g, d, index)}, x, src),
                index.data());
    }

    /**
     * {@code value} where the BOOL {@code mask} (broadcast to {@code x}) is true, else {@code x};
     * the result keeps {@code x}'s type ({@code value} is converted to it: 2.7 fills an int64 tensor with 2).
     */
    public static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("maskedFill: mask must be a bool tensor, got " + mask.dtype().shortName());
        }
        Shape.broadcast("maskedFill", x.data().shapeRef(), mask.data().shapeRef());
        Tensor fill = x.newFull(value);
        Tensor out = Where.apply(mask, fill, x);
        return java.util.Arrays.equals(out.data().shapeRef(), x.data().shapeRef()) ? out
                : Where.apply(mask.expand(x.shape()), fill, x);
    }

    private static Tensor vector(String op, Tensor index) {
        if (index.dim() > 1) {
            throw new IllegalArgumentException(op + ": index must be 1-D, got shape " + Shape.str(index.data().shapeRef()));
        }
        return index.dim() == 0 ? index.reshape(1) : index;
    }

    static void checkCompatible(String op, Tensor x, int d, Tensor index) {
        OpSupport.sameBackend(op, x, index);
        int[] xs = x.data().shapeRef();
        int[] is = index.data().shapeRef();
        if (is.length != xs.length) {
            throw new IllegalArgumentException(op + ": index of shape " + Shape.str(is)
                    + " must have the same number of dims as the input " + Shape.str(xs));
        }
        for (int i = 0; i < xs.length; i++) {
            if (i != d && is[i] > xs[i]) {
                throw new IllegalArgumentException(op + ": index shape " + Shape.str(is) + " exceeds input shape "
                        + Shape.str(xs) + " at dim " + i);
            }
        }
        OpSupport.checkIndices(op, index, xs.length == 0 ? 1 : xs[d]);
        if (index.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": index must be int64");
        }
    }
}
