package dev.nabla.tensor;

import dev.nabla.backend.Shape;
import dev.nabla.ops.Expand;
import dev.nabla.ops.Permute;
import dev.nabla.ops.Reshape;
import dev.nabla.ops.Window;
import java.util.ArrayList;
import java.util.List;

/**
 * Shape-changing views of a {@link Tensor}: they share its storage (no copy) except where noted,
 * and gradients flow through them. Dims may be negative ({@code -1} is the last).
 */
public sealed interface TensorViews permits Tensor {

    private Tensor self() {
        return (Tensor) this;
    }

    /** The same elements with a new shape (one size may be -1); copies only if not contiguous. */
    default Tensor reshape(int... shape) { return Reshape.apply(self(), shape); }

    /** As {@link #reshape} but never copies: the tensor must be contiguous. */
    default Tensor view(int... shape) { return Reshape.view(self(), shape); }

    /** All dims merged into one: shape {@code [numel]}. */
    default Tensor flatten() { return reshape(-1); }

    /** {@link #flatten()} (NumPy's name). */
    default Tensor ravel() { return flatten(); }

    /** Dims {@code start..end} (inclusive) merged into one. */
    default Tensor flatten(int start, int end) {
        Tensor t = self();
        int r = Math.max(t.dim(), 1);
        int s = dev.nabla.backend.Shape.dim("flatten", start, r);
        int e = dev.nabla.backend.Shape.dim("flatten", end, r);
        if (t.dim() == 0) {
            return reshape(1);
        }
        int[] shape = t.shape();
        int[] out = new int[shape.length - (e - s)];
        int k = 0;
        for (int i = 0; i < shape.length; i++) {
            if (i <= s || i > e) {
                out[k++] = shape[i];
            } else {
                out[k - 1] *= shape[i];
            }
        }
        return reshape(out);
    }

    /** All size-1 dims removed. */
    default Tensor squeeze() {
        return reshape(java.util.Arrays.stream(self().shape()).filter(s -> s != 1).toArray());
    }

    /** Dim {@code dim} removed if its size is 1 (else unchanged, as in PyTorch). */
    default Tensor squeeze(int dim) {
        Tensor t = self();
        if (t.dim() == 0) {
            return t;
        }
        int d = dev.nabla.backend.Shape.dim("squeeze", dim, t.dim());
        if (t.size(d) != 1) {
            return t;
        }
        int[] shape = t.shape();
        int[] out = new int[shape.length - 1];
        for (int i = 0, k = 0; i < shape.length; i++) {
            if (i != d) {
                out[k++] = shape[i];
            }
        }
        return reshape(out);
    }

    /** A new size-1 dim inserted at {@code dim} (in {@code [-(r+1), r]}). */
    default Tensor unsqueeze(int dim) {
        Tensor t = self();
        int d = dev.nabla.backend.Shape.dim("unsqueeze", dim, t.dim() + 1);
        int[] shape = t.shape();
        int[] out = new int[shape.length + 1];
        for (int i = 0, k = 0; i < out.length; i++) {
            out[i] = i == d ? 1 : shape[k++];
        }
        return reshape(out);
    }

    /** Dims {@code a} and {@code b} swapped. */
    default Tensor transpose(int a, int b) { return Permute.transpose(self(), a, b); }

    /** This tensor viewed with {@code other}'s shape. */
    default Tensor viewAs(Tensor other) { return self().view(other.shape()); }

    /** This tensor reshaped to {@code other}'s shape. */
    default Tensor reshapeAs(Tensor other) { return self().reshape(other.shape()); }

    /** The step in elements between neighbours along each dim (a copy). */
    default int[] stride() { return self().data().stridesRef().clone(); }

    /** The last two dims swapped (PyTorch's {@code mT}): a batch of transposed matrices. */
    default Tensor mT() { return transpose(-2, -1); }

    /** {@link #transpose}'s NumPy name. */
    default Tensor swapaxes(int a, int b) { return transpose(a, b); }

    /** {@link #transpose}'s other name. */
    default Tensor swapdims(int a, int b) { return transpose(a, b); }

    /** The transpose of a matrix (a 0-D or 1-D tensor is returned as is). */
    default Tensor t() {
        Tensor x = self();
        if (x.dim() > 2) {
            throw new IllegalArgumentException("t: expects a tensor with <= 2 dims, got " + x.dim()
                    + "; use transpose(a, b)");
        }
        return x.dim() < 2 ? x : transpose(0, 1);
    }

