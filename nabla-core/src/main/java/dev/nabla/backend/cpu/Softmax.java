package dev.nabla.backend.cpu;

import dev.nabla.backend.HeapBudget;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.backend.Storage;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 softmax and log-softmax, {@code exp(x - m) / sum(exp(x - m))} with {@code m} the row
 * max (so large |x| never overflows). Rows along the last dim are processed in place of a
 * contiguous buffer, three vector passes per row; another dim is first moved last by a
 * transposing copy and moved back when writing the result.
 */
final class Softmax {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();

    private Softmax() {
    }

    /** See {@code Backend.softmax}; x is float32, dim normalized. */
    static NDArray softmax(NDArray x, int dim, boolean log) {
        int[] shape = x.shapeRef();
        int rank = shape.length;
        int inner = 1;
        for (int d = dim + 1; d < rank; d++) {
            inner *= shape[d];
        }
        int n = rank == 0 ? 1 : shape[dim];
        if (inner == 1) {
            float[] out = HeapBudget.floats(x.numel());
            float[] src;
            int so;
            if (x.isContiguous()) {
                src = StridedCopy.data(x);
                so = x.offset();
            } else {
                StridedCopy.copy(shape, StridedCopy.data(x), x.offset(), x.stridesRef(), out, 0, Shape.contiguousStrides(shape));
                src = out;
                so = 0;
            }
            rows(src, so, out, 0, out.length / Math.max(n, 1), n, log);
            return new NDArray(new Storage.Floats(out), shape.clone());
        }
        // Move dim last: permuted view -> contiguous buffer -> rows in place -> scatter back.
        int[] perm = new int[rank];
        for (int d = 0, j = 0; d < rank; d++) {
            if (d != dim) {
                perm[j++] = d;
            }
        }
        perm[rank - 1] = dim;
        int[] psh = new int[rank];
        int[] pst = new int[rank];
        int[] outStrides = Shape.contiguousStrides(shape);
        int[] pOutStrides = new int[rank];
        for (int i = 0; i < rank; i++) {
            psh[i] = shape[perm[i]];
            pst[i] = x.stridesRef()[perm[i]];
            pOutStrides[i] = outStrides[perm[i]];
        }
        float[] buf = StridedCopy.toArray(x.view(psh, pst, x.offset()));
        rows(buf, 0, buf, 0, buf.length / Math.max(n, 1), n, log);
        float[] out = HeapBudget.floats(buf.length);
        StridedCopy.copy(psh, buf, 0, Shape.contiguousStrides(psh), out, 0, pOutStrides);
        return new NDArray(new Storage.Floats(out), shape.clone());
    }

    /** Softmax of {@code rows} consecutive rows of length {@code n}; {@code y} may alias {@code x}. */
    static void rows(float[] x, int xo, float[] y, int yo, int rows, int n, boolean log) {
        Parallel.forRange(rows, Math.max(1, (Elementwise.GRAIN / 4) / Math.max(n, 1)), (from, to) -> {
            for (int r = from; r < to; r++) {
                row(x, xo + r * n, y, yo + r * n, n, log);
            }
        });
    }

    private static void row(float[] x, int xo, float[] y, int yo, int n, boolean log) {
        if (n == 0) {
            return;
        }
        int ub = S.loopBound(n);
        FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < ub; i += L) {
            mv = mv.max(FloatVector.fromArray(S, x, xo + i));
        }
        float m = mv.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            m = Math.max(m, x[xo + i]);
        }
        mv = FloatVector.broadcast(S, m);
        float sum = VectorMath.expSum(x, xo, 1f, -m, log ? null : y, yo, n); // y may alias x
        if (log) {
            float ls = (float) Math.log(sum);
            FloatVector lv = FloatVector.broadcast(S, ls);
            for (i = 0; i < ub; i += L) {
                FloatVector.fromArray(S, x, xo + i).sub(mv).sub(lv).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                y[yo + i] = x[xo + i] - m - ls;
            }
        } else {
            float inv = 1f / sum;
            FloatVector iv = FloatVector.broadcast(S, inv);
            for (i = 0; i < ub; i += L) {
                FloatVector.fromArray(S, y, yo + i).mul(iv).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                y[yo + i] = y[yo + i] * inv;
            }
        }
    }
}
