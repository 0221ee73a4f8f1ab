package dev.nabla.cuda;

import static dev.nabla.cuda.Gpu.code;

import dev.nabla.backend.AdamStep;
import dev.nabla.backend.DType;
import dev.nabla.backend.LayerNormGrads;
import dev.nabla.backend.LayerNormOutput;
import dev.nabla.backend.LstmCellGrads;
import dev.nabla.backend.LstmCellOutput;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.UnaryOp;

/**
 * The fused primitives on the device ({@code fused.cu}), each one pass over memory; operands of
 * one floating dtype {@code t}, made contiguous first where they are not (the formulas are on the
 * {@code Backend} methods).
 */
final class Fused {
    private static final String FILE = "fused.cu";

    private final Gpu gpu;
    private final Elementwise ew;

    Fused(Gpu gpu, Elementwise ew) {
        this.gpu = gpu;
        this.ew = ew;
    }

    /** {@code act(x wᵀ + b)}: x {@code [n, in]}, w {@code [out, in]}, b {@code [out]} or null; the product through cuBLAS. */
    NDArray linear(NDArray x, NDArray w, NDArray b, UnaryOp activation, MatMul mm) {
        int[] ws = w.shapeRef();
        NDArray wt = w.view(new int[] {ws[1], ws[0]}, new int[] {w.stridesRef()[1], w.stridesRef()[0]}, w.offset());
        NDArray y = mm.matmul(x, wt, ew);
        long n = y.numel();
        if ((b != null || activation != null) && n > 0) {
            NDArray bias = b == null || b.dtype() == y.dtype() ? b : ew.copy(b, y.dtype());
            gpu.launch(FILE, "bias_activation", Grid.linear(n), n, (long) ws[0], code(y.dtype()), gpu.ptr(y),
                    gpu.ptr(bias), bias == null ? 0L : (long) bias.stridesRef()[0],
                    activation == null ? -1 : activation.ordinal());
        }
        return y;
    }

    /** Layer norm of each row of x {@code [rows, n]}: y, and each row's mean and rstd ({@code [rows]}). */
    LayerNormOutput layerNorm(NDArray x, NDArray weight, NDArray bias, double eps) {
        DType t = x.dtype();
        int rows = x.shapeRef()[0];
        int n = x.shapeRef()[1];
        NDArray xc = ew.contiguous(x, t);
        NDArray y = gpu.empty(t, x.shapeRef());
        NDArray mean = gpu.empty(t, new int[] {rows});
        NDArray rstd = gpu.empty(t, new int[] {rows});
        if (rows > 0) {
            gpu.launch(FILE, "layer_norm", Gpu.rows(rows), (long) rows, (long) n, code(t), gpu.ptr(xc),
                    gpu.ptr(ew.contiguous(weight, t)), gpu.ptr(ew.contiguous(bias, t)), gpu.ptr(y), gpu.ptr(mean),
                    gpu.ptr(rstd), eps);
        }
        return new LayerNormOutput(y, mean, rstd);
    }

    /** The gradients of {@link #layerNorm} asked for: dx one block per row, dweight and dbias one block per 32 columns. */
    LayerNormGrads layerNormBackward(NDArray g, NDArray x, NDArray mean, NDArray rstd, NDArray weight,
                                     boolean inputGrad, boolean weightGrad, boolean biasGrad) {
        DType t = g.dtype();
        long rows = x.shapeRef()[0];
        long n = x.shapeRef()[1];
        NDArray gc = ew.contiguous(g, t);
        NDArray xc = ew.contiguous(x, t);
        NDArray mc = ew.contiguous(mean, t);
        NDArray rc = ew.contiguous(rstd, t);
        NDArray dx = inputGrad ? gpu.empty(t, x.shapeRef()) : null;
        NDArray dw = weightGrad ? gpu.empty(t, new int[] {(int) n}) : null;
        NDArray db = biasGrad ? gpu.empty(t, new int[] {(int) n}) : null;
        if (inputGrad && rows * n > 0) {
            gpu.launch(FILE, "layer_norm_backward", Gpu.rows(rows), rows, n, code(t), gpu.ptr(gc), gpu.ptr(xc),
                    gpu.ptr(mc), gpu.ptr(rc), gpu.ptr(ew.contiguous(weight, t)), gpu.ptr(dx));
        }
        if ((weightGrad || biasGrad) && n > 0) {
            gpu.launch(FILE, "layer_norm_param_grads", Gpu.rows((n + 31) / 32), rows, n, code(t), gpu.ptr(gc), gpu.ptr(xc),
                    gpu.ptr(mc), gpu.ptr(rc), gpu.ptr(dw), gpu.ptr(db));
        }
        return new LayerNormGrads(dx, dw, db);
    }

