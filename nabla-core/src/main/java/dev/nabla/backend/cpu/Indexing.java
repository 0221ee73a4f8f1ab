package dev.nabla.backend.cpu;

import dev.nabla.backend.HeapBudget;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.backend.Storage;

/**
 * float32 gathers and scatters driven by INT64 indices: {@code indexSelect} (e.g. embedding
 * lookup: whole rows copied with {@code System.arraycopy}), {@code indexAdd} (its gradient: rows
 * added with the vector kernel), {@code gather} (e.g. picking class logits) and
 * {@code scatterAdd}. Accumulating scatters run sequentially in index order so that duplicate
 * indices sum deterministically, exactly in the reference backend's order.
 */
final class Indexing {
    /** Rows shorter than this are copied element by element. */
    private static final int SHORT_ROW = 16;

    private Indexing() {
    }

    /** See {@code Backend.indexSelect}: x float32, index 1-D INT64. */
    static NDArray indexSelect(NDArray x, int dim, NDArray index) {
        NDArray c = StridedCopy.contiguous(x);
        float[] a = StridedCopy.data(c);
        int[] shape = x.shapeRef();
        int v = shape[dim];
        int inner = innerSize(shape, dim);
        int outer = outerSize(shape, dim);
        int[] idx = indices(index);
        int m = idx.length;
        int[] outShape = shape.clone();
        outShape[dim] = m;
        float[] out = HeapBudget.emptyFloats(outer * m * inner); // every row is written
        int off = c.offset();
        if (out.length == 0) { // no rows to walk (and no m to divide by)
            return new NDArray(new Storage.Floats(out), outShape);
        }
        Parallel.forRange(outer * m, Math.max(1, StridedCopy.GRAIN / Math.max(inner, 1)), (from, to) -> {
            int o = from / m;
            int j = from - o * m;
            for (int t = from; t < to; t++, j++) {
                if (j == m) {
                    o++;
                    j = 0;
                }
                int src = off + (o * v + idx[j]) * inner;
                if (inner < SHORT_ROW) { // a call to arraycopy costs more than a few loads and stores
                    for (int e = 0, d = t * inner; e < inner; e++) {
                        out[d + e] = a[src + e];
                    }
                } else {
                    System.arraycopy(a, src, out, t * inner, inner);
                }
            }
        });
        return new NDArray(new Storage.Floats(out), outShape);
    }

    /** See {@code Backend.indexAdd}: x and src float32, index 1-D INT64. */
    static NDArray indexAdd(NDArray x, int dim, NDArray index, NDArray src) {
        float[] out = StridedCopy.toArray(x);
        NDArray sc = StridedCopy.contiguous(src);
        float[] s = StridedCopy.data(sc);
        int[] shape = x.shapeRef();
        int v = shape[dim];
        int inner = innerSize(shape, dim);
        int[] idx = indices(index);
        int m = idx.length;
        int so = sc.offset();
        Parallel.forRange(outerSize(shape, dim), Math.max(1, StridedCopy.GRAIN / Math.max(m * inner, 1)), (from, to) -> {
            for (int o = from; o < to; o++) {
                for (int j = 0; j < m; j++) {
                    int p = (o * v + idx[j]) * inner;
                    Elementwise.binaryRow(BinaryOp.ADD, out, p, -1, s, so + (o * m + j) * inner, -1,
                            out, null, p, inner);
                }
            }
        });
        return new NDArray(new Storage.Floats(out), shape.clone());
    }

    /** See {@code Backend.gather}: x float32, index INT64 of x's rank. */
    static NDArray gather(NDArray x, int dim, NDArray index) {
        float[] a = StridedCopy.data(x);
        int[] idx = indices(index);
        int[] base = offsets(index.shapeRef(), x.stridesRef(), x.offset(), dim);
        int step = x.stridesRef()[dim];
        float[] out = HeapBudget.floats(idx.length);
        for (int i = 0; i < out.length; i++) {
            out[i] = a[base[i] + idx[i] * step];
        }
        return new NDArray(new Storage.Floats(out), index.shapeRef().clone());
    }

    /** See {@code Backend.scatterAdd}: x and src float32, index INT64, all of one rank. */
    static NDArray scatterAdd(NDArray x, int dim, NDArray index, NDArray src) {
        return scatter(x, dim, index, src, BinaryOp.ADD);
    }

    /** See {@code Backend.scatter}: x and src float32, index INT64, all of one rank; sequential, in index order. */
    static NDArray scatter(NDArray x, int dim, NDArray index, NDArray src, BinaryOp reduce) {
        float[] out = StridedCopy.toArray(x);
        float[] s = StridedCopy.data(src);
        int[] idx = indices(index);
        int[] xStrides = Shape.contiguousStrides(x.shapeRef());
        int[] base = offsets(index.shapeRef(), xStrides, 0, dim);
        int[] from = offsets(index.shapeRef(), src.stridesRef(), src.offset(), -1);
        int step = xStrides[dim];
        for (int i = 0; i < idx.length; i++) {
            int o = base[i] + idx[i] * step;
            float v = s[from[i]];
            out[o] = reduce == BinaryOp.ADD ? out[o] + v : reduce == null ? v : (float) reduce.apply(out[o], v);
        }
        return new NDArray(new Storage.Floats(out), x.shapeRef().clone());
    }

    /** The index values in row-major order, as ints (indices are valid, hence small). */
    private static int[] indices(NDArray index) {
        long[] d = ((Storage.Longs) index.storage()).data();
        int[] out = new int[index.numel()];
        if (index.isContiguous()) {
            for (int i = 0, o = index.offset(); i < out.length; i++) {
                out[i] = (int) d[o + i];
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = (int) d[index.indexOfFlat(i)];
            }
        }
        return out;
    }

    /**
     * For each multi-index of {@code shape} in row-major order, {@code offset + sum idx[d]*strides[d]}
     * over the dims other than {@code skip}; an odometer, so O(1) per element.
     */
    private static int[] offsets(int[] shape, int[] strides, int offset, int skip) {
        int n = Shape.numel(shape);
        int[] out = new int[n];
        int[] pos = new int[shape.length];
        int p = offset;
        for (int i = 0; i < n; i++) {
            out[i] = p;
            for (int d = shape.length - 1; d >= 0; d--) {
                int st = d == skip ? 0 : strides[d];
                if (++pos[d] < shape[d]) {
                    p += st;
                    break;
                }
                p -= (shape[d] - 1) * st;
                pos[d] = 0;
            }
        }
        return out;
    }

    private static int innerSize(int[] shape, int dim) {
        int n = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            n *= shape[d];
        }
        return n;
    }

    private static int outerSize(int[] shape, int dim) {
        int n = 1;
        for (int d = 0; d < dim; d++) {
            n *= shape[d];
        }
        return n;
    }
}
