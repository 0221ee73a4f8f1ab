package dev.nabla.cuda;

import dev.nabla.backend.DType;
import dev.nabla.backend.NDArray;

/**
 * Matrix products through cuBLAS ({@link DeviceRuntime#gemm}). A row-major product
 * {@code C = A·B} ({@code A [m, k]}, {@code B [k, n]}) is the column-major {@code Cᵀ = Bᵀ·Aᵀ}: cuBLAS
 * multiplies B's buffer by A's. An operand whose matrices are row- or column-major with a leading
 * dimension, and whose batch dims step by one stride (or are broadcast, stride 0), is used in
 * place; any other view is first copied to a contiguous array.
 */
final class MatMul {
    private final Gpu gpu;

    MatMul(Gpu gpu) {
        this.gpu = gpu;
    }

    /** {@code a [..., m, k] · b [..., k, n]} of one floating dtype, identical batch dims; the result is {@code [..., m, n]}. */
    NDArray matmul(NDArray a, NDArray b, Elementwise ew) {
        int r = a.rank();
        int m = a.shapeRef()[r - 2];
        int k = a.shapeRef()[r - 1];
        int n = b.shapeRef()[r - 1];
        int[] shape = a.shapeRef().clone();
        shape[r - 1] = n;
        DType t = a.dtype();
        NDArray out = gpu.empty(t, shape);
        if (out.numel() == 0) {
            return out;
        }
        if (k == 0) {
            ew.fill(out, 0);
            return out;
        }
        int batch = out.numel() / (m * n);
        Operand oa = Operand.of(a);
        if (oa == null) {
            oa = Operand.of(a = ew.copy(a, t));
        }
        Operand ob = Operand.of(b);
        if (ob == null) {
            ob = Operand.of(b = ew.copy(b, t));
        }
        gpu.runtime.gemm(new Gemm(t, ob.columnMajor, oa.columnMajor, n, m, k, 1.0,
                gpu.ptr(b), ob.ld, ob.batchStride, gpu.ptr(a), oa.ld, oa.batchStride, 0.0,
                gpu.ptr(out), n, (long) m * n, batch));
        return out;
    }

    /**
     * How cuBLAS reads a batch of row-major {@code [rows, cols]} matrices: {@code columnMajor} when
     * the matrix is stored transposed (its buffer then needs cuBLAS's transpose), its leading
     * dimension and the element step between batch members.
     */
    private record Operand(boolean columnMajor, int ld, long batchStride) {
        /** The operand for {@code x [..., rows, cols]} in place, or null if it must be copied first. */
        static Operand of(NDArray x) {
            int r = x.rank();
            int rows = x.shapeRef()[r - 2];
            int cols = x.shapeRef()[r - 1];
            int sr = x.stridesRef()[r - 2];
            int sc = x.stridesRef()[r - 1];
            Long step = batchStride(x);
            if (step == null) {
                return null;
            }
            if ((cols == 1 || sc == 1) && (rows == 1 || sr >= Math.max(1, cols))) {
                return new Operand(false, rows == 1 ? Math.max(1, cols) : sr, step);
            }
            if ((rows == 1 || sr == 1) && (cols == 1 || sc >= Math.max(1, rows))) {
                return new Operand(true, cols == 1 ? Math.max(1, rows) : sc, step);
            }
            return null;
        }

        /** The one stride stepping through the batch dims in row-major order (0 if all broadcast), or null. */
        private static Long batchStride(NDArray x) {
            long step = -1;
            long span = 1; // the batch members the dims after d cover
            for (int d = x.rank() - 3; d >= 0; d--) {
                int size = x.shapeRef()[d];
                if (size == 1) {
                    continue;
                }
                long s = x.stridesRef()[d];
                if (step < 0) {
                    step = s;
                } else if (s != step * span) {
                    return null;
                }
                span *= size;
            }
            return Math.max(step, 0);
        }
    }
}
