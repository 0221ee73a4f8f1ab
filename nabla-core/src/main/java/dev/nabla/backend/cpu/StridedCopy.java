package dev.nabla.backend.cpu;

import dev.nabla.backend.HeapBudget;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.backend.Storage;
import java.util.Arrays;

/**
 * float32 copies between strided layouts: materializing views as contiguous arrays, and the
 * in-place {@code assign}. Rows with unit stride use {@code System.arraycopy}, broadcast rows
 * use {@code Arrays.fill}, and a transpose of the last two dims is copied in cache-sized tiles.
 */
final class StridedCopy {
    /** Elements per parallel chunk; copies below twice this run on the calling thread. */
    static final int GRAIN = 1 << 16;
    /** Tile side: 16 rows at a power-of-two stride still fit the few L1 sets they map to. */
    private static final int TILE = 16;

    private StridedCopy() {
    }

    static float[] data(NDArray x) {
        return ((Storage.Floats) x.storage()).data();
    }

    /** {@code x} itself when contiguous, else a contiguous copy. */
    static NDArray contiguous(NDArray x) {
        return x.isContiguous() ? x : new NDArray(new Storage.Floats(toArray(x)), x.shapeRef().clone());
    }

    /** A new array holding the elements of {@code x} in row-major order. */
    static float[] toArray(NDArray x) {
        float[] out = HeapBudget.floats(x.numel());
        if (x.isContiguous()) {
            System.arraycopy(data(x), x.offset(), out, 0, out.length);
        } else {
            copy(x.shapeRef(), data(x), x.offset(), x.stridesRef(), out, 0, Shape.contiguousStrides(x.shapeRef()));
        }
        return out;
    }

    /** {@code dst[i] = src[i]} for every multi-index {@code i} of {@code shape}. */
    static void copy(int[] shape, float[] src, int srcOff, int[] srcStrides,
                     float[] dst, int dstOff, int[] dstStrides) {
        Layout lay = new Layout(shape, srcStrides, dstStrides);
        int r = lay.rank();
        int n = lay.inner;
        if (r >= 2 && lay.innerStride(1) == 1 && lay.innerStride(0) != 1 && lay.strides[0][r - 2] == 1
                && n >= TILE && lay.shape[r - 2] >= TILE) {
            int plane = n * lay.shape[r - 2];
            int planes = lay.rows / lay.shape[r - 2];
            Parallel.forRange(planes, Math.max(1, GRAIN / plane), (from, to) -> {
                for (int p = from; p < to; p++) {
                    transposeTiles(lay, src, srcOff + lay.offset(0, p, r - 2), dst, dstOff + lay.offset(1, p, r - 2));
                }
            });
            return;
        }
        Parallel.forRange(lay.rows, Math.max(1, GRAIN / Math.max(n, 1)), (from, to) -> {
            int ss = lay.innerStride(0);
            int ds = lay.innerStride(1);
            for (int row = from; row < to; row++) {
                int s = srcOff + lay.rowOffset(0, row);
                int d = dstOff + lay.rowOffset(1, row);
                if (ds == 1 && ss == 1) {
                    System.arraycopy(src, s, dst, d, n);
                } else if (ds == 1 && ss == 0) {
                    Arrays.fill(dst, d, d + n, src[s]);
                } else {
                    for (int i = 0; i < n; i++) {
                        dst[d + i * ds] = src[s + i * ss];
                    }
                }
            }
        });
    }

    /** Copies one plane whose source is column-major (unit stride along dim -2) in square tiles. */
    private static void transposeTiles(Layout lay, float[] src, int s, float[] dst, int d) {
        int r = lay.rank();
        int rows = lay.shape[r - 2];
        int cols = lay.inner;
        int sc = lay.strides[0][r - 1];
        int dr = lay.strides[1][r - 2];
        for (int i0 = 0; i0 < rows; i0 += TILE) {
            int i1 = Math.min(rows, i0 + TILE);
            for (int j0 = 0; j0 < cols; j0 += TILE) {
                int j1 = Math.min(cols, j0 + TILE);
                for (int i = i0; i < i1; i++) {
                    int so = s + i;
                    int dro = d + i * dr;
                    for (int j = j0; j < j1; j++) {
                        dst[dro + j] = src[so + j * sc];
                    }
                }
            }
        }
    }
}
