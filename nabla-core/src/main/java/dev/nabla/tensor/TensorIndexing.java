package dev.nabla.tensor;

import dev.nabla.backend.DType;
import dev.nabla.ops.Indexing;
import dev.nabla.ops.ScatterInto;

/** Selection and accumulation by INT64 indices or BOOL masks; see {@link Indexing} for shapes. */
public sealed interface TensorIndexing permits Tensor {

    private Tensor self() {
        return (Tensor) this;
    }

    /** Slices {@code index[j]} along {@code dim}, stacked (e.g. embedding rows). */
    default Tensor indexSelect(int dim, Tensor index) { return Indexing.indexSelect(self(), dim, index); }

    /**
     * The elements at {@code index}'s positions in this tensor flattened (negative positions count
     * from the end), shaped like {@code index}.
     */
    default Tensor take(Tensor index) {
        Tensor flat = self().reshape(-1);
        Tensor at = index.reshape(-1);
        return flat.indexSelect(0, Tensor.where(at.lt(0), at.add(flat.numel()), at)).reshape(index.shape());
    }

    /** A copy with slice {@code j} of {@code src} added into slice {@code index[j]} along {@code dim}. */
    default Tensor indexAdd(int dim, Tensor index, Tensor src) { return Indexing.indexAdd(self(), dim, index, src); }

    /** {@code out[i][j] = this[i][index[i][j]]} for {@code dim = 1}. */
    default Tensor gather(int dim, Tensor index) { return Indexing.gather(self(), dim, index); }

    /** A copy with {@code out[i][index[i][j]] += src[i][j]} for {@code dim = 1}. */
    default Tensor scatterAdd(int dim, Tensor index, Tensor src) { return Indexing.scatterAdd(self(), dim, index, src); }

    /** {@code value} where {@code mask} (BOOL, broadcast) is true, else this tensor's element. */
    default Tensor maskedFill(Tensor mask, double value) { return Indexing.maskedFill(self(), mask, value); }

    /**
     * One-hot encoding of an INT64 tensor of class indices: shape {@code [...]} gives
     * {@code [..., numClasses]} in the default float type.
     */
    default Tensor oneHot(int numClasses) {
        Tensor idx = self();
        if (idx.dtype() != DType.INT64) {
            throw new IllegalArgumentException("oneHot: expected an int64 tensor of class indices, got "
                    + idx.dtype().shortName());
        }
        if (idx.numel() > 0 && (idx.min().item() < 0 || idx.max().item() >= numClasses)) {
            throw new IndexOutOfBoundsException("oneHot: class indices must be in [0, " + numClasses + "), got "
                    + (long) idx.min().item() + " to " + (long) idx.max().item());
        }
        return idx.unsqueeze(-1).eq(Tensor.arange(numClasses).to(idx.backend()))
                .to(idx.backend().floatType());
    }

    // ---- scatter and indexPut ----------------------------------------------------------------

    /** A copy with {@code out[i][index[i][j]] = src[i][j]} for {@code dim = 1} ({@code Tensor.scatter}). */
    default Tensor scatter(int dim, Tensor index, Tensor src) { return dev.nabla.ops.Scatter.scatter(self(), dim, index, src, null); }

    /** As {@link #scatter(int, Tensor, Tensor)} with {@code reduce} {@code "add"} or {@code "multiply"}. */
    default Tensor scatter(int dim, Tensor index, Tensor src, String reduce) {
        return dev.nabla.ops.Scatter.scatter(self(), dim, index, src, reduce);
    }

    /** A copy with {@code value} written at {@code out[i][index[i][j]]} for {@code dim = 1}. */
    default Tensor scatter(int dim, Tensor index, double value) {
        Tensor x = self();
        return dev.nabla.ops.Scatter.scatter(x, dim, index, Tensor.full(x.dtype(), value).to(x.backend()));
    }

    /**
     * A copy with {@code this[indices[0], indices[1], ...] = values} ({@code Tensor.index_put}):
     * INT64 index tensors (broadcast together; negative from the end) or BOOL masks.
     */
    default Tensor indexPut(Tensor[] indices, Tensor values) { return dev.nabla.ops.Scatter.indexPut(self(), indices, values, false); }

