package dev.nabla.tensor;

import dev.nabla.backend.Shape;

/**
 * More of PyTorch's rearrangements, composed of views, gathers and arithmetic (so they are
 * differentiable): {@code expand_as}, {@code movedim}, diagonals and {@code trace},
 * {@code repeat_interleave} and the cross product. Dims may be negative.
 */
public sealed interface TensorRearrange permits Tensor {

    private Tensor self() {
        return (Tensor) this;
    }

    /** Broadcast (as a view) to {@code other}'s shape. */
    default Tensor expandAs(Tensor other) { return self().expand(other.shape()); }

    /** Dim {@code source} moved to position {@code destination}, the others keeping their order. */
    default Tensor movedim(int source, int destination) {
        Tensor x = self();
        int n = x.dim();
        int s = Shape.dim("movedim", source, n);
        int d = Shape.dim("movedim", destination, n);
        int[] perm = new int[n];
        for (int i = 0, k = 0; i < n; i++) {
            if (i == d) {
                perm[i] = s;
            } else {
                perm[i] = k == s ? ++k : k;
                k++;
            }
        }
        return x.permute(perm);
    }

    /** {@link #movedim(int, int)} (NumPy's name). */
    default Tensor moveaxis(int source, int destination) { return movedim(source, destination); }

    /**
     * The diagonal {@code offset} (above the main one if positive) of the planes of dims
     * {@code dim1} and {@code dim2}, as a last dim: {@code [..., len]}.
     */
    default Tensor diagonal(int offset, int dim1, int dim2) {
        Tensor x = self();
        int a = Shape.dim("diagonal", dim1, x.dim());
        int b = Shape.dim("diagonal", dim2, x.dim());
        if (a == b) {
            throw new IllegalArgumentException("diagonal: dim1 and dim2 must differ, both are " + a);
        }
        Tensor planes = x.movedim(Math.max(a, b), -1).movedim(Math.min(a, b), -2);
        if (a > b) {
            planes = planes.transpose(-2, -1);
        }
        int rows = planes.size(-2);
        int cols = planes.size(-1);
        int row0 = Math.max(-offset, 0);
        int col0 = Math.max(offset, 0);
        int len = Math.max(0, Math.min(rows - row0, cols - col0));
        int[] flat = planes.shape();
        flat = java.util.Arrays.copyOf(flat, flat.length - 1);
        flat[flat.length - 1] = rows * cols;
        Tensor joined = planes.contiguous().reshape(flat);
        int start = row0 * cols + col0;
        return len == 0 ? joined.narrow(-1, 0, 0) : joined.slice(-1, start, start + (len - 1) * (cols + 1) + 1, cols + 1);
    }

    /** The main diagonal of a matrix (dims 0 and 1). */
    default Tensor diagonal() { return diagonal(0, 0, 1); }

    /**
     * {@code torch.diag}: of a vector, the square matrix with it on diagonal {@code offset}; of a
     * matrix, its diagonal {@code offset}.
     */
    default Tensor diag(int offset) {
        Tensor x = self();
        if (x.dim() == 2) {
            return x.diagonal(offset, 0, 1);
        }
        if (x.dim() != 1) {
            throw new IllegalArgumentException("diag: expected a 1-D or 2-D tensor, got " + Shape.str(x.shape()));
        }
        int len = x.size(0);
        int n = len + Math.abs(offset);
        long[] index = new long[n * n];
        boolean[] on = new boolean[n * n];
        for (int i = 0; i < len; i++) {
            int r = i + Math.max(-offset, 0);
            int c = i + Math.max(offset, 0);
            index[r * n + c] = i;
            on[r * n + c] = true;
        }
        Tensor picked = x.indexSelect(0, Tensor.of(index, n * n).to(x.backend())).reshape(n, n);
        return Tensor.where(Tensor.of(on, n, n).to(x.backend()), picked, Tensor.zerosLike(picked));
    }

    default Tensor diag() { return diag(0); }

