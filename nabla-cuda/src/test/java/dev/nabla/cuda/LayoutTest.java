package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.DType;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import org.junit.jupiter.api.Test;

/**
 * The kernel layouts ({@code meta} of {@code common.cuh}) address the right elements: decoding an
 * uploaded layout with the kernels' {@code offset_of} (mirrored here) gives each operand's
 * {@code indexOfFlat} for every flat index, after dims are merged; and equal layouts are uploaded once.
 */
class LayoutTest {
    private final FakeRuntime rt = new FakeRuntime();
    private final Gpu gpu = new Gpu(rt);

    @Test
    void mergedLayoutsAddressEveryElement() {
        NDArray a = gpu.empty(DType.FLOAT32, new int[] {2, 3, 4, 5});
        NDArray transposed = a.view(new int[] {2, 4, 3, 5}, new int[] {60, 5, 20, 1}, 0);
        NDArray slice = a.view(new int[] {2, 3, 2, 5}, new int[] {60, 20, 10, 1}, 3);
        NDArray broadcast = gpu.empty(DType.FLOAT32, new int[] {3, 1, 5}).broadcastTo(new int[] {2, 3, 2, 5});
        check(a.shapeRef(), a);
        check(transposed.shapeRef(), transposed, gpu.empty(DType.FLOAT32, transposed.shapeRef()));
        check(slice.shapeRef(), slice, broadcast, gpu.empty(DType.INT64, slice.shapeRef()));
        check(new int[0], gpu.empty(DType.FLOAT32, new int[0]));
        long[] meta = rt.uploadedLongs(gpu.layout(a.shapeRef(), a));
        assertEquals(1, meta[0], "a contiguous array is walked as one dim");
    }

    /** A reduction's row r covers exactly the elements whose kept coordinates are r's (here dims 0 and 2 reduced). */
    @Test
    void reductionRowsHoldTheReducedElements() {
        NDArray x = gpu.empty(DType.FLOAT32, new int[] {3, 4, 5}).view(new int[] {3, 4, 5}, new int[] {1, 15, 3}, 0);
        new Reductions(gpu).reduce(dev.nabla.backend.ReduceOp.SUM, x, new int[] {0, 2}, false, new Elementwise(gpu));
        Object[] args = rt.lastArgs(); // rows, inner, op, meta, x, t, out
        long rows = (Long) args[0];
        long inner = (Long) args[1];
        long[] meta = rt.uploadedLongs((Long) args[3]);
        assertEquals(4, rows);
        assertEquals(15, inner);
        for (int r = 0; r < rows; r++) {
            java.util.Set<Long> got = new java.util.TreeSet<>();
            java.util.Set<Long> want = new java.util.TreeSet<>();
            for (int j = 0; j < inner; j++) {
                got.add(offsetOf(meta, 0, r * inner + j));
            }
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < 5; k++) {
                    want.add((long) x.index(i, r, k));
                }
            }
            assertEquals(want, got, "row " + r);
        }
    }

    @Test
    void equalLayoutsAreUploadedOnce() {
        NDArray a = gpu.empty(DType.FLOAT32, new int[] {4, 6});
        assertEquals(gpu.layout(a.shapeRef(), a), gpu.layout(a.shapeRef(), gpu.empty(DType.FLOAT32, new int[] {4, 6})));
    }

    @Test
    void tooManyUnmergeableDimsAreRefused() {
        int[] shape = {2, 2, 2, 2, 2, 2, 2, 2, 2};
        int[] strides = {1024, 256, 64, 16, 4, 1, 4096, 16384, 65536};
        NDArray x = gpu.empty(DType.FLOAT32, new int[] {1 << 17}).view(shape, strides, 0);
        CudaException e = assertThrows(CudaException.class, () -> gpu.layout(shape, x));
        assertTrue(e.getMessage().contains("more than 8 dims"), e.getMessage());
    }

    /** Decodes the layout of {@code operands} over {@code shape} and compares every offset. */
    private void check(int[] shape, NDArray... operands) {
        long[] meta = rt.uploadedLongs(gpu.layout(shape, operands));
        for (int k = 0; k < operands.length; k++) {
            NDArray v = operands[k].broadcastTo(shape);
            for (int i = 0; i < Shape.numel(shape); i++) {
                assertEquals(v.indexOfFlat(i) - v.offset(), offsetOf(meta, k, i), "operand " + k + " element " + i);
            }
        }
    }

    /** {@code offset_of} of {@code common.cuh}. */
    private static long offsetOf(long[] meta, int k, long i) {
        int rank = (int) meta[0];
        long off = 0;
        for (int d = rank - 1; d >= 0; d--) {
            long size = meta[1 + d];
            off += (i % size) * meta[1 + Gpu.MAX_DIMS * (k + 1) + d];
            i /= size;
        }
        return off;
    }
}