    /** As {@link #indexPut(Tensor[], Tensor)}; with {@code accumulate} the values are added (duplicates sum). */
    default Tensor indexPut(Tensor[] indices, Tensor values, boolean accumulate) {
        return dev.nabla.ops.Scatter.indexPut(self(), indices, values, accumulate);
    }

    /**
     * A copy where each position named by {@code index} along {@code dim} becomes the reduction
     * ({@code "sum"}, {@code "prod"}, {@code "mean"}, {@code "amax"}, {@code "amin"}) of the
     * {@code src} values sent there, with its own value when {@code includeSelf}
     * ({@code Tensor.scatter_reduce}).
     */
    default Tensor scatterReduce(int dim, Tensor index, Tensor src, String reduce, boolean includeSelf) {
        return dev.nabla.ops.ScatterReduce.apply(self(), dim, index, src, reduce, includeSelf);
    }

    /** {@link #scatterReduce(int, Tensor, Tensor, String, boolean)} including self, as PyTorch's default. */
    default Tensor scatterReduce(int dim, Tensor index, Tensor src, String reduce) {
        return scatterReduce(dim, index, src, reduce, true);
    }

    /** A copy with the slices {@code index[i]} along {@code dim} replaced by slices {@code i} of {@code src}. */
    default Tensor indexCopy(int dim, Tensor index, Tensor src) { return ScatterInto.indexCopy(self(), dim, index, src); }

    /** A copy with the elements where {@code mask} is true replaced, in order, by {@code source}'s first ones. */
    default Tensor maskedScatter(Tensor mask, Tensor source) { return ScatterInto.maskedScatter(self(), mask, source); }

    /** A copy with {@code slice(dim, start, end, step)} replaced by {@code src}. */
    default Tensor sliceScatter(Tensor src, int dim, int start, int end, int step) {
        return ScatterInto.sliceScatter(self(), src, dim, start, end, step);
    }

    /** A copy with {@code slice(dim, start, end)} replaced by {@code src}. */
    default Tensor sliceScatter(Tensor src, int dim, int start, int end) { return sliceScatter(src, dim, start, end, 1); }

    /** A copy with {@code select(dim, index)} replaced by {@code src}. */
    default Tensor selectScatter(Tensor src, int dim, int index) { return ScatterInto.selectScatter(self(), src, dim, index); }

    /** A copy with {@code diagonal(offset, dim1, dim2)} replaced by {@code src}. */
    default Tensor diagonalScatter(Tensor src, int offset, int dim1, int dim2) {
        return ScatterInto.diagonalScatter(self(), src, offset, dim1, dim2);
    }

    /** A copy with the main diagonal (dims 0 and 1) replaced by {@code src}. */
    default Tensor diagonalScatter(Tensor src) { return diagonalScatter(src, 0, 0, 1); }

    /** The bucket of each element among the ascending 1-D {@code boundaries}; see {@link dev.nabla.ops.Bucketing}. */
    default Tensor bucketize(Tensor boundaries, boolean right) {
        return dev.nabla.ops.Bucketing.bucketize(self(), boundaries, right);
    }

    /** Occurrences of each value {@code 0..max} in this 1-D integer tensor (INT64). */
    default Tensor bincount() { return dev.nabla.ops.Bucketing.bincount(self(), null, 0); }

    /** Sums of {@code weights} (or counts, when null) per value, at least {@code minlength} bins. */
    default Tensor bincount(Tensor weights, int minlength) {
        return dev.nabla.ops.Bucketing.bincount(self(), weights, minlength);
    }

    /** A histogram in {@code bins} equal bins over {@code [min, max]}; see {@link dev.nabla.ops.Bucketing#histc}. */
    default Tensor histc(int bins, double min, double max) { return dev.nabla.ops.Bucketing.histc(self(), bins, min, max); }

    /** A histogram of 100 bins over the data's range. */
    default Tensor histc() { return histc(100, 0, 0); }
}
