package dev.nabla.backend.cpu;

import dev.nabla.backend.HeapBudget;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Storage;
import dev.nabla.backend.UnaryOp;

/**
 * Batched float32 matrix product {@code [..., m, k] @ [..., k, n] -> [..., m, n]} on top of
 * {@link Sgemm}. Each operand is passed to SGEMM in place when its matrix dims have a unit
 * stride (row-major, or transposed when the unit stride is on dim -2); only an operand with
 * neither is copied. Batch dims may be broadcast (stride 0); large batches of small products are
 * spread over threads.
 */
final class MatMul {
    private MatMul() {
    }

    /** Where and how SGEMM reads one operand: transposed flag and leading dimension. */
    private record Operand(NDArray x, boolean trans, int ld) {
        static Operand of(NDArray x) {
            int r = x.rank();
            int rows = x.shapeRef()[r - 2];
            int cols = x.shapeRef()[r - 1];
            int[] st = x.stridesRef();
            // A stride along a size-1 dim is irrelevant, so such a dim never forces a copy.
            if (cols == 1 || st[r - 1] == 1) {
                int ld = rows == 1 ? Math.max(cols, 1) : st[r - 2];
                if (ld >= Math.max(cols, 1)) {
                    return new Operand(x, false, ld);
                }
            }
            if (rows == 1 || st[r - 2] == 1) {
                int ld = cols == 1 ? Math.max(rows, 1) : st[r - 1];
                if (ld >= Math.max(rows, 1)) {
                    return new Operand(x, true, ld);
                }
            }
            return new Operand(StridedCopy.contiguous(x), false, Math.max(cols, 1));
        }
    }

    /** See {@code Backend.matmul}; both operands float32 with equal (maybe broadcast) batch dims. */
    static NDArray matmul(NDArray a, NDArray b) {
        int r = a.rank();
        int m = a.shapeRef()[r - 2];
        int k = a.shapeRef()[r - 1];
        int n = b.shapeRef()[r - 1];
        int[] shape = a.shapeRef().clone();
        shape[r - 1] = n;
        int batches = 1;
        for (int d = 0; d < r - 2; d++) {
            batches *= shape[d];
        }
        float[] out = HeapBudget.emptyFloats((long) batches * m * n); // every element is written
        if (out.length == 0) {
            return new NDArray(new Storage.Floats(out), shape);
        }
        Operand pa = Operand.of(a);
        Operand pb = Operand.of(b);
        float[] ad = StridedCopy.data(pa.x);
        float[] bd = StridedCopy.data(pb.x);
        long flops = 2L * m * n * k;
        int grain = flops >= (1 << 20) ? 1 : (int) Math.max(1, (1 << 20) / Math.max(flops, 1));
        Parallel.forRange(batches, grain, (from, to) -> {
            for (int bi = from; bi < to; bi++) {
                Sgemm.sgemm(pa.trans, pb.trans, m, n, k, ad, pa.x.offset() + batchOffset(pa.x, bi), pa.ld,
                        bd, pb.x.offset() + batchOffset(pb.x, bi), pb.ld, out, bi * m * n, n, false);
            }
        });
        return new NDArray(new Storage.Floats(out), shape);
    }

    /** Offset of batch {@code bi} (row-major over the dims before the last two) from x's first element. */
    static int batchOffset(NDArray x, int bi) {
        int p = 0;
        for (int d = x.rank() - 3; d >= 0 && bi != 0; d--) {
            int s = x.shapeRef()[d];
            p += (bi % s) * x.stridesRef()[d];
            bi /= s;
        }
        return p;
    }

    /**
     * See {@code Backend.linear}: {@code act(x [n, in] w^T + b)}. SGEMM writes the product, the
     * weight read transposed in place; then one pass over blocks of rows, on all threads, adds the
     * bias and applies the activation while each block is in cache.
     */
    static NDArray linear(NDArray x, NDArray w, NDArray b, UnaryOp activation) {
        int n = x.shapeRef()[0];
        int in = x.shapeRef()[1];
        int outF = w.shapeRef()[0];
        float[] out = HeapBudget.emptyFloats(n * outF); // every element is written by the product
        if (out.length == 0) {
            return new NDArray(new Storage.Floats(out), new int[] {n, outF});
        }
        int[] ws = w.stridesRef();
        Operand pa = Operand.of(x);
        Operand pb = Operand.of(w.view(new int[] {in, outF}, new int[] {ws[1], ws[0]}, w.offset()));
        Sgemm.sgemm(pa.trans, pb.trans, n, outF, in, StridedCopy.data(pa.x), pa.x.offset(), pa.ld,
                StridedCopy.data(pb.x), pb.x.offset(), pb.ld, out, 0, outF, false);
        if (b != null || activation != null) {
            float[] bias = b == null ? null : b.isContiguous() ? StridedCopy.data(b) : StridedCopy.toArray(b);
            int bo = b != null && b.isContiguous() ? b.offset() : 0;
            Parallel.forRange(n, Math.max(1, Elementwise.GRAIN / outF), (r0, r1) -> {
                if (bias != null) {
                    for (int r = r0; r < r1; r++) {
                        Elementwise.addInto(out, r * outF, bias, bo, outF);
                    }
                }
                if (activation != null) {
                    UnaryKernels.apply(activation, out, r0 * outF, out, r0 * outF, (r1 - r0) * outF);
                }
            });
        }
        return new NDArray(new Storage.Floats(out), new int[] {n, outF});
    }
}
