package dev.nabla.backend.cpu;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.backend.Storage;
import dev.nabla.backend.UnaryOp;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 elementwise kernels: {@code unary}, {@code binary} (NumPy broadcasting) and
 * {@code where}. Operands are walked row by row through a {@link Layout}; along a row every input
 * is either contiguous or a broadcast scalar (anything else is first copied contiguous), so one
 * vector loop per op family covers same-shape, scalar, row- and column-broadcast cases. The op
 * is selected by a switch inside the loop on a loop-invariant enum, which C2 keeps in registers
 * (no vector boxing); scalar tails use the op's own float64 definition, rounded.
 */
final class Elementwise {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
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
            out = new float[n];
            src = StridedCopy.data(x);
            so = x.offset();
        } else {
            out = StridedCopy.toArray(x); // computed in place below
            src = out;
            so = 0;
        }
        Parallel.forRange(n, GRAIN, (from, to) -> unaryRange(op, src, so + from, out, from, to - from));
        return new NDArray(new Storage.Floats(out), x.shapeRef().clone());
    }

    /** {@code y[yo + i] = op(x[xo + i])} for {@code i < n}; {@code x} and {@code y} may alias. */
    static void unaryRange(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        if (op == UnaryOp.ERF) {
            i = Erf.erf(x, xo, y, yo, n);
        } else {
            for (int ub = S.loopBound(n); i < ub; i += L) {
                unaryVec(op, FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
            }
        }
        for (; i < n; i++) {
            y[yo + i] = (float) op.apply(x[xo + i]);
        }
    }

    private static FloatVector unaryVec(UnaryOp op, FloatVector v) {
        return switch (op) {
            case NEG -> v.neg();
            case EXP -> v.lanewise(VectorOperators.EXP);
            case LOG -> v.lanewise(VectorOperators.LOG);
            case LOG1P -> v.lanewise(VectorOperators.LOG1P);
            case SQRT -> v.sqrt();
            case RSQRT -> FloatVector.broadcast(S, 1f).div(v.sqrt());
            case ABS -> v.abs();
            case SIGN -> v.blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f));
            case SIGMOID -> {
                // e = exp(-|x|) <= 1 never overflows; sigmoid(x) = 1/(1+e) for x >= 0, e/(1+e) below.
                FloatVector e = v.abs().neg().lanewise(VectorOperators.EXP);
                FloatVector r = FloatVector.broadcast(S, 1f).div(e.add(1f));
                yield r.blend(e.mul(r), v.compare(VectorOperators.LT, 0f));
            }
            case TANH -> v.lanewise(VectorOperators.TANH);
            case RELU -> FloatVector.zero(S).blend(v, v.compare(VectorOperators.GT, 0f));
            case ERF -> throw new AssertionError("ERF has its own loop");
        };
    }

    // ---------------------------------------------------------------- binary

    /** {@code op(a, b)} broadcast; float32, or BOOL for comparisons. Both inputs are float32. */
    static NDArray binary(BinaryOp op, NDArray a, NDArray b) {
        int[] shape = broadcastShape(a.shapeRef(), b.shapeRef());
        int n = Shape.numel(shape);
        boolean cmp = op.isComparison();
        float[] fo = cmp ? null : new float[n];
        boolean[] bo = cmp ? new boolean[n] : null;
        Storage out = cmp ? new Storage.Bools(bo) : new Storage.Floats(fo);
        float[] ad = StridedCopy.data(a);
        float[] bd = StridedCopy.data(b);
        if (Arrays.equals(a.shapeRef(), b.shapeRef()) && a.isContiguous() && b.isContiguous()) {
            int ao = a.offset();
            int bo2 = b.offset();
            Parallel.forRange(n, GRAIN, (from, to) -> binaryRow(op, ad, ao + from, false, bd, bo2 + from, false,
                    fo, bo, from, to - from));
            return new NDArray(out, shape);
        }
        Layout lay = rowLayout(shape, a, b);
        if (lay == null) {
            return binary(op, StridedCopy.contiguous(a), StridedCopy.contiguous(b));
        }
        boolean aS = lay.innerStride(0) == 0;
        boolean bS = lay.innerStride(1) == 0;
        forRows(lay, (row, from, len) -> binaryRow(op, ad, a.offset() + lay.rowOffset(0, row) + (aS ? 0 : from), aS,
                bd, b.offset() + lay.rowOffset(1, row) + (bS ? 0 : from), bS,
                fo, bo, lay.rowOffset(2, row) + from, len));
        return new NDArray(out, shape);
    }

    /**
     * One row: {@code o[oo + i] = op(a[.], b[.])} where an operand flagged scalar is read at its
     * offset only; writes {@code fo} for arithmetic, {@code bo} for comparisons.
     */
    static void binaryRow(BinaryOp op, float[] a, int ao, boolean aS, float[] b, int bo, boolean bS,
                          float[] fo, boolean[] co, int oo, int n) {
        if (n == 0) {
            return;
        }
        FloatVector as = FloatVector.broadcast(S, a[ao]);
        FloatVector bs = FloatVector.broadcast(S, b[bo]);
        int i = 0;
        int ub = S.loopBound(n);
        if (op.isComparison()) {
            for (; i < ub; i += L) {
                FloatVector av = aS ? as : FloatVector.fromArray(S, a, ao + i);
                FloatVector bv = bS ? bs : FloatVector.fromArray(S, b, bo + i);
                compareVec(op, av, bv).intoArray(co, oo + i);
            }
            for (; i < n; i++) {
                co[oo + i] = op.apply(a[aS ? ao : ao + i], b[bS ? bo : bo + i]) != 0;
            }
            return;
        }
        for (; i < ub; i += L) {
            FloatVector av = aS ? as : FloatVector.fromArray(S, a, ao + i);
            FloatVector bv = bS ? bs : FloatVector.fromArray(S, b, bo + i);
            binaryVec(op, av, bv).intoArray(fo, oo + i);
        }
        for (; i < n; i++) {
            fo[oo + i] = (float) op.apply(a[aS ? ao : ao + i], b[bS ? bo : bo + i]);
        }
    }

    private static FloatVector binaryVec(BinaryOp op, FloatVector a, FloatVector b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case POW -> a.lanewise(VectorOperators.POW, b);
            case MAXIMUM -> a.max(b);
            case MINIMUM -> a.min(b);
            default -> throw new AssertionError(op);
        };
    }

    private static VectorMask<Float> compareVec(BinaryOp op, FloatVector a, FloatVector b) {
        return switch (op) {
            case EQ -> a.compare(VectorOperators.EQ, b);
            case NE -> a.compare(VectorOperators.NE, b);
            case LT -> a.compare(VectorOperators.LT, b);
            case LE -> a.compare(VectorOperators.LE, b);
            case GT -> a.compare(VectorOperators.GT, b);
            case GE -> a.compare(VectorOperators.GE, b);
            default -> throw new AssertionError(op);
        };
    }

    // ---------------------------------------------------------------- where

    /** {@code cond ? a : b} broadcast; {@code cond} is BOOL, {@code a} and {@code b} float32. */
    static NDArray where(NDArray cond, NDArray a, NDArray b) {
        int[] shape = broadcastShape(broadcastShape(cond.shapeRef(), a.shapeRef()), b.shapeRef());
        float[] out = new float[Shape.numel(shape)];
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
        forRows(lay, (row, from, len) -> whereRow(cd, cond.offset() + lay.rowOffset(2, row) + (cS ? 0 : from), cS,
                ad, a.offset() + lay.rowOffset(0, row) + (aS ? 0 : from), aS,
                bd, b.offset() + lay.rowOffset(1, row) + (bS ? 0 : from), bS,
                out, lay.rowOffset(3, row) + from, len));
        return new NDArray(new Storage.Floats(out), shape);
    }

    private static void whereRow(boolean[] c, int co, boolean cS, float[] a, int ao, boolean aS,
                                 float[] b, int bo, boolean bS, float[] o, int oo, int n) {
        if (n == 0) {
            return;
        }
        FloatVector as = FloatVector.broadcast(S, a[ao]);
        FloatVector bs = FloatVector.broadcast(S, b[bo]);
        VectorMask<Float> cs = S.maskAll(c[co]);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector av = aS ? as : FloatVector.fromArray(S, a, ao + i);
            FloatVector bv = bS ? bs : FloatVector.fromArray(S, b, bo + i);
            VectorMask<Float> m = cS ? cs : VectorMask.fromArray(S, c, co + i);
            bv.blend(av, m).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = c[cS ? co : co + i] ? a[aS ? ao : ao + i] : b[bS ? bo : bo + i];
        }
    }

    private static NDArray contiguousBools(NDArray c) {
        boolean[] d = ((Storage.Bools) c.storage()).data();
        boolean[] out = new boolean[c.numel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = d[c.indexOfFlat(i)];
        }
        return new NDArray(new Storage.Bools(out), c.shapeRef().clone());
    }

    // ---------------------------------------------------------------- shared plumbing

    /** A row body: elements {@code [from, from + len)} of row {@code row}. */
    @FunctionalInterface
    interface RowBody {
        void run(int row, int from, int len);
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
            Parallel.forRange(n, GRAIN, (from, to) -> body.run(0, from, to - from));
        } else {
            Parallel.forRange(lay.rows, Math.max(1, GRAIN / Math.max(n, 1)), (from, to) -> {
                for (int r = from; r < to; r++) {
                    body.run(r, 0, n);
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

    /**
     * The error function in float64 vector lanes: the rational approximation Eigen uses for
     * float ({@code generic_fast_erf_float}, x clamped to [-4, 4]) evaluated in double has
     * error below 7e-8, so the rounded float result is within 1e-7 of erf.
     */
    static final class Erf {
        private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
        private static final VectorSpecies<Float> F = VectorSpecies.of(float.class,
                jdk.incubator.vector.VectorShape.forBitSize(D.vectorBitSize() / 2));
        private static final double[] ALPHA = {-2.72614225801306e-10f, 2.77068142495902e-08f, -2.10102402082508e-06f,
            -5.69250639462346e-05f, -7.34990630326855e-04f, -2.95459980854025e-03f, -1.60960333262415e-02f};
        private static final double[] BETA = {-1.45660718464996e-05f, -2.13374055278905e-04f, -1.68282697438203e-03f,
            -7.37332916720468e-03f, -1.42647390514189e-02f};

        private Erf() {
        }

        /** Fills {@code y} over the vectorizable prefix of {@code n}; returns its length. */
        static int erf(float[] x, int xo, float[] y, int yo, int n) {
            int step = D.length();
            int i = 0;
            for (int ub = n - n % step; i < ub; i += step) {
                DoubleVector v = (DoubleVector) FloatVector.fromArray(F, x, xo + i)
                        .convertShape(VectorOperators.F2D, D, 0);
                v = v.max(-4.0).min(4.0);
                DoubleVector x2 = v.mul(v);
                DoubleVector p = DoubleVector.broadcast(D, ALPHA[0]);
                for (int k = 1; k < ALPHA.length; k++) {
                    p = p.fma(x2, DoubleVector.broadcast(D, ALPHA[k]));
                }
                DoubleVector q = DoubleVector.broadcast(D, BETA[0]);
                for (int k = 1; k < BETA.length; k++) {
                    q = q.fma(x2, DoubleVector.broadcast(D, BETA[k]));
                }
                ((FloatVector) v.mul(p).div(q).convertShape(VectorOperators.D2F, F, 0)).intoArray(y, yo + i);
            }
            return i;
        }
    }
}