    /**
     * The last dim as diagonal {@code offset} of new planes at dims {@code dim1, dim2} of the
     * result (rank + 1; each plane {@code n + |offset|} square, zero elsewhere), as
     * {@code torch.diag_embed}.
     */
    default Tensor diagEmbed(int offset, int dim1, int dim2) {
        Tensor x = self();
        if (x.dim() == 0) {
            throw new IllegalArgumentException("diagEmbed: expected a tensor of at least 1 dim, got a scalar");
        }
        int rank = x.dim() + 1;
        int a = Shape.dim("diagEmbed", dim1, rank);
        int b = Shape.dim("diagEmbed", dim2, rank);
        if (a == b) {
            throw new IllegalArgumentException("diagEmbed: dim1 and dim2 must differ, both are " + a);
        }
        int m = x.size(-1) + Math.abs(offset);
        int[] shape = new int[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            shape[i] = i == a || i == b ? m : x.size(j++);
        }
        return x.newZeros(shape).diagonalScatter(x, offset, a, b);
    }

    /** {@link #diagEmbed(int, int, int)} on the last two dims. */
    default Tensor diagEmbed() { return diagEmbed(0, -2, -1); }

    /** The flattened tensor on diagonal {@code offset} of a square matrix ({@code torch.diagflat}). */
    default Tensor diagflat(int offset) { return self().reshape(-1).diag(offset); }

    /** {@link #diagflat(int)} on the main diagonal. */
    default Tensor diagflat() { return diagflat(0); }

    /** The sum of a matrix's main diagonal (a scalar). */
    default Tensor trace() {
        if (self().dim() != 2) {
            throw new IllegalArgumentException("trace: expected a matrix, got " + Shape.str(self().shape()));
        }
        return self().diagonal().sum();
    }

    /** Each element repeated {@code repeats} times in a row along {@code dim}: {@code [a, b]} to {@code [a, a, b, b]}. */
    default Tensor repeatInterleave(int repeats, int dim) {
        if (repeats < 0) {
            throw new IllegalArgumentException("repeatInterleave: repeats must be non-negative, got " + repeats);
        }
        Tensor x = self();
        int d = Shape.dim("repeatInterleave", dim, x.dim());
        int[] shape = x.shape();
        int[] expanded = new int[shape.length + 1];
        System.arraycopy(shape, 0, expanded, 0, d + 1);
        expanded[d + 1] = repeats;
        System.arraycopy(shape, d + 1, expanded, d + 2, shape.length - d - 1);
        int[] out = shape.clone();
        out[d] = shape[d] * repeats;
        return x.unsqueeze(d + 1).expand(expanded).reshape(out);
    }

    /** The flattened tensor with each element repeated {@code repeats} times. */
    default Tensor repeatInterleave(int repeats) { return self().reshape(-1).repeatInterleave(repeats, 0); }

    /** The cross product of 3-vectors along {@code dim} (of size 3), with broadcasting. */
    default Tensor cross(Tensor other, int dim) {
        Tensor a = self();
        int[] shape = Shape.broadcast("cross", a.shape(), other.shape());
        Tensor x = a.expand(shape);
        Tensor y = other.expand(shape);
        int d = Shape.dim("cross", dim, shape.length);
        if (shape[d] != 3) {
            throw new IllegalArgumentException("cross: dim " + dim + " must have size 3, got " + Shape.str(shape));
        }
        Tensor c0 = x.narrow(d, 1, 1).mul(y.narrow(d, 2, 1)).sub(x.narrow(d, 2, 1).mul(y.narrow(d, 1, 1)));
        Tensor c1 = x.narrow(d, 2, 1).mul(y.narrow(d, 0, 1)).sub(x.narrow(d, 0, 1).mul(y.narrow(d, 2, 1)));
        Tensor c2 = x.narrow(d, 0, 1).mul(y.narrow(d, 1, 1)).sub(x.narrow(d, 1, 1).mul(y.narrow(d, 0, 1)));
        return Tensor.concat(java.util.List.of(c0, c1, c2), d);
    }

