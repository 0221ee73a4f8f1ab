package dev.nabla.backend.cpu;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.HeapBudget;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.backend.Storage;
import dev.nabla.backend.UnaryOp;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 elementwise kernels: {@code unary}, {@code binary} (NumPy broadcasting) and
 * {@code where}. Operands are walked row by row through a {@link Layout}; along a row every input
 * is either contiguous or a broadcast scalar (anything else is first copied contiguous), so one
 * unmasked vector loop per op covers the same-shape, scalar, row-, column- and mixed-broadcast
 * cases. The op switch sits outside the loops; scalar tails use the op's float64 definition,
 * rounded (exact for + - * / and comparisons).
 */
final class Elementwise {
    static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();
    /** Elements per parallel chunk: below 2x this an op runs on the calling thread. */
    static final int GRAIN = 1 << 15;

    private Elementwise() {
    }

    // ---------------------------------------------------------------- unary

    /** {@code op(x)} as a new contiguous float32 array of x's shape. */
    static NDArray unary(UnaryOp op, NDArray x) {
        int n = x.numel();
        float[] out;
        float[] src;
        int so;
        if (x.isContiguous()) {
            out = HeapBudget.emptyFloats(n);
            src = StridedCopy.data(x);
            so = x.offset();
        } else {
            out = StridedCopy.toArray(x); // computed in place below
            src = out;
            so = 0;
        }
        Parallel.forRange(n, GRAIN, (from, to) -> UnaryKernels.apply(op, src, so + from, out, from, to - from));
        return new NDArray(new Storage.Floats(out), x.shapeRef().clone());
    }

    // ---------------------------------------------------------------- binary

    /** {@code op(a, b)} broadcast; float32, or BOOL for comparisons. Both inputs are float32. */
    static NDArray binary(BinaryOp op, NDArray a, NDArray b) {
        int[] shape = broadcastShape(a.shapeRef(), b.shapeRef());
        int n = Shape.numel(shape);
        boolean cmp = op.isComparison();
        float[] fo = cmp ? null : HeapBudget.emptyFloats(n); // every branch writes all n
        boolean[] co = cmp ? HeapBudget.bools(n) : null;
        Storage out = cmp ? new Storage.Bools(co) : new Storage.Floats(fo);
        float[] ad = StridedCopy.data(a);
        float[] bd = StridedCopy.data(b);
        if (Arrays.equals(a.shapeRef(), b.shapeRef()) && a.isContiguous() && b.isContiguous()) {
            int ao = a.offset();
            int bOff = b.offset();
            Parallel.forRange(n, GRAIN, (from, to) -> binaryRow(op, ad, ao + from, -1, bd, bOff + from, -1,
                    fo, co, from, to - from));
            return new NDArray(out, shape);
        }
        if (b.numel() == 1 && a.isContiguous() && a.numel() == n) { // x op scalar, e.g. a loss's gradient scale
            float[] s = splat(new float[L], 0, bd[b.offset()]);
            int ao = a.offset();
            Parallel.forRange(n, GRAIN, (from, to) -> binaryRow(op, ad, ao + from, -1, s, 0, 0, fo, co, from, to - from));
            return new NDArray(out, shape);
        }
        if (a.numel() == 1 && b.isContiguous() && b.numel() == n) {
            float[] s = splat(new float[L], 0, ad[a.offset()]);
            int bOff = b.offset();
            Parallel.forRange(n, GRAIN, (from, to) -> binaryRow(op, s, 0, 0, bd, bOff + from, -1, fo, co, from, to - from));
            return new NDArray(out, shape);
        }
        Layout lay = rowLayout(shape, a, b);
        if (lay == null) {
            return binary(op, StridedCopy.contiguous(a), StridedCopy.contiguous(b));
        }
        boolean aS = lay.innerStride(0) == 0;
        boolean bS = lay.innerStride(1) == 0;
        forRows(lay, (row, from, len, scratch) -> {
            int ao = a.offset() + lay.rowOffset(0, row) + (aS ? 0 : from);
            int bo = b.offset() + lay.rowOffset(1, row) + (bS ? 0 : from);
            binaryRow(op, aS ? splat(scratch, 0, ad[ao]) : ad, aS ? 0 : ao, aS ? 0 : -1,
                    bS ? splat(scratch, L, bd[bo]) : bd, bS ? L : bo, bS ? 0 : -1, fo, co, lay.rowOffset(2, row) + from, len);
        });
        return new NDArray(out, shape);
    }