    /** Dims reordered: output dim {@code i} is input dim {@code dims[i]}. */
    default Tensor permute(int... dims) { return Permute.apply(self(), dims); }

    /** Size-1 dims repeated to {@code shape} without copying ({@code -1} keeps a size). */
    default Tensor expand(int... shape) { return Expand.apply(self(), shape); }

    /** NumPy's name for {@link #expand}. */
    default Tensor broadcastTo(int... shape) { return expand(shape); }

    /** Elements {@code start .. start+length-1} along {@code dim}. */
    default Tensor narrow(int dim, int start, int length) { return Window.narrow(self(), dim, start, length); }

    /** Elements {@code start .. end-1} along {@code dim} (Python slice rules). */
    default Tensor slice(int dim, int start, int end) { return Window.slice(self(), dim, start, end, 1); }

    /** Elements {@code start, start+step, ...} below {@code end} along {@code dim} (Python slice rules). */
    default Tensor slice(int dim, int start, int end, int step) { return Window.slice(self(), dim, start, end, step); }

    /** The slice at {@code index} along {@code dim}, with that dim removed. */
    default Tensor select(int dim, int index) { return Window.select(self(), dim, index); }

    /** Sliding windows of {@code size} elements, {@code step} apart, along {@code dim}, in a new last dim (a view). */
    default Tensor unfold(int dim, int size, int step) { return Window.unfold(self(), dim, size, step); }

    /**
     * Consecutive views of {@code size} elements along {@code dim} (the last may be shorter); an
     * empty dim gives one empty view, as in PyTorch.
     */
    default List<Tensor> split(int size, int dim) {
        if (size <= 0) {
            throw new IllegalArgumentException("split: size must be positive, got " + size);
        }
        int n = self().size(dim);
        List<Tensor> parts = new ArrayList<>();
        if (n == 0) { // as PyTorch: one empty part
            parts.add(narrow(dim, 0, 0));
        }
        for (int start = 0; start < n; start += size) {
            parts.add(narrow(dim, start, Math.min(size, n - start)));
        }
        return parts;
    }

