package dev.nabla.backend.cpu;

import dev.nabla.backend.HeapBudget;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Storage;
import java.util.Arrays;

/**
 * float32 scans and sorts along one dim, parallel over the other dims: {@code cumulative}
 * (cumsum/cumprod, accumulated in float64 as PyTorch's CPU kernels do) and {@code argsort} (each
 * element packed with its position into one {@code long} whose order is the sort order, so that
 * a primitive sort is stable and NaN-aware).
 */
final class Ordering {
    private Ordering() {
    }

    /** See {@code Backend.cumulative}: x float32. */
    static NDArray cumulative(NDArray x, int dim, boolean product) {
        NDArray c = StridedCopy.contiguous(x);
        float[] a = StridedCopy.data(c);
        int off = c.offset();
        int[] shape = x.shapeRef();
        int n = shape[dim];
        int inner = size(shape, dim + 1, shape.length);
        int outer = size(shape, 0, dim);
        float[] out = HeapBudget.floats(x.numel());
        Parallel.forRange(outer, Math.max(1, StridedCopy.GRAIN / Math.max(1, n * inner)), (from, to) -> {
            double[] acc = new double[inner];
            for (int o = from; o < to; o++) {
                Arrays.fill(acc, product ? 1 : 0);
                for (int k = 0; k < n; k++) {
                    int base = (o * n + k) * inner;
                    for (int j = 0; j < inner; j++) {
                        acc[j] = product ? acc[j] * a[off + base + j] : acc[j] + a[off + base + j];
                        out[base + j] = (float) acc[j];
                    }
                }
            }
        });
        return new NDArray(new Storage.Floats(out), shape.clone());
    }

    /** See {@code Backend.argsort}: x float32. */
    static NDArray argsort(NDArray x, int dim, boolean descending) {
        NDArray c = StridedCopy.contiguous(x);
        float[] a = StridedCopy.data(c);
        int off = c.offset();
        int[] shape = x.shapeRef();
        int n = shape[dim];
        int inner = size(shape, dim + 1, shape.length);
        int outer = size(shape, 0, dim);
        long[] out = HeapBudget.longs(x.numel());
        Parallel.forRange(outer * inner, Math.max(1, StridedCopy.GRAIN / Math.max(1, n)), (from, to) -> {
            long[] keys = new long[n];
            for (int r = from; r < to; r++) {
                int base = (r / inner) * n * inner + r % inner;
                for (int k = 0; k < n; k++) {
                    int key = sortKey(a[off + base + k * inner]);
                    keys[k] = ((long) (descending ? ~key : key) << 32) | k;
                }
                Arrays.sort(keys);
                for (int k = 0; k < n; k++) {
                    out[base + k * inner] = (int) keys[k];
                }
            }
        });
        return new NDArray(new Storage.Longs(out), shape.clone());
    }

    /**
     * An int whose signed order is the sort order of floats: -0 mapped to 0, every NaN to one key
     * above infinity; negative floats have their magnitude bits flipped.
     */
    private static int sortKey(float v) {
        int bits = Float.isNaN(v) ? 0x7fc00000 : Float.floatToIntBits(v == 0 ? 0f : v);
        return bits < 0 ? bits ^ 0x7fffffff : bits;
    }

    private static int size(int[] shape, int from, int to) {
        int n = 1;
        for (int d = from; d < to; d++) {
            n *= shape[d];
        }
        return n;
    }
}
