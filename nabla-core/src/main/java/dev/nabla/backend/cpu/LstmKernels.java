package dev.nabla.backend.cpu;

import dev.nabla.backend.LstmCellGrads;
import dev.nabla.backend.LstmCellOutput;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Storage;
import dev.nabla.backend.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 kernels of the fused LSTM cell ({@code Backend.lstmCell} and {@code lstmCellBackward}):
 * one pass over a time step's gates instead of about twelve elementwise ops, each allocating a
 * {@code [B, H]} or {@code [B, 4H]} array. Along a row (one batch entry) a vector loop runs over
 * the hidden units, with a scalar tail in float64, rounded; rows are split across threads only
 * when the step is large.
 */
final class LstmKernels {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();
    /** {@code [B, H]} elements per parallel chunk. */
    private static final int GRAIN = 1 << 14;

    static {
        Elementwise.ensureLoaded(); // resolves the native lanewise math routines first
    }

    private LstmKernels() {
    }

    /** A float32 operand as its backing array and the index of its first element (copied if not contiguous). */
    private record Dense(float[] a, int off) {
        static Dense of(NDArray x) {
            NDArray d = StridedCopy.contiguous(x);
            return new Dense(StridedCopy.data(d), d.offset());
        }
    }

    /** See {@code Backend.lstmCell}; all operands float32. */
    static LstmCellOutput forward(NDArray inputGates, NDArray hiddenGates, NDArray c) {
        int b = c.shapeRef()[0];
        int h = c.shapeRef()[1];
        Dense x = Dense.of(inputGates);
        Dense y = Dense.of(hiddenGates);
        Dense cd = Dense.of(c);
        float[] hc = new float[2 * b * h];
        float[] gates = new float[4 * b * h];
        Parallel.forRange(b, rowGrain(h), (from, to) -> forwardRows(x, y, cd, hc, gates, b, h, from, to));
        return new LstmCellOutput(new NDArray(new Storage.Floats(hc), new int[] {2, b, h}),
                new NDArray(new Storage.Floats(gates), new int[] {b, 4 * h}));
    }

    /** See {@code Backend.lstmCellBackward}; all operands float32. */
    static LstmCellGrads backward(NDArray dh, NDArray dc, NDArray c, NDArray cNew, NDArray gates) {
        int b = c.shapeRef()[0];
        int h = c.shapeRef()[1];
        Dense dhd = Dense.of(dh);
        Dense dcd = Dense.of(dc);
        Dense cd = Dense.of(c);
        Dense cnd = Dense.of(cNew);
        Dense gd = Dense.of(gates);
        float[] dz = new float[4 * b * h];
        float[] dcPrev = new float[b * h];
        Parallel.forRange(b, rowGrain(h), (from, to) -> backwardRows(dhd, dcd, cd, cnd, gd, dz, dcPrev, h, from, to));
        return new LstmCellGrads(new NDArray(new Storage.Floats(dz), new int[] {b, 4 * h}),
                new NDArray(new Storage.Floats(dcPrev), new int[] {b, h}));
    }

    private static int rowGrain(int h) {
        return Math.max(1, GRAIN / Math.max(h, 1));
    }

