package dev.nabla.backend.cpu;

import dev.nabla.backend.HeapBudget;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.Shape;
import dev.nabla.backend.Storage;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 sum/max/min over any set of dims, and argmax/argmin along one dim. The input is viewed
 * as {@code [outer, r, inner]} with the reduced dims forming the middle (non-contiguous inputs,
 * and reduced dims that are not adjacent, are first copied, permuted if need be). {@code inner == 1}
 * reduces rows ("over the last dim", or all dims); otherwise whole rows are combined lanewise
 * ("over leading dims", e.g. a bias gradient). Sums use vector lanes inside blocks of
 * {@link #BLOCK} elements and combine blocks in a fixed order, so results are deterministic and
 * independent of the thread count; max/min propagate NaN like {@link Math#max}.
 */
final class Reductions {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();
    /** Elements summed in float lanes before a block's total is added (in float64) to the rest. */
    private static final int BLOCK = 2048;
    /** Rows combined into a float partial before it is added to the running column result. */
    private static final int ROW_BLOCK = 128;
    /** Fixed chunk of a single long row reduced per task (fixed so results ignore thread count). */
    private static final int CHUNK = 1 << 16;

    private Reductions() {
    }

    /** See {@code Backend.reduce}: x is float32; dims distinct, normalized and non-empty. */
    static NDArray reduce(ReduceOp op, NDArray x, int[] dims, boolean keepDim) {
        int[] shape = x.shapeRef();
        boolean[] red = new boolean[shape.length];
        for (int d : dims) {
            red[d] = true;
        }
        int[] kept = shape.clone();
        int[] dropped = new int[shape.length - dims.length];
        for (int d = 0, j = 0; d < shape.length; d++) {
            if (red[d]) {
                kept[d] = 1;
            } else {
                dropped[j++] = shape[d];
            }
        }
        float[] out = HeapBudget.floats(Shape.numel(kept));
        NDArray src = x;
        int[] split = runOf(shape, red);
        if (split == null || !x.isContiguous()) {
            src = split == null ? permuted(x, red) : StridedCopy.contiguous(x);
            if (split == null) {
                split = new int[] {out.length, x.numel() / Math.max(out.length, 1), 1};
            }
        }
        reduce3(op, StridedCopy.data(src), src.offset(), split[0], split[1], split[2], out);
        return new NDArray(new Storage.Floats(out), keepDim ? kept : dropped);
    }

    /**
     * {@code [outer, r, inner]} sizes when the reduced dims (ignoring size-1 dims) form one
     * consecutive run, else null.
     */
    private static int[] runOf(int[] shape, boolean[] red) {
        int first = -1;
        int last = -1;
        for (int d = 0; d < shape.length; d++) {
            if (red[d] && shape[d] != 1) {
                first = first < 0 ? d : first;
                last = d;
            }
        }
        int outer = 1;
        int r = 1;
        int inner = 1;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            if (first >= 0 && d >= first && d <= last) {
                if (!red[d]) {
                    return null;
                }
                r *= shape[d];
            } else if (first >= 0 && d > last) {
                inner *= shape[d];
            } else {
                outer *= shape[d];
            }
        }
        return new int[] {outer, r, inner};
    }

    /** A contiguous copy of x with the kept dims first and the reduced dims last. */
    private static NDArray permuted(NDArray x, boolean[] red) {
        int n = red.length;
        int[] sh = new int[n];
        int[] st = new int[n];
        int j = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int d = 0; d < n; d++) {
                if (red[d] == (pass == 1)) {
                    sh[j] = x.shapeRef()[d];
                    st[j++] = x.stridesRef()[d];
                }
            }
        }
        return StridedCopy.contiguous(x.view(sh, st, x.offset()));
    }

    /** {@code out[o, j] = op over i of a[off + (o*r + i)*inner + j]}. */
    static void reduce3(ReduceOp op, float[] a, int off, int outer, int r, int inner, float[] out) {
        if (inner == 1 && outer == 1) {
            out[0] = reduceLong(op, a, off, r);
        } else if (inner == 1) {
            Parallel.forRange(outer, Math.max(1, Elementwise.GRAIN / Math.max(r, 1)), (from, to) -> {
                for (int o = from; o < to; o++) {
                    out[o] = (float) reduceRow(op, a, off + o * r, r);
                }
            });
        } else if (outer == 1) {
            Parallel.forRange(inner, Math.max(L, Elementwise.GRAIN / Math.max(r, 1)), (from, to) ->
                    reduceColumns(op, a, off + from, r, inner, to - from, out, from));
        } else {
            Parallel.forRange(outer, Math.max(1, Elementwise.GRAIN / Math.max(r * inner, 1)), (from, to) -> {
                for (int o = from; o < to; o++) {
                    reduceColumns(op, a, off + o * r * inner, r, inner, inner, out, o * inner);
                }
            });
        }
    }

    /** A whole (possibly huge) row, in fixed chunks that may run in parallel. */
    private static float reduceLong(ReduceOp op, float[] a, int off, int n) {
        if (n <= CHUNK) {
            return (float) reduceRow(op, a, off, n);
        }
        double[] part = new double[(n + CHUNK - 1) / CHUNK];
        Parallel.forRange(part.length, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                part[c] = reduceRow(op, a, off + c * CHUNK, Math.min(CHUNK, n - c * CHUNK));
            }
        });
        double acc = part[0];
        for (int c = 1; c < part.length; c++) {
            acc = combine(op, acc, part[c]);
        }
        return (float) acc;
    }

    /** op over {@code a[off, off + n)}; the identity of op when {@code n == 0}. */
    static double reduceRow(ReduceOp op, float[] a, int off, int n) {
        double acc = identity(op);
        for (int s = 0; s < n; s += BLOCK) {
            acc = combine(op, acc, reduceBlock(op, a, off + s, Math.min(BLOCK, n - s)));
        }
        return acc;
    }

    /** op over one block in two vector accumulators; the switch is outside the loops. */
    private static float reduceBlock(ReduceOp op, float[] a, int off, int n) {
        int ub = n - n % (2 * L);
        FloatVector v0 = FloatVector.broadcast(S, (float) identity(op));
        FloatVector v1 = v0;
        float part;
        switch (op) {
            case SUM -> {
                for (int i = 0; i < ub; i += 2 * L) {
                    v0 = v0.add(FloatVector.fromArray(S, a, off + i));
                    v1 = v1.add(FloatVector.fromArray(S, a, off + i + L));
                }
                part = Lanes.sum(v0.add(v1));
            }
            case MAX -> {
                for (int i = 0; i < ub; i += 2 * L) {
                    v0 = v0.max(FloatVector.fromArray(S, a, off + i));
                    v1 = v1.max(FloatVector.fromArray(S, a, off + i + L));
                }
                part = v0.max(v1).reduceLanes(VectorOperators.MAX);
            }
            default -> {
                for (int i = 0; i < ub; i += 2 * L) {
                    v0 = v0.min(FloatVector.fromArray(S, a, off + i));
                    v1 = v1.min(FloatVector.fromArray(S, a, off + i + L));
                }
                part = v0.min(v1).reduceLanes(VectorOperators.MIN);
            }
        }
        for (int i = ub; i < n; i++) {
            part = (float) combine(op, part, a[off + i]);
        }
        return part;
    }

    /** Columns {@code [0, w)} of an {@code r x stride} block: {@code out[oo + j] = op over i}. */
    private static void reduceColumns(ReduceOp op, float[] a, int off, int r, int stride, int w,
                                      float[] out, int oo) {
        Arrays.fill(out, oo, oo + w, (float) identity(op));
        float[] part = op == ReduceOp.SUM && r > ROW_BLOCK ? new float[w] : null;
        for (int i0 = 0; i0 < r; i0 += ROW_BLOCK) {
            int i1 = Math.min(r, i0 + ROW_BLOCK);
            if (part == null) {
                accumulateRows(op, a, off + i0 * stride, i1 - i0, stride, w, out, oo);
            } else {
                Arrays.fill(part, 0f);
                accumulateRows(op, a, off + i0 * stride, i1 - i0, stride, w, part, 0);
                accumulateRows(op, part, 0, 1, w, w, out, oo);
            }
        }
    }

    /** {@code acc[ao + j] = op(acc[ao + j], a[off + i*stride + j])} for rows i and columns j < w. */
    private static void accumulateRows(ReduceOp op, float[] a, int off, int rows, int stride, int w,
                                       float[] acc, int ao) {
        int ub = S.loopBound(w);
        for (int i = 0; i < rows; i++) {
            int p = off + i * stride;
            switch (op) {
                case SUM -> { for (int j = 0; j < ub; j += L) FloatVector.fromArray(S, acc, ao + j).add(FloatVector.fromArray(S, a, p + j)).intoArray(acc, ao + j); }
                case MAX -> { for (int j = 0; j < ub; j += L) FloatVector.fromArray(S, acc, ao + j).max(FloatVector.fromArray(S, a, p + j)).intoArray(acc, ao + j); }
                case MIN -> { for (int j = 0; j < ub; j += L) FloatVector.fromArray(S, acc, ao + j).min(FloatVector.fromArray(S, a, p + j)).intoArray(acc, ao + j); }
            }
            for (int j = ub; j < w; j++) {
                acc[ao + j] = (float) combine(op, acc[ao + j], a[p + j]);
            }
        }
    }

    private static double combine(ReduceOp op, double acc, double v) {
        return switch (op) {
            case SUM -> acc + v;
            case MAX -> Math.max(acc, v);
            case MIN -> Math.min(acc, v);
        };
    }

    static double identity(ReduceOp op) {
        return switch (op) {
            case SUM -> 0;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
    }

    // ---------------------------------------------------------------- argmax / argmin

    /** See {@code Backend.argReduce}; x is float32. First index wins ties; a NaN wins over all. */
    static NDArray argReduce(boolean max, NDArray x, int dim, boolean keepDim) {
        int[] shape = x.shapeRef();
        NDArray c = StridedCopy.contiguous(x);
        float[] a = StridedCopy.data(c);
        int off = c.offset();
        int r = shape[dim];
        int inner = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        int outer = 1;
        for (int d = 0; d < dim; d++) {
            outer *= shape[d];
        }
        long[] out = HeapBudget.longs((long) outer * inner);
        ReduceOp op = max ? ReduceOp.MAX : ReduceOp.MIN;
        int fi = inner;
        Parallel.forRange(outer, Math.max(1, Elementwise.GRAIN / Math.max(r * inner, 1)), (from, to) -> {
            for (int o = from; o < to; o++) {
                if (fi == 1) {
                    out[o] = argRow(op, a, off + o * r, r);
                } else {
                    argColumns(max, a, off + o * r * fi, r, fi, out, o * fi);
                }
            }
        });
        int[] kept = shape.clone();
        kept[dim] = 1;
        int[] dropped = new int[shape.length - 1];
        for (int d = 0, j = 0; d < shape.length; d++) {
            if (d != dim) {
                dropped[j++] = shape[d];
            }
        }
        return new NDArray(new Storage.Longs(out), keepDim ? kept : dropped);
    }

    /** Vector max (NaN-propagating), then the first index holding it (or the first NaN). */
    private static int argRow(ReduceOp op, float[] a, int off, int n) {
        if (n < 4 * L) { // short rows (e.g. class logits): one scalar pass
            int best = 0;
            for (int i = 1; i < n; i++) {
                float v = a[off + i];
                float b = a[off + best];
                if (b == b && (v != v || (op == ReduceOp.MAX ? v > b : v < b))) {
                    best = i;
                }
            }
            return best;
        }
        float m = (float) reduceRow(op, a, off, n);
        boolean nan = Float.isNaN(m);
        int i = 0;
        FloatVector mv = FloatVector.broadcast(S, m);
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, off + i);
            int k = (nan ? v.test(VectorOperators.IS_NAN) : v.compare(VectorOperators.EQ, mv)).firstTrue();
            if (k < L) {
                return i + k;
            }
        }
        for (; i < n; i++) {
            float v = a[off + i];
            if (nan ? Float.isNaN(v) : v == m) {
                return i;
            }
        }
        return 0;
    }

    private static void argColumns(boolean max, float[] a, int off, int r, int inner, long[] out, int oo) {
        float[] best = Arrays.copyOfRange(a, off, off + inner);
        for (int i = 1; i < r; i++) {
            int p = off + i * inner;
            for (int j = 0; j < inner; j++) {
                float v = a[p + j];
                float b = best[j];
                if (b == b && (v != v || (max ? v > b : v < b))) {
                    best[j] = v;
                    out[oo + j] = i;
                }
            }
        }
    }
}