    /**
     * The Kronecker product, as {@code torch.kron}: with both shapes padded with leading 1s to one
     * rank, {@code [a_0, ..] (x) [b_0, ..] -> [a_0 b_0, ..]}, the block at {@code i} being
     * {@code self[i] * other}; types promote as in {@code mul}.
     */
    default Tensor kron(Tensor other) {
        Tensor a = self();
        int rank = Math.max(a.dim(), other.dim());
        int[] as = a.shape();
        int[] bs = other.shape();
        int[] aShape = new int[2 * rank];
        int[] bShape = new int[2 * rank];
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int ai = i - rank + as.length < 0 ? 1 : as[i - rank + as.length];
            int bi = i - rank + bs.length < 0 ? 1 : bs[i - rank + bs.length];
            aShape[2 * i] = ai;
            aShape[2 * i + 1] = 1;
            bShape[2 * i] = 1;
            bShape[2 * i + 1] = bi;
            out[i] = Math.multiplyExact(ai, bi);
        }
        return a.reshape(aShape).mul(other.reshape(bShape)).reshape(out);
    }

    /** Dim {@code dim} split into {@code sizes} (one may be -1), as {@code Tensor.unflatten}. */
    default Tensor unflatten(int dim, int... sizes) {
        Tensor x = self();
        int d = Shape.dim("unflatten", dim, x.dim());
        int[] shape = x.shape();
        int[] out = new int[shape.length - 1 + sizes.length];
        System.arraycopy(shape, 0, out, 0, d);
        System.arraycopy(sizes, 0, out, d, sizes.length);
        System.arraycopy(shape, d + 1, out, d + sizes.length, shape.length - d - 1);
        return x.reshape(out);
    }

    /** The slices along {@code dim}, that dim removed: {@code torch.unbind}. */
    default java.util.List<Tensor> unbind(int dim) {
        Tensor x = self();
        int d = Shape.dim("unbind", dim, x.dim());
        java.util.List<Tensor> out = new java.util.ArrayList<>();
        for (int i = 0; i < x.size(d); i++) {
            out.add(x.select(d, i));
        }
        return out;
    }

    /**
     * {@code torch.take_along_dim}: the elements at {@code indices} along {@code dim}, the other
     * dims of this tensor and of the indices broadcast together.
     */
    default Tensor takeAlongDim(Tensor indices, int dim) {
        Tensor x = self();
        if (indices.dim() != x.dim()) {
            throw new IllegalArgumentException("takeAlongDim: indices of shape " + Shape.str(indices.shape())
                    + " need as many dims as the input's " + Shape.str(x.shape()));
        }
        int d = Shape.dim("takeAlongDim", dim, x.dim());
        int[] xs = x.shape();
        int[] is = indices.shape();
        xs[d] = 1;
        is[d] = 1;
        int[] common = Shape.broadcast("takeAlongDim", xs, is);
        int[] xShape = common.clone();
        xShape[d] = x.size(d);
        int[] iShape = common.clone();
        iShape[d] = indices.size(d);
        return x.expand(xShape).gather(d, indices.expand(iShape).contiguous());
    }

    /** A copy with the slices {@code index} (INT64) along {@code dim} set to {@code value}, as {@code index_fill}. */
    default Tensor indexFill(int dim, Tensor index, double value) {
        Tensor x = self();
        int d = Shape.dim("indexFill", dim, x.dim());
        boolean[] hit = new boolean[x.size(d)];
        for (long i : index.toLongArray()) {
            if (i < -hit.length || i >= hit.length) {
                throw new IndexOutOfBoundsException("indexFill: index " + i + " is out of bounds for dim " + d
                        + " of size " + hit.length);
            }
            hit[(int) (i < 0 ? i + hit.length : i)] = true;
        }
        int[] maskShape = new int[x.dim()];
        java.util.Arrays.fill(maskShape, 1);
        maskShape[d] = hit.length;
        return x.maskedFill(Tensor.of(hit, maskShape).to(x.backend()), value);
    }
}