    /**
     * At most {@code chunks} views of (nearly) equal size along {@code dim}; an empty dim gives
     * {@code chunks} empty views, as in PyTorch.
     */
    default List<Tensor> chunk(int chunks, int dim) {
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk: chunks must be positive, got " + chunks);
        }
        int size = self().size(dim);
        if (size == 0) {
            List<Tensor> empty = new ArrayList<>();
            for (int i = 0; i < chunks; i++) {
                empty.add(narrow(dim, 0, 0));
            }
            return empty;
        }
        return split((size + chunks - 1) / chunks, dim);
    }

    /**
     * Views along {@code dim} in {@code sections} parts as even as can be (the first
     * {@code size % sections} one longer), as {@code torch.tensor_split}.
     */
    default List<Tensor> tensorSplit(int sections, int dim) {
        if (sections < 1) {
            throw new IllegalArgumentException("tensorSplit: sections must be at least 1, got " + sections);
        }
        int size = self().size(dim);
        int[] at = new int[sections - 1];
        for (int i = 1; i < sections; i++) {
            at[i - 1] = i * (size / sections) + Math.min(i, size % sections);
        }
        return tensorSplit(at, dim);
    }

    /**
     * The slices {@code [0, i0), [i0, i1), ..., [ik, size)} along {@code dim}, as Python slices
     * (negative indices count from the end, a reversed pair gives an empty part), as
     * {@code torch.tensor_split}.
     */
    default List<Tensor> tensorSplit(int[] indices, int dim) {
        Tensor x = self();
        int d = Shape.dim("tensorSplit", dim, x.dim());
        int size = x.size(d);
        List<Tensor> parts = new ArrayList<>(indices.length + 1);
        int start = 0;
        for (int i = 0; i <= indices.length; i++) {
            int at = i == indices.length ? size : indices[i] < 0 ? indices[i] + size : indices[i];
            int end = Math.max(0, Math.min(size, at));
            parts.add(x.narrow(d, start, Math.max(0, end - start)));
            start = end;
        }
        return parts;
    }

    /**
     * {@link #tensorSplit(int, int)} along dim 1 (dim 0 of a vector) into {@code sections} equal
     * parts; the size must divide evenly.
     */
    default List<Tensor> hsplit(int sections) { return evenSplit("hsplit", self().dim() == 1 ? 0 : 1, 1, sections); }

    /** {@link #tensorSplit(int, int)} along dim 0 into {@code sections} equal parts (at least 2-D). */
    default List<Tensor> vsplit(int sections) { return evenSplit("vsplit", 0, 2, sections); }

    /** {@link #tensorSplit(int, int)} along dim 2 into {@code sections} equal parts (at least 3-D). */
    default List<Tensor> dsplit(int sections) { return evenSplit("dsplit", 2, 3, sections); }

    private List<Tensor> evenSplit(String op, int dim, int minRank, int sections) {
        Tensor x = self();
        if (x.dim() < minRank) {
            throw new IllegalArgumentException(op + ": needs a tensor of at least " + minRank + " dims, got "
                    + Shape.str(x.data().shapeRef()));
        }
        if (sections <= 0 || x.size(dim) % sections != 0) {
            throw new IllegalArgumentException(op + ": dim " + dim + " of size " + x.size(dim)
                    + " does not split into " + sections + " equal sections");
        }
        return tensorSplit(sections, dim);
    }

    // ---- copies that reorder, repeat or mask (flip, roll, repeat, tile, tril, triu) ----------

    /** The elements in reverse order along each of {@code dims}. */
    default Tensor flip(int... dims) { return dev.nabla.ops.Rearrange.flip(self(), dims); }

    /** Flipped left to right (dim 1; at least 2 dims). */
    default Tensor fliplr() {
        if (self().dim() < 2) {
            throw new IllegalArgumentException("fliplr: the tensor must have at least 2 dims, got " + self().dim());
        }
        return flip(1);
    }

    /** Flipped upside down (dim 0; at least 1 dim). */
    default Tensor flipud() {
        if (self().dim() < 1) {
            throw new IllegalArgumentException("flipud: the tensor must have at least 1 dim");
        }
        return flip(0);
    }

    /** Rotated by 90 degrees {@code k} times in the plane of {@code dims}, from the first towards the second ({@code torch.rot90}). */
    default Tensor rot90(int k, int... dims) {
        Tensor x = self();
        if (dims.length != 2 || x.dim() < 2) {
            throw new IllegalArgumentException("rot90: expected 2 dims on a tensor of at least 2 dims, got dims "
                    + java.util.Arrays.toString(dims) + " on " + Shape.str(x.shape()));
        }
        int a = Shape.dim("rot90", dims[0], x.dim());
        int b = Shape.dim("rot90", dims[1], x.dim());
        if (a == b) {
            throw new IllegalArgumentException("rot90: the two dims must differ, got " + a + " twice");
        }
        return switch (Math.floorMod(k, 4)) {
            case 1 -> x.flip(b).transpose(a, b);
            case 2 -> x.flip(a, b);
            case 3 -> x.flip(a).transpose(a, b);
            default -> x.clone();
        };
    }

    /** Rotated by 90 degrees once in the plane of the first two dims. */
    default Tensor rot90() { return rot90(1, 0, 1); }

    /** The flattened tensor rotated by {@code shift} (element j moves to j + shift), in the original shape. */
    default Tensor roll(int shift) { return dev.nabla.ops.Rearrange.roll(self(), new int[] {shift}, new int[0]); }

    /** Rotated by {@code shifts[i]} along {@code dims[i]}. */
    default Tensor roll(int[] shifts, int[] dims) { return dev.nabla.ops.Rearrange.roll(self(), shifts, dims); }

    /**
     * Repeated {@code sizes[i]} times along dim i ({@code Tensor.repeat}: at least {@code dim()}
     * sizes, extra leading sizes add dims); {@code [a, b].repeat(2, 3)} is {@code [2a, 3b]}.
     */
    default Tensor repeat(int... sizes) { return dev.nabla.ops.Rearrange.repeat(self(), sizes); }

    /** {@code torch.tile}: as {@link #repeat} but fewer sizes than dims are padded with leading ones. */
    default Tensor tile(int... dims) { return dev.nabla.ops.Rearrange.tile(self(), dims); }

    /** The lower triangle of the last two dims: {@code (i, j)} kept where {@code j <= i}, else 0. */
    default Tensor tril() { return dev.nabla.ops.Rearrange.triangle(self(), 0, true); }

    /** Kept where {@code j - i <= diagonal}. */
    default Tensor tril(int diagonal) { return dev.nabla.ops.Rearrange.triangle(self(), diagonal, true); }

    /** The upper triangle of the last two dims: {@code (i, j)} kept where {@code j >= i}, else 0. */
    default Tensor triu() { return dev.nabla.ops.Rearrange.triangle(self(), 0, false); }

    /** Kept where {@code j - i >= diagonal}. */
    default Tensor triu(int diagonal) { return dev.nabla.ops.Rearrange.triangle(self(), diagonal, false); }
}
