package dev.nabla.cuda;

import static dev.nabla.cuda.Gpu.code;

import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;

/**
 * Gather and scatter-add along a dim ({@code index.cu}), and indexSelect/indexAdd as the same
 * kernels with the 1-D index seen as an array of the walked shape that varies only along
 * {@code dim} (stride 0 elsewhere). Scatter-add accumulates with {@code atomicAdd}, so the
 * order of float additions into one element is unspecified.
 */
final class Indexing {
    private static final String FILE = "index.cu";

    private final Gpu gpu;

    Indexing(Gpu gpu) {
        this.gpu = gpu;
    }

    /** {@code out[i][j][k] = x[i][index[i][j][k]][k]} for {@code dim = 1}; out has index's shape. */
    NDArray gather(NDArray x, int dim, NDArray index) {
        return gather(x, dim, index, index.shapeRef(), index.stridesRef());
    }

    /** {@code x}'s slices {@code index[j]} of {@code dim}, stacked along {@code dim}. */
    NDArray indexSelect(NDArray x, int dim, NDArray index) {
        int[] shape = x.shapeRef().clone();
        shape[dim] = index.numel();
        return gather(x, dim, index, shape, alongDim(shape.length, dim, index));
    }

    /** A copy of {@code x} with {@code src[i][j][k]} added into {@code out[i][index[i][j][k]][k]} ({@code dim = 1}). */
    NDArray scatterAdd(NDArray x, int dim, NDArray index, NDArray src, Elementwise ew) {
        return scatterAdd(x, dim, index, index.shapeRef(), index.stridesRef(), src, ew);
    }

    /** A copy of {@code x} with slice {@code j} of {@code src} along {@code dim} added into slice {@code index[j]}. */
    NDArray indexAdd(NDArray x, int dim, NDArray index, NDArray src, Elementwise ew) {
        return scatterAdd(x, dim, index, src.shapeRef(), alongDim(src.rank(), dim, index), src, ew);
    }

    /** Gather over {@code shape}, reading the index with {@code indexStrides}. */
    private NDArray gather(NDArray x, int dim, NDArray index, int[] shape, int[] indexStrides) {
        NDArray out = gpu.empty(x.dtype(), shape);
        long n = out.numel();
        if (n > 0) {
            gpu.launch(FILE, "gather", Grid.linear(n), n, dim, gpu.layout(false, shape, indexStrides, x.stridesRef()),
                    gpu.ptr(index), gpu.ptr(x), code(x.dtype()), gpu.ptr(out));
        }
        return out;
    }

    /** Scatter-add over {@code shape} into a copy of {@code x}, reading the index with {@code indexStrides}. */
    private NDArray scatterAdd(NDArray x, int dim, NDArray index, int[] shape, int[] indexStrides, NDArray src,
                               Elementwise ew) {
        NDArray out = ew.copy(x, x.dtype());
        long n = Shape.numel(shape);
        if (n > 0) {
            gpu.launch(FILE, "scatter_add", Grid.linear(n), n, dim,
                    gpu.layout(false, shape, indexStrides, src.stridesRef(), out.stridesRef()), gpu.ptr(index),
                    gpu.ptr(src), code(src.dtype()), gpu.ptr(out), code(out.dtype()));
        }
        return out;
    }

    /** Strides that read the 1-D {@code index} along {@code dim} of a rank-{@code rank} walk, constant elsewhere. */
    private static int[] alongDim(int rank, int dim, NDArray index) {
        int[] s = new int[rank];
        s[dim] = index.stridesRef()[0];
        return s;
    }
}
