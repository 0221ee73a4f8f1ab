package dev.nabla.backend.cpu;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.HeapBudget;
import dev.nabla.backend.LstmCellGrads;
import dev.nabla.backend.LstmCellOutput;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Storage;
import jdk.incubator.vector.FloatVector;
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

    private LstmKernels() {
    }

    /** A contiguous float32 block: its backing array and the index of its first element. */
    record Dense(float[] a, int off) {
        /** {@code x}'s elements (copied if not contiguous). */
        static Dense of(NDArray x) {
            NDArray d = StridedCopy.contiguous(x);
            return new Dense(StridedCopy.data(d), d.offset());
        }

        /** The block {@code n} elements further on. */
        Dense plus(int n) {
            return new Dense(a, off + n);
        }
    }

    /** See {@code Backend.lstmCell}; all operands float32. */
    static LstmCellOutput forward(NDArray inputGates, NDArray hiddenGates, NDArray c) {
        int b = c.shapeRef()[0];
        int h = c.shapeRef()[1];
        Dense x = Dense.of(inputGates);
        Dense y = Dense.of(hiddenGates);
        Dense cd = Dense.of(c);
        float[] hc = HeapBudget.floats(2 * b * h);
        float[] gates = HeapBudget.floats(4 * b * h);
        cell(x, y, cd, new Dense(hc, 0), new Dense(hc, b * h), new Dense(gates, 0), b, h);
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
        float[] dz = HeapBudget.floats(4 * b * h);
        float[] dcPrev = HeapBudget.floats(b * h);
        cellBackward(dhd, dcd, cd, cnd, gd, new Dense(dz, 0), new Dense(dcPrev, 0), b, h);
        return new LstmCellGrads(new NDArray(new Storage.Floats(dz), new int[] {b, 4 * h}),
                new NDArray(new Storage.Floats(dcPrev), new int[] {b, h}));
    }

    /**
     * One step's forward over {@code b} rows of {@code h} units: gate pre-activations
     * {@code x + y} ({@code [B, 4H]} blocks), cell {@code c}; writes {@code h'}, {@code c'}
     * ({@code [B, H]}) and the activated gates ({@code [B, 4H]}).
     */
    static void cell(Dense x, Dense y, Dense c, Dense hOut, Dense cOut, Dense gates, int b, int h) {
        Parallel.forRange(b, rowGrain(h), (from, to) -> forwardRows(x, y, c, hOut, cOut, gates, h, from, to));
    }

    /**
     * One step's backward: writes {@code dz} ({@code [B, 4H]}) and {@code dcPrev} ({@code [B, H]}),
     * which holds {@code tanh(c')} until its row is done, so must not alias an input.
     */
    static void cellBackward(Dense dh, Dense dc, Dense c, Dense cNew, Dense gates, Dense dz, Dense dcPrev,
                             int b, int h) {
        Parallel.forRange(b, rowGrain(h), (from, to) -> backwardRows(dh, dc, c, cNew, gates, dz, dcPrev, h, from, to));
    }

    private static int rowGrain(int h) {
        return Math.max(1, GRAIN / Math.max(h, 1));
    }

    /**
     * Rows {@code [from, to)} of {@link #cell}, each in passes: the pre-activations into the gates,
     * the gates' activations in place, {@code c' = f c + i g}, {@code h' = tanh(c')}, {@code h' *= o}.
     */
    private static void forwardRows(Dense x, Dense y, Dense cd, Dense hOut, Dense cOut, Dense gd, int h,
                                    int from, int to) {
        float[] ca = cd.a();
        float[] hc = hOut.a();
        float[] cna = cOut.a();
        float[] gates = gd.a();
        int ub = S.loopBound(h);
        for (int r = from; r < to; r++) {
            int z = gd.off() + 4 * h * r;
            int co = cd.off() + h * r;
            int ho = hOut.off() + h * r;
            int cn = cOut.off() + h * r;
            Elementwise.binaryRow(BinaryOp.ADD, x.a(), x.off() + 4 * h * r, -1, y.a(), y.off() + 4 * h * r, -1,
                    gates, null, z, 4 * h);
            VectorMath.sigmoid(gates, z, gates, z, 2 * h); // i, f
            VectorMath.tanh(gates, z + 2 * h, gates, z + 2 * h, h); // g
            VectorMath.sigmoid(gates, z + 3 * h, gates, z + 3 * h, h); // o
            int j = 0;
            for (; j < ub; j += L) {
                FloatVector i = FloatVector.fromArray(S, gates, z + j);
                FloatVector f = FloatVector.fromArray(S, gates, z + h + j);
                FloatVector g = FloatVector.fromArray(S, gates, z + 2 * h + j);
                f.mul(FloatVector.fromArray(S, ca, co + j)).add(i.mul(g)).intoArray(cna, cn + j);
            }
            for (; j < h; j++) {
                cna[cn + j] = gates[z + h + j] * ca[co + j] + gates[z + j] * gates[z + 2 * h + j];
            }
            VectorMath.tanh(cna, cn, hc, ho, h);
            Elementwise.binaryRow(BinaryOp.MUL, hc, ho, -1, gates, z + 3 * h, -1, hc, null, ho, h);
        }
    }

    /** Rows {@code [from, to)} of the gate gradient {@code dz} and the previous cell's gradient {@code dcPrev}. */
    private static void backwardRows(Dense dh, Dense dc, Dense cd, Dense cnd, Dense gd, Dense dzd, Dense dcd,
                                     int h, int from, int to) {
        float[] dha = dh.a();
        float[] dca = dc.a();
        float[] ca = cd.a();
        float[] cna = cnd.a();
        float[] ga = gd.a();
        float[] dz = dzd.a();
        float[] dcPrev = dcd.a();
        FloatVector one = FloatVector.broadcast(S, 1f);
        int ub = S.loopBound(h);
        for (int r = from; r < to; r++) {
            int go = gd.off() + 4 * h * r;
            int z = dzd.off() + 4 * h * r;
            int p = dcd.off() + h * r;
            int s = h * r; // row offset in the [B, H] arrays
            int dho = dh.off() + s;
            int dco = dc.off() + s;
            int co = cd.off() + s;
            int cno = cnd.off() + s;
            VectorMath.tanh(cna, cno, dcPrev, p, h); // tanh(c'), read below before dcPrev is written
            int j = 0;
            for (; j < ub; j += L) {
                FloatVector i = FloatVector.fromArray(S, ga, go + j);
                FloatVector f = FloatVector.fromArray(S, ga, go + h + j);
                FloatVector g = FloatVector.fromArray(S, ga, go + 2 * h + j);
                FloatVector o = FloatVector.fromArray(S, ga, go + 3 * h + j);
                FloatVector tc = FloatVector.fromArray(S, dcPrev, p + j);
                FloatVector dhv = FloatVector.fromArray(S, dha, dho + j);
                FloatVector total = dhv.mul(o).mul(one.sub(tc.mul(tc))).add(FloatVector.fromArray(S, dca, dco + j));
                total.mul(g).mul(i.mul(one.sub(i))).intoArray(dz, z + j);
                total.mul(FloatVector.fromArray(S, ca, co + j)).mul(f.mul(one.sub(f))).intoArray(dz, z + h + j);
                total.mul(i).mul(one.sub(g.mul(g))).intoArray(dz, z + 2 * h + j);
                dhv.mul(tc).mul(o.mul(one.sub(o))).intoArray(dz, z + 3 * h + j);
                total.mul(f).intoArray(dcPrev, p + j);
            }
            for (; j < h; j++) {
                double i = ga[go + j];
                double f = ga[go + h + j];
                double g = ga[go + 2 * h + j];
                double o = ga[go + 3 * h + j];
                double tc = dcPrev[p + j];
                double total = dha[dho + j] * o * (1 - tc * tc) + dca[dco + j];
                dz[z + j] = (float) (total * g * i * (1 - i));
                dz[z + h + j] = (float) (total * ca[co + j] * f * (1 - f));
                dz[z + 2 * h + j] = (float) (total * i * (1 - g * g));
                dz[z + 3 * h + j] = (float) (dha[dho + j] * tc * o * (1 - o));
                dcPrev[p + j] = (float) (total * f);
            }
        }
    }
}