    /** Rows {@code [from, to)}: h' into {@code hc[0]}, c' into {@code hc[1]} (at {@code b*h}), activated gates. */
    private static void forwardRows(Dense x, Dense y, Dense cd, float[] hc, float[] gates, int b, int h,
                                    int from, int to) {
        float[] xa = x.a();
        float[] ya = y.a();
        float[] ca = cd.a();
        int ub = S.loopBound(h);
        for (int r = from; r < to; r++) {
            int z = 4 * h * r; // row start in the [B, 4H] arrays
            int xo = x.off() + z;
            int yo = y.off() + z;
            int co = cd.off() + h * r;
            int ho = h * r;
            int cn = h * (b + r);
            int j = 0;
            for (; j < ub; j += L) {
                FloatVector i = UnaryKernels.sigmoid(sum(xa, xo + j, ya, yo + j));
                FloatVector f = UnaryKernels.sigmoid(sum(xa, xo + h + j, ya, yo + h + j));
                FloatVector g = sum(xa, xo + 2 * h + j, ya, yo + 2 * h + j).lanewise(VectorOperators.TANH);
                FloatVector o = UnaryKernels.sigmoid(sum(xa, xo + 3 * h + j, ya, yo + 3 * h + j));
                FloatVector c = f.mul(FloatVector.fromArray(S, ca, co + j)).add(i.mul(g));
                o.mul(c.lanewise(VectorOperators.TANH)).intoArray(hc, ho + j);
                c.intoArray(hc, cn + j);
                i.intoArray(gates, z + j);
                f.intoArray(gates, z + h + j);
                g.intoArray(gates, z + 2 * h + j);
                o.intoArray(gates, z + 3 * h + j);
            }
            for (; j < h; j++) {
                double i = UnaryOp.SIGMOID.apply(xa[xo + j] + ya[yo + j]);
                double f = UnaryOp.SIGMOID.apply(xa[xo + h + j] + ya[yo + h + j]);
                double g = Math.tanh(xa[xo + 2 * h + j] + ya[yo + 2 * h + j]);
                double o = UnaryOp.SIGMOID.apply(xa[xo + 3 * h + j] + ya[yo + 3 * h + j]);
                double c = f * ca[co + j] + i * g;
                hc[ho + j] = (float) (o * Math.tanh(c));
                hc[cn + j] = (float) c;
                gates[z + j] = (float) i;
                gates[z + h + j] = (float) f;
                gates[z + 2 * h + j] = (float) g;
                gates[z + 3 * h + j] = (float) o;
            }
        }
    }

    private static FloatVector sum(float[] a, int ai, float[] b, int bi) {
        return FloatVector.fromArray(S, a, ai).add(FloatVector.fromArray(S, b, bi));
    }

    /** Rows {@code [from, to)} of the gate gradient {@code dz} and the previous cell's gradient {@code dcPrev}. */
    private static void backwardRows(Dense dh, Dense dc, Dense cd, Dense cnd, Dense gd, float[] dz, float[] dcPrev,
                                     int h, int from, int to) {
        float[] dha = dh.a();
        float[] dca = dc.a();
        float[] ca = cd.a();
        float[] cna = cnd.a();
        float[] ga = gd.a();
        FloatVector one = FloatVector.broadcast(S, 1f);
        int ub = S.loopBound(h);
        for (int r = from; r < to; r++) {
            int z = 4 * h * r; // row start in the [B, 4H] arrays
            int go = gd.off() + z;
            int s = h * r; // row start in the [B, H] arrays
            int dho = dh.off() + s;
            int dco = dc.off() + s;
            int co = cd.off() + s;
            int cno = cnd.off() + s;
            int j = 0;
            for (; j < ub; j += L) {
                FloatVector i = FloatVector.fromArray(S, ga, go + j);
                FloatVector f = FloatVector.fromArray(S, ga, go + h + j);
                FloatVector g = FloatVector.fromArray(S, ga, go + 2 * h + j);
                FloatVector o = FloatVector.fromArray(S, ga, go + 3 * h + j);
                FloatVector tc = FloatVector.fromArray(S, cna, cno + j).lanewise(VectorOperators.TANH);
                FloatVector dhv = FloatVector.fromArray(S, dha, dho + j);
                FloatVector total = dhv.mul(o).mul(one.sub(tc.mul(tc))).add(FloatVector.fromArray(S, dca, dco + j));
                total.mul(g).mul(i.mul(one.sub(i))).intoArray(dz, z + j);
                total.mul(FloatVector.fromArray(S, ca, co + j)).mul(f.mul(one.sub(f))).intoArray(dz, z + h + j);
                total.mul(i).mul(one.sub(g.mul(g))).intoArray(dz, z + 2 * h + j);
                dhv.mul(tc).mul(o.mul(one.sub(o))).intoArray(dz, z + 3 * h + j);
                total.mul(f).intoArray(dcPrev, s + j);
            }
            for (; j < h; j++) {
                double i = ga[go + j];
                double f = ga[go + h + j];
                double g = ga[go + 2 * h + j];
                double o = ga[go + 3 * h + j];
                double tc = Math.tanh(cna[cno + j]);
                double total = dha[dho + j] * o * (1 - tc * tc) + dca[dco + j];
                dz[z + j] = (float) (total * g * i * (1 - i));
                dz[z + h + j] = (float) (total * ca[co + j] * f * (1 - f));
                dz[z + 2 * h + j] = (float) (total * i * (1 - g * g));
                dz[z + 3 * h + j] = (float) (dha[dho + j] * tc * o * (1 - o));
                dcPrev[s + j] = (float) (total * f);
            }
        }
    }
}
