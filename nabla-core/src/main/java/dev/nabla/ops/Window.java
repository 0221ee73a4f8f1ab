package dev.nabla.ops;

import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.function.UnaryOperator;

/**
 * Views that pick a regular window of the input: {@code slice} (start, end, step along a dim),
 * {@code narrow} and {@code select} (one index, dim removed), and {@code unfold} (sliding
 * windows). Backward: the gradient written into the same window of a zero tensor of the input's
 * shape (for {@code unfold}, added: windows may overlap).
 */
public final class Window {
    private Window() {
    }

    /**
     * Elements {@code start, start+step, ...} below {@code end} along {@code dim}, with Python's
     * slice rules (negative positions count from the end; out-of-range positions are clamped).
     */
    public static Tensor slice(Tensor x, int dim, int start, int end, int step) {
        int d = Shape.dim("slice", dim, x.dim());
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        int size = x.data().shapeRef()[d];
        int s = clamp(start < 0 ? start + size : start, size);
        int e = clamp(end < 0 ? end + size : end, size);
        int len = Math.max(0, (e - s + step - 1) / step);
        return apply(x, "slice", a -> window(a, d, s, len, step));
    }

    /** Elements {@code start .. start+length-1} along {@code dim}; they must exist. */
    public static Tensor narrow(Tensor x, int dim, int start, int length) {
        if (x.dim() == 0) {
            throw new IllegalArgumentException("narrow: cannot be applied to a zero-dim tensor");
        }
        int d = Shape.dim("narrow", dim, x.dim());
        int size = x.data().shapeRef()[d];
        int s = start < 0 ? start + size : start;
        if (s < 0 || length < 0 || s + length > size) {
            throw new IndexOutOfBoundsException("narrow: start " + start + " and length " + length
                    + " are out of range for dim " + dim + " of size " + size);
        }
        return apply(x, "narrow", a -> window(a, d, s, length, 1));
    }

    /** The slice at {@code index} along {@code dim}, with that dim removed. */
    public static Tensor select(Tensor x, int dim, int index) {
        if (x.dim() == 0) {
            throw new IllegalArgumentException("select: cannot be applied to a zero-dim tensor");
        }
        int d = Shape.dim("select", dim, x.dim());
        int size = x.data().shapeRef()[d];
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("select: index " + index + " is out of range for dim " + dim
                    + " of size " + size);
        }
        return apply(x, "select", a -> {
            int[] shape = new int[a.rank() - 1];
            int[] strides = new int[a.rank() - 1];
            for (int k = 0, j = 0; k < a.rank(); k++) {
                if (k != d) {
                    shape[j] = a.shapeRef()[k];
                    strides[j++] = a.stridesRef()[k];
                }
            }
            return a.view(shape, strides, a.offset() + i * a.stridesRef()[d]);
        });
    }

    /**
     * The windows of {@code size} elements, {@code step} apart, along {@code dim}: a view of shape
     * {@code x}'s with {@code dim} of size {@code (n - size) / step + 1} (the windows) and a last
     * dim of {@code size} (PyTorch's {@code Tensor.unfold}; a zero-dim {@code x} gives {@code [size]}).
     */
    public static Tensor unfold(Tensor x, int dim, int size, int step) {
        if (x.dim() == 0) {
            Shape.dim("unfold", dim, 1);
            return unfold(x.reshape(1), 0, size, step).reshape(-1);
        }
        int d = Shape.dim("unfold", dim, x.dim());
        int n = x.data().shapeRef()[d];
        if (step <= 0 || size < 0 || size > n) {
            throw new IllegalArgumentException("unfold: size " + size + " and step " + step + " do not fit dim " + dim
                    + " of size " + n + " (size must be at most the dim's, step positive)");
        }
        int windows = (n - size) / step + 1;
        long[] covered = new long[windows * size];
        for (int w = 0; w < windows; w++) {
            for (int j = 0; j < size; j++) {
                covered[w * size + j] = (long) w * step + j;
            }
        }
        Tensor index = Tensor.of(covered, covered.length).to(x.backend());
        NDArray a = x.data();
        int rank = a.rank();
        int[] shape = java.util.Arrays.copyOf(a.shapeRef(), rank + 1);
        int[] strides = java.util.Arrays.copyOf(a.stridesRef(), rank + 1);
        shape[d] = windows;
        strides[d] = a.stridesRef()[d] * step;
        shape[rank] = size;
        strides[rank] = a.stridesRef()[d];
        int[] flat = a.shapeRef().clone();
        flat[d] = windows * size;
        return OpSupport.result("unfold", a.view(shape, strides, a.offset()), x,
                g -> new Tensor[] {Indexing.indexAdd(Tensor.zerosLike(x), d, index,
                        g.movedim(rank, d + 1).reshape(flat))}, x);
    }

    private static Tensor apply(Tensor x, String name, UnaryOperator<NDArray> view) {
        return OpSupport.result(name, view.apply(x.data()), x, g -> new Tensor[] {embed(g, x, name, view)}, x);
    }

    /** Zeros of {@code like}'s shape with {@code g} written into the window; its own backward takes the window. */
    private static Tensor embed(Tensor g, Tensor like, String name, UnaryOperator<NDArray> view) {
        Tensor z = Tensor.zerosLike(like);
        Tensor src = g.dtype() == z.dtype() ? g : g.to(z.dtype());
        like.backend().assign(view.apply(z.data()), src.data());
        return OpSupport.result(name + "Backward", z.data(), z, gg -> new Tensor[] {apply(gg, name, view)}, src);
    }

    private static NDArray window(NDArray a, int d, int start, int len, int step) {
        int[] shape = a.shapeRef().clone();
        int[] strides = a.stridesRef().clone();
        shape[d] = len;
        strides[d] *= step;
        return a.view(shape, strides, a.offset() + start * a.stridesRef()[d]);
    }

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(v, size));
    }
}
