package dev.nabla.ops;

import dev.nabla.backend.DType;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Copies of a tensor with one part replaced by {@code src}, as PyTorch's out-of-place
 * {@code slice_scatter}, {@code select_scatter}, {@code diagonal_scatter}, {@code index_copy} and
 * {@code masked_scatter}. They are composed of differentiable ops, so the gradients are
 * PyTorch's: {@code dx = g} with the replaced part zeroed, {@code dsrc} = that part of {@code g}.
 */
public final class ScatterInto {
    private ScatterInto() {
    }

    /** {@code x} with {@code x.slice(dim, start, end, step)} replaced by {@code src} of that slice's shape. */
    public static Tensor sliceScatter(Tensor x, Tensor src, int dim, int start, int end, int step) {
        return into("sliceScatter", x, src, out -> out.slice(dim, start, end, step));
    }

    /** {@code x} with {@code x.select(dim, index)} replaced by {@code src} of that shape. */
    public static Tensor selectScatter(Tensor x, Tensor src, int dim, int index) {
        return into("selectScatter", x, src, out -> out.select(dim, index));
    }

    /**
     * {@code x} with {@code x.diagonal(offset, dim1, dim2)} replaced by {@code src} of that shape
     * {@code [..., len]}: the planes of {@code dim1, dim2} flattened, the diagonal written as a
     * slice of step {@code cols + 1}.
     */
    public static Tensor diagonalScatter(Tensor x, Tensor src, int offset, int dim1, int dim2) {
        Tensor diagonal = x.diagonal(offset, dim1, dim2);
        requireShape("diagonalScatter", src, diagonal.shape());
        int a = Shape.dim("diagonalScatter", dim1, x.dim());
        int b = Shape.dim("diagonalScatter", dim2, x.dim());
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        Tensor planes = x.movedim(hi, -1).movedim(lo, -2);
        if (a > b) {
            planes = planes.transpose(-2, -1);
        }
        int[] shape = planes.shape();
        int rows = shape[shape.length - 2];
        int cols = shape[shape.length - 1];
        int len = diagonal.size(-1);
        if (len == 0) {
            return x.clone();
        }
        int[] flat = Arrays.copyOf(shape, shape.length - 1);
        flat[flat.length - 1] = rows * cols;
        int start = Math.max(-offset, 0) * cols + Math.max(offset, 0);
        Tensor written = sliceScatter(planes.reshape(flat), src, -1, start, start + (len - 1) * (cols + 1) + 1, cols + 1)
                .reshape(shape);
        if (a > b) {
            written = written.transpose(-2, -1);
        }
        return written.movedim(-2, lo).movedim(-1, hi);
    }

    /**
     * {@code x} with the slices {@code index[i]} along {@code dim} replaced by {@code src}'s slices
     * {@code i}: {@code index} is 1-D INT64 of {@code src.size(dim)} positions, {@code src} has
     * {@code x}'s shape otherwise.
     */
    public static Tensor indexCopy(Tensor x, int dim, Tensor index, Tensor src) {
        int d = Shape.dim("indexCopy", dim, Math.max(x.dim(), 1));
        if (index.dim() > 1 || index.dtype() != DType.INT64) {
            throw new IllegalArgumentException("indexCopy: index must be a 1-D int64 tensor, got "
                    + index.dtype().shortName() + " of shape " + Shape.str(index.shape()));
        }
        int[] expected = x.shape();
        if (expected.length > 0) {
            expected[d] = index.numel();
        }
        if (src.dim() != x.dim() || !Arrays.equals(src.shape(), expected)) {
            throw new IllegalArgumentException("indexCopy: source of shape " + Shape.str(src.shape())
                    + " does not match " + Shape.str(x.shape()) + " with " + index.numel() + " positions along dim " + d);
        }
        if (x.dim() == 0) {
            return Scatter.scatter(x.reshape(1), 0, index.reshape(1), src.reshape(1), null).reshape();
        }
        int[] unit = new int[x.dim()];
        Arrays.fill(unit, 1);
        unit[d] = index.numel();
        return Scatter.scatter(x, d, index.reshape(unit).expand(src.shape()), src, null);
    }

    /**
     * {@code x} (broadcast with {@code mask}) with its elements where {@code mask} is true replaced,
     * in row-major order, by the first elements of {@code source}.
     */
    public static Tensor maskedScatter(Tensor x, Tensor mask, Tensor source) {
        OpSupport.sameBackend("maskedScatter", x, source);
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("maskedScatter: expected a bool mask, got " + mask.dtype().shortName());
        }
        if (source.dtype() != x.dtype()) {
            throw new IllegalArgumentException("maskedScatter: expected self and source to have the same dtype, got "
                    + x.dtype().shortName() + " and " + source.dtype().shortName());
        }
        int[] shape = Shape.broadcast("maskedScatter", x.shape(), mask.shape());
        Tensor m = mask.to(x.backend()).expand(shape);
        Tensor position = m.to(DType.INT64).reshape(-1).cumsum(0);
        long count = position.numel() == 0 ? 0 : (long) position.select(0, position.numel() - 1).item();
        if (count > source.numel()) {
            throw new IllegalArgumentException("maskedScatter: the mask selects " + count
                    + " elements but source has only " + source.numel());
        }
        Tensor xs = x.expand(shape);
        if (count == 0) {
            return xs.clone();
        }
        Tensor values = source.reshape(-1).take(position.sub(1).clampMin(0)).reshape(shape);
        return Tensor.where(m, values, xs);
    }

    private static Tensor into(String op, Tensor x, Tensor src, UnaryOperator<Tensor> part) {
        OpSupport.sameBackend(op, x, src);
        Tensor out = x.clone();
        Tensor view = part.apply(out);
        requireShape(op, src, view.shape());
        view.copy_(src);
        return out;
    }

    private static void requireShape(String op, Tensor src, int[] shape) {
        if (!Arrays.equals(src.shape(), shape)) {
            throw new IllegalArgumentException(op + ": expected src of shape " + Shape.str(shape) + ", got "
                    + Shape.str(src.shape()));
        }
    }
}
