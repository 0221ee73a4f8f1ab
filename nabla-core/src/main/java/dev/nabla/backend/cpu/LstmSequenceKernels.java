package dev.nabla.backend.cpu;

import dev.nabla.backend.HeapBudget;
import dev.nabla.backend.LstmSequenceGrads;
import dev.nabla.backend.LstmSequenceOutput;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.Storage;
import dev.nabla.backend.cpu.LstmKernels.Dense;

/**
 * float32 kernels of a whole LSTM recurrence ({@code Backend.lstmSequence} and
 * {@code lstmSequenceBackward}): per step one {@link Sgemm} product and one pass of
 * {@link LstmKernels}, reading and writing the sequence's arrays in place (no per-step
 * allocations; the sequence-long ones are checked against the heap first); the recurrent weight
 * is packed for the products once per sequence ({@link Sgemm.FixedB}), not once per step; the
 * backward's weight gradient is one product over all steps.
 */
final class LstmSequenceKernels {
    private LstmSequenceKernels() {
    }

    /** See {@code Backend.lstmSequence}; all operands float32. */
    static LstmSequenceOutput forward(NDArray xProj, NDArray w, NDArray bias, NDArray h0, NDArray c0) {
        int steps = xProj.shapeRef()[0];
        int b = h0.shapeRef()[0];
        int h = h0.shapeRef()[1];
        int bh = b * h;
        int rows = 4 * bh; // elements of one step's [B, 4H] gates
        Dense x = Dense.of(xProj);
        Dense wd = Dense.of(w);
        float[] biasRows = bias == null ? null : rowsOf(bias, b);
        float[] states = HeapBudget.floats(2L * (steps + 1) * bh);
        Dense hs = new Dense(states, 0);
        Dense cs = new Dense(states, (steps + 1) * bh);
        System.arraycopy(StridedCopy.toArray(h0), 0, states, hs.off(), bh);
        System.arraycopy(StridedCopy.toArray(c0), 0, states, cs.off(), bh);
        float[] gates = HeapBudget.floats((long) steps * rows);
        float[] z = HeapBudget.floats(rows);
        Sgemm.FixedB wt = new Sgemm.FixedB(true, b, 4 * h, h, wd.a(), wd.off(), h);
        for (int t = 0; t < steps; t++) {
            if (biasRows != null) {
                System.arraycopy(biasRows, 0, z, 0, rows);
            }
            wt.multiply(states, hs.off() + t * bh, h, z, 0, 4 * h, biasRows != null);
            LstmKernels.cell(x.plus(t * rows), new Dense(z, 0), cs.plus(t * bh), hs.plus((t + 1) * bh),
                    cs.plus((t + 1) * bh), new Dense(gates, t * rows), b, h);
        }
        return new LstmSequenceOutput(array(states, 2, steps + 1, b, h), array(gates, steps, b, 4 * h));
    }

    /** See {@code Backend.lstmSequenceBackward}; all operands float32. */
    static LstmSequenceGrads backward(NDArray g, NDArray w, boolean bias, NDArray states, NDArray gates) {
        int steps = gates.shapeRef()[0];
        int b = gates.shapeRef()[1];
        int h = gates.shapeRef()[2] / 4;
        int bh = b * h;
        int rows = 4 * bh;
        Dense gd = Dense.of(g);
        Dense gc = gd.plus((steps + 1) * bh);
        Dense wd = Dense.of(w);
        Dense hs = Dense.of(states);
        Dense cs = hs.plus((steps + 1) * bh);
        Dense gates0 = Dense.of(gates);
        float[] dz = HeapBudget.floats((long) steps * rows);
        float[] dh = HeapBudget.floats(bh);
        float[] dc = HeapBudget.floats(bh);
        float[] dcPrev = HeapBudget.floats(bh);
        System.arraycopy(gd.a(), gd.off() + steps * bh, dh, 0, bh);
        System.arraycopy(gc.a(), gc.off() + steps * bh, dc, 0, bh);
        Sgemm.FixedB wn = new Sgemm.FixedB(false, b, h, 4 * h, wd.a(), wd.off(), h);
        for (int t = steps - 1; t >= 0; t--) {
            LstmKernels.cellBackward(new Dense(dh, 0), new Dense(dc, 0), cs.plus(t * bh), cs.plus((t + 1) * bh),
                    gates0.plus(t * rows), new Dense(dz, t * rows), new Dense(dcPrev, 0), b, h);
            System.arraycopy(gd.a(), gd.off() + t * bh, dh, 0, bh);
            wn.multiply(dz, t * rows, 4 * h, dh, 0, h, true);
            for (int i = 0, o = gc.off() + t * bh; i < bh; i++) {
                dc[i] = gc.a()[o + i] + dcPrev[i];
            }
        }
        float[] dw = HeapBudget.floats(4 * h * h);
        Sgemm.sgemm(true, false, 4 * h, h, steps * b, dz, 0, 4 * h, hs.a(), hs.off(), h, dw, 0, h, false);
        NDArray db = bias ? Reductions.reduce(ReduceOp.SUM, array(dz, steps * b, 4 * h), new int[] {0}, false) : null;
        return new LstmSequenceGrads(array(dz, steps, b, 4 * h), array(dw, 4 * h, h), db, array(dh, b, h),
                array(dc, b, h));
    }

    private static NDArray array(float[] a, int... shape) {
        return new NDArray(new Storage.Floats(a), shape);
    }

    /** {@code b} copies of the bias row {@code [n]}, one after another. */
    private static float[] rowsOf(NDArray bias, int b) {
        float[] row = StridedCopy.toArray(bias);
        float[] out = HeapBudget.floats(b * row.length);
        for (int r = 0; r < b; r++) {
            System.arraycopy(row, 0, out, r * row.length, row.length);
        }
        return out;
    }
}