    /** {@code dst += src} for contiguous float32 arrays of one shape in separate storage. */
    static void addInPlace(NDArray dst, NDArray src) {
        float[] d = StridedCopy.data(dst);
        float[] s = StridedCopy.data(src);
        int dOff = dst.offset();
        int sOff = src.offset();
        Parallel.forRange(dst.numel(), GRAIN, (from, to) -> binaryRow(BinaryOp.ADD, d, dOff + from, -1,
                s, sOff + from, -1, d, null, dOff + from, to - from));
    }

    /**
     * One row: {@code o[oo + i] = op(a[ao + (i & am)], b[bo + (i & bm)])}. A mask of -1 walks a
     * contiguous operand; a mask of 0 reads a broadcast scalar from {@code L} copies of it, so one
     * unmasked loop per op serves all broadcast variants. Arithmetic writes {@code fo},
     * comparisons {@code co}.
     */
    static void binaryRow(BinaryOp op, float[] a, int ao, int am, float[] b, int bo, int bm,
                          float[] fo, boolean[] co, int oo, int n) {
        int ub = S.loopBound(n);
        switch (op) {
            case ADD -> add(a, ao, am, b, bo, bm, fo, oo, ub);
            case SUB -> sub(a, ao, am, b, bo, bm, fo, oo, ub);
            case MUL -> mul(a, ao, am, b, bo, bm, fo, oo, ub);
            case DIV -> div(a, ao, am, b, bo, bm, fo, oo, ub);
            case POW -> ub = pow(a, ao, am, b, bo, bm, fo, oo, ub);
            case MAXIMUM -> max(a, ao, am, b, bo, bm, fo, oo, ub);
            case MINIMUM -> min(a, ao, am, b, bo, bm, fo, oo, ub);
            case FLOOR_DIVIDE, TRUNC_DIVIDE -> ub = roundedDivide(op, a, ao, am, b, bo, bm, fo, oo, n);
            case EQ -> eq(a, ao, am, b, bo, bm, co, oo, ub);
            case NE -> ne(a, ao, am, b, bo, bm, co, oo, ub);
            case LT -> lt(a, ao, am, b, bo, bm, co, oo, ub);
            case LE -> le(a, ao, am, b, bo, bm, co, oo, ub);
            case GT -> lt(b, bo, bm, a, ao, am, co, oo, ub); // a > b is b < a, NaN included
            case GE -> le(b, bo, bm, a, ao, am, co, oo, ub);
            case ATAN2 -> atan2(a, ao, am, b, bo, bm, fo, oo, ub);
            case REMAINDER, FMOD -> ub = 0; // the scalar loop: fmod is exact, so float64 then rounding is exact too
            default -> throw new UnsupportedOperationException("cpu binary kernel: no vector loop for " + op);
        }
        if (op.isComparison()) {
            for (int i = ub; i < n; i++) {
                co[oo + i] = op.apply(a[ao + (i & am)], b[bo + (i & bm)]) != 0;
            }
        } else {
            for (int i = ub; i < n; i++) {
                fo[oo + i] = (float) op.apply(a[ao + (i & am)], b[bo + (i & bm)]);
            }
        }
    }

    /** {@code dst[d + t] += src[s + t]} for {@code t < len}. */
    static void addInto(float[] dst, int d, float[] src, int s, int len) {
        int t = 0;
        for (int ub = S.loopBound(len); t < ub; t += S.length()) {
            FloatVector.fromArray(S, dst, d + t).add(FloatVector.fromArray(S, src, s + t)).intoArray(dst, d + t);
        }
        for (; t < len; t++) {
            dst[d + t] += src[s + t];
        }
    }

    // One small method per op, so that each is compiled on its own (a single method holding every
    // op's loop exceeds C2's inlining budget, and vectors crossing a non-inlined call get boxed).
    // Each has a plain-index loop for two contiguous operands (about 3x faster than the masked
    // index, whose range checks cannot be hoisted) and the masked loop for broadcast scalars.