    /** One LSTM cell step: {@code [2, B, H]} (h', c') and the activated gates {@code [B, 4H]}. */
    LstmCellOutput lstmCell(NDArray inputGates, NDArray hiddenGates, NDArray c) {
        DType t = c.dtype();
        int[] bh = c.shapeRef();
        NDArray hc = gpu.empty(t, new int[] {2, bh[0], bh[1]});
        NDArray gates = gpu.empty(t, new int[] {bh[0], 4 * bh[1]});
        long n = c.numel();
        if (n > 0) {
            gpu.launch(FILE, "lstm_cell", Grid.linear(n), n, (long) bh[1], code(t),
                    gpu.ptr(ew.contiguous(inputGates, t)), gpu.ptr(ew.contiguous(hiddenGates, t)),
                    gpu.ptr(ew.contiguous(c, t)), gpu.ptr(hc), gpu.ptr(gates));
        }
        return new LstmCellOutput(hc, gates);
    }

    /** The backward of {@link #lstmCell}: the gate-input gradient {@code [B, 4H]} and {@code dc_prev [B, H]}. */
    LstmCellGrads lstmCellBackward(NDArray dh, NDArray dc, NDArray c, NDArray cNew, NDArray gates) {
        DType t = dh.dtype();
        int[] bh = c.shapeRef();
        NDArray dGates = gpu.empty(t, new int[] {bh[0], 4 * bh[1]});
        NDArray dcPrev = gpu.empty(t, bh);
        long n = c.numel();
        if (n > 0) {
            gpu.launch(FILE, "lstm_cell_backward", Grid.linear(n), n, (long) bh[1], code(t),
                    gpu.ptr(ew.contiguous(dh, t)), gpu.ptr(ew.contiguous(dc, t)), gpu.ptr(ew.contiguous(c, t)),
                    gpu.ptr(ew.contiguous(cNew, t)), gpu.ptr(ew.contiguous(gates, t)), gpu.ptr(dGates),
                    gpu.ptr(dcPrev));
        }
        return new LstmCellGrads(dGates, dcPrev);
    }

    /** Whether {@link #adamStep} can update these arrays in place (contiguous, of p's floating dtype). */
    static boolean canAdam(NDArray p, NDArray m, NDArray v, NDArray vMax) {
        DType t = p.dtype();
        boolean ok = t.isFloatingPoint();
        for (NDArray a : new NDArray[] {p, m, v, vMax}) {
            ok &= a == null || (a.isContiguous() && a.dtype() == t);
        }
        return ok;
    }

    /** One Adam/AdamW step in place (arrays accepted by {@link #canAdam}). */
    void adamStep(NDArray p, NDArray g, NDArray m, NDArray v, NDArray vMax, AdamStep h) {
        long n = p.numel();
        if (n > 0) {
            DType t = p.dtype();
            gpu.launch(FILE, "adam_step", Grid.linear(n), n, code(t), gpu.ptr(p), gpu.ptr(ew.contiguous(g, t)),
                    gpu.ptr(m), gpu.ptr(v), gpu.ptr(vMax), h.lr(), h.beta1(), h.beta2(), h.eps(), h.weightDecay(),
                    h.decoupled() ? 1 : 0, h.biasCorrection1(), h.biasCorrection2());
        }
    }
}