    private static void atan2(float[] a, int ao, int am, float[] b, int bo, int bm, float[] o, int oo, int ub) {
        for (int i = 0; i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + (i & am))
                    .lanewise(VectorOperators.ATAN2, FloatVector.fromArray(S, b, bo + (i & bm))).intoArray(o, oo + i);
        }
    }

    private static void add(float[] a, int ao, int am, float[] b, int bo, int bm, float[] o, int oo, int ub) {
        if ((am & bm) == -1) { // both contiguous: plain indices let C2 hoist range checks
            for (int i = 0; i < ub; i += L) {
                FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
            }
            return;
        }
        for (int i = 0; i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + (i & am)).add(FloatVector.fromArray(S, b, bo + (i & bm))).intoArray(o, oo + i);
        }
    }

    private static void sub(float[] a, int ao, int am, float[] b, int bo, int bm, float[] o, int oo, int ub) {
        if ((am & bm) == -1) { // both contiguous: plain indices let C2 hoist range checks
            for (int i = 0; i < ub; i += L) {
                FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
            }
            return;
        }
        for (int i = 0; i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + (i & am)).sub(FloatVector.fromArray(S, b, bo + (i & bm))).intoArray(o, oo + i);
        }
    }

    private static void mul(float[] a, int ao, int am, float[] b, int bo, int bm, float[] o, int oo, int ub) {
        if ((am & bm) == -1) { // both contiguous: plain indices let C2 hoist range checks
            for (int i = 0; i < ub; i += L) {
                FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
            }
            return;
        }
        for (int i = 0; i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + (i & am)).mul(FloatVector.fromArray(S, b, bo + (i & bm))).intoArray(o, oo + i);
        }
    }

    private static void div(float[] a, int ao, int am, float[] b, int bo, int bm, float[] o, int oo, int ub) {
        if ((am & bm) == -1) { // both contiguous: plain indices let C2 hoist range checks
            for (int i = 0; i < ub; i += L) {
                FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
            }
            return;
        }
        for (int i = 0; i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + (i & am)).div(FloatVector.fromArray(S, b, bo + (i & bm))).intoArray(o, oo + i);
        }
    }

    /**
     * {@code a^2} as {@code a * a} (what float64 pow gives, rounded); other powers take the scalar
     * loop, float64 {@link Math#pow} rounded, whose bits never change (lanewise POW's change once
     * C2 compiles it). Returns the end of what it did.
     */
    private static int pow(float[] a, int ao, int am, float[] b, int bo, int bm, float[] o, int oo, int ub) {
        if (bm != 0 || b[bo] != 2f) {
            return 0;
        }
        mul(a, ao, am, a, ao, am, o, oo, ub);
        return ub;
    }

    private static void max(float[] a, int ao, int am, float[] b, int bo, int bm, float[] o, int oo, int ub) {
        if ((am & bm) == -1) { // both contiguous: plain indices let C2 hoist range checks
            for (int i = 0; i < ub; i += L) {
                FloatVector.fromArray(S, a, ao + i).max(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
            }
            return;
        }
        for (int i = 0; i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + (i & am)).max(FloatVector.fromArray(S, b, bo + (i & bm))).intoArray(o, oo + i);
        }
    }

    private static void min(float[] a, int ao, int am, float[] b, int bo, int bm, float[] o, int oo, int ub) {
        if ((am & bm) == -1) { // both contiguous: plain indices let C2 hoist range checks
            for (int i = 0; i < ub; i += L) {
                FloatVector.fromArray(S, a, ao + i).min(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
            }
            return;
        }
        for (int i = 0; i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + (i & am)).min(FloatVector.fromArray(S, b, bo + (i & bm))).intoArray(o, oo + i);
        }
    }

    private static void eq(float[] a, int ao, int am, float[] b, int bo, int bm, boolean[] o, int oo, int ub) {
        if ((am & bm) == -1) { // both contiguous: plain indices let C2 hoist range checks
            for (int i = 0; i < ub; i += L) {
                FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.EQ, FloatVector.fromArray(S, b, bo + i))
                        .intoArray(o, oo + i);
            }
            return;
        }
        for (int i = 0; i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + (i & am)).compare(VectorOperators.EQ, FloatVector.fromArray(S, b, bo + (i & bm)))
                    .intoArray(o, oo + i);
        }
    }

    private static void ne(float[] a, int ao, int am, float[] b, int bo, int bm, boolean[] o, int oo, int ub) {
        if ((am & bm) == -1) { // both contiguous: plain indices let C2 hoist range checks
            for (int i = 0; i < ub; i += L) {
                FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.NE, FloatVector.fromArray(S, b, bo + i))
                        .intoArray(o, oo + i);
            }
            return;
        }
        for (int i = 0; i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + (i & am)).compare(VectorOperators.NE, FloatVector.fromArray(S, b, bo + (i & bm)))
                    .intoArray(o, oo + i);
        }
    }

    private static void lt(float[] a, int ao, int am, float[] b, int bo, int bm, boolean[] o, int oo, int ub) {
        if ((am & bm) == -1) { // both contiguous: plain indices let C2 hoist range checks
            for (int i = 0; i < ub; i += L) {
                FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.LT, FloatVector.fromArray(S, b, bo + i))
                        .intoArray(o, oo + i);
            }
            return;
        }
        for (int i = 0; i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + (i & am)).compare(VectorOperators.LT, FloatVector.fromArray(S, b, bo + (i & bm)))
                    .intoArray(o, oo + i);
        }
    }

    private static void le(float[] a, int ao, int am, float[] b, int bo, int bm, boolean[] o, int oo, int ub) {
        if ((am & bm) == -1) { // both contiguous: plain indices let C2 hoist range checks
            for (int i = 0; i < ub; i += L) {
                FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.LE, FloatVector.fromArray(S, b, bo + i))
                        .intoArray(o, oo + i);
            }
            return;
        }
        for (int i = 0; i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + (i & am)).compare(VectorOperators.LE, FloatVector.fromArray(S, b, bo + (i & bm)))
                    .intoArray(o, oo + i);
        }
    }

    /**
     * Floor or truncating division in float32 arithmetic, as PyTorch's float kernels (a float64
     * quotient can fall on the other side of an integer); scalar, as the Vector API has no floor.
     * Returns {@code n}, the end of what it computed.
     */
    private static int roundedDivide(BinaryOp op, float[] a, int ao, int am, float[] b, int bo, int bm,
                                     float[] o, int oo, int n) {
        for (int i = 0; i < n; i++) {
            float x = a[ao + (i & am)];
            float y = b[bo + (i & bm)];
            o[oo + i] = op == BinaryOp.TRUNC_DIVIDE ? truncate(x / y) : floorDivide(x, y);
        }
        return n;
    }

    private static float truncate(float q) {
        return (float) (q < 0 ? Math.ceil(q) : Math.floor(q));
    }

    /** PyTorch's {@code div_floor_floating} in float32 (see {@link BinaryOp#FLOOR_DIVIDE}). */
    private static float floorDivide(float a, float b) {
        if (b == 0) {
            return a / b;
        }
        float mod = a % b;
        float div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) {
            div -= 1;
        }
        if (div == 0) {
            return Math.copySign(0f, a / b);
        }
        float floor = (float) Math.floor(div);
        return div - floor > 0.5f ? floor + 1 : floor;
    }

    /** Fills {@code L} slots of scratch from {@code at} with {@code v}; returns scratch. */
    private static float[] splat(float[] scratch, int at, float v) {
        Arrays.fill(scratch, at, at + L, v);
        return scratch;
    }

    // ---------------------------------------------------------------- where

    /** {@code cond ? a : b} broadcast; {@code cond} is BOOL, {@code a} and {@code b} float32. */
    static NDArray where(NDArray cond, NDArray a, NDArray b) {
        int[] shape = broadcastShape(broadcastShape(cond.shapeRef(), a.shapeRef()), b.shapeRef());
        float[] out = HeapBudget.floats(Shape.numel(shape));
        NDArray cb = cond.broadcastTo(shape);
        Layout lay = rowLayout(shape, a, b, cb);
        if (lay == null) {
            return where(cond.isContiguous() ? cond : contiguousBools(cond),
                    StridedCopy.contiguous(a), StridedCopy.contiguous(b));
        }
        boolean[] cd = ((Storage.Bools) cond.storage()).data();
        float[] ad = StridedCopy.data(a);
        float[] bd = StridedCopy.data(b);
        boolean aS = lay.innerStride(0) == 0;
        boolean bS = lay.innerStride(1) == 0;
        boolean cS = lay.innerStride(2) == 0;
        forRows(lay, (row, from, len, scratch) -> {
            int ao = a.offset() + lay.rowOffset(0, row) + (aS ? 0 : from);
            int bo = b.offset() + lay.rowOffset(1, row) + (bS ? 0 : from);
            int co = cond.offset() + lay.rowOffset(2, row) + (cS ? 0 : from);
            int oo = lay.rowOffset(3, row) + from;
            if (cS) { // the whole row comes from one side
                boolean c = cd[co];
                float[] src = c ? ad : bd;
                int so = c ? ao : bo;
                if (c ? aS : bS) {
                    Arrays.fill(out, oo, oo + len, src[so]);
                } else {
                    System.arraycopy(src, so, out, oo, len);
                }
                return;
            }
            whereRow(cd, co, aS ? splat(scratch, 0, ad[ao]) : ad, aS ? 0 : ao, aS ? 0 : -1,
                    bS ? splat(scratch, L, bd[bo]) : bd, bS ? L : bo, bS ? 0 : -1, out, oo, len);
        });
        return new NDArray(new Storage.Floats(out), shape);
    }

    /** One row of {@code where} with a contiguous mask; operands addressed as in {@link #binaryRow}. */
    private static void whereRow(boolean[] c, int co, float[] a, int ao, int am, float[] b, int bo, int bm,
                                 float[] o, int oo, int n) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, b, bo + (i & bm)).blend(FloatVector.fromArray(S, a, ao + (i & am)),
                    VectorMask.fromArray(S, c, co + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = c[co + i] ? a[ao + (i & am)] : b[bo + (i & bm)];
        }
    }

    private static NDArray contiguousBools(NDArray c) {
        boolean[] d = ((Storage.Bools) c.storage()).data();
        boolean[] out = HeapBudget.bools(c.numel());
        for (int i = 0; i < out.length; i++) {
            out[i] = d[c.indexOfFlat(i)];
        }
        return new NDArray(new Storage.Bools(out), c.shapeRef().clone());
    }

    // ---------------------------------------------------------------- shared plumbing

    /** A row body: elements {@code [from, from + len)} of row {@code row}, with 2L floats of scratch. */
    @FunctionalInterface
    interface RowBody {
        void run(int row, int from, int len, float[] scratch);
    }

    /**
     * Layout over {@code shape} for the inputs broadcast to it, plus a contiguous output as the
     * last operand; null when some input is neither contiguous nor broadcast along the row.
     */
    private static Layout rowLayout(int[] shape, NDArray... inputs) {
        int[][] st = new int[inputs.length + 1][];
        for (int i = 0; i < inputs.length; i++) {
            st[i] = inputs[i].broadcastTo(shape).stridesRef();
        }
        st[inputs.length] = Shape.contiguousStrides(shape);
        Layout lay = new Layout(shape, st);
        for (int i = 0; i < inputs.length; i++) {
            if (lay.innerStride(i) > 1 || lay.innerStride(i) < 0) {
                return null;
            }
        }
        return lay;
    }

    /** Runs {@code body} over all rows, in parallel when large (splitting a single row if need be). */
    static void forRows(Layout lay, RowBody body) {
        int n = lay.inner;
        if (lay.rows == 1) {
            Parallel.forRange(n, GRAIN, (from, to) -> body.run(0, from, to - from, new float[2 * L]));
        } else {
            Parallel.forRange(lay.rows, Math.max(1, GRAIN / Math.max(n, 1)), (from, to) -> {
                float[] scratch = new float[2 * L];
                for (int r = from; r < to; r++) {
                    body.run(r, 0, n, scratch);
                }
            });
        }
    }

    /** NumPy broadcast of two shapes already known to be compatible. */
    static int[] broadcastShape(int[] a, int[] b) {
        if (Arrays.equals(a, b)) {
            return a.clone();
        }
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            out[i] = da == 1 ? db : da;
        }
        return out;
    }
}
