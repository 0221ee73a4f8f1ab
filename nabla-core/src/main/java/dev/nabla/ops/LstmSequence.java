package dev.nabla.ops;

import dev.nabla.autograd.GradMode;
import dev.nabla.backend.Backend;
import dev.nabla.backend.LstmSequenceGrads;
import dev.nabla.backend.LstmSequenceOutput;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A whole LSTM recurrence of one layer in one direction as one op (cuDNN's RNN forward and
 * backward): one forward and one backward pass ({@code Backend.lstmSequence},
 * {@code lstmSequenceBackward}) instead of a linear and an {@link LstmCell} node per step, and
 * in the backward one weight-gradient product over all steps instead of one per step. For
 * {@code t = 0 .. T-1}:
 * <pre>
 * z = xProj[t] + h_t W_hh^T + b_hh;  i, f, g, o = sigmoid, sigmoid, tanh, sigmoid of z's blocks
 * c_{t+1} = f * c_t + i * g;  h_{t+1} = o * tanh(c_{t+1})
 * </pre>
 *
 * <p>Shape: {@code xProj} ({@code x W_ih^T + b_ih}) {@code [T, B, 4H]}, {@code wHh}
 * {@code [4H, H]}, {@code bHh} {@code [4H]} or null, {@code h0} and {@code c0} {@code [B, H]}.
 * The result is {@code [2, T+1, B, H]} (one autograd node has one output): {@code [0]} holds
 * {@code h_0 .. h_T}, {@code [1]} holds {@code c_0 .. c_T}. The per-step outputs are
 * {@code select(0, 0).narrow(0, 1, T)}, the final states {@code select(0, k).select(0, T)}.
 */
public final class LstmSequence {
    private static final String OP = "lstmSequence";

    private LstmSequence() {
    }

    /** All hidden states and cells, {@code [2, T+1, B, H]}. */
    public static Tensor apply(Tensor xProj, Tensor wHh, Tensor bHh, Tensor h0, Tensor c0) {
        check(xProj, wHh, bHh, h0, c0);
        Backend be = h0.backend();
        LstmSequenceOutput out = be.lstmSequence(xProj.data(), wHh.data(), bHh == null ? null : bHh.data(),
                h0.data(), c0.data());
        return OpSupport.saving(OpSupport.result(OP, out.states(), h0, g -> {
            if (GradMode.isEnabled()) {
                return OpSupport.viaComposite(g, t -> composite(t[0], t[1], t[2], t[3], t[4]), xProj, wHh, bHh, h0, c0);
            }
            NDArray gd = (g.dtype() == h0.dtype() ? g : g.to(h0.dtype())).data();
            LstmSequenceGrads d = be.lstmSequenceBackward(gd, wHh.data(), bHh != null, out.states(), out.gates());
            return new Tensor[] {wrap(d.dxProj(), be), wrap(d.dw(), be), wrap(d.db(), be), wrap(d.dh0(), be),
                wrap(d.dc0(), be)};
        }, xProj, wHh, bHh, h0, c0), wHh.data(), out.states());
    }

    /** The recurrence as per-step {@link LstmCell} ops (the recorded backward differentiates it). */
    static Tensor composite(Tensor xProj, Tensor wHh, Tensor bHh, Tensor h0, Tensor c0) {
        List<Tensor> hs = new ArrayList<>(List.of(h0));
        List<Tensor> cs = new ArrayList<>(List.of(c0));
        for (int t = 0; t < xProj.size(0); t++) {
            Tensor hc = LstmCell.apply(xProj.select(0, t), hs.getLast().linear(wHh, bHh), cs.getLast());
            hs.add(hc.select(0, 0));
            cs.add(hc.select(0, 1));
        }
        return Tensor.stack(List.of(Tensor.stack(hs, 0), Tensor.stack(cs, 0)), 0);
    }

    private static void check(Tensor xProj, Tensor wHh, Tensor bHh, Tensor h0, Tensor c0) {
        for (Tensor t : new Tensor[] {xProj, wHh, bHh, c0}) {
            if (t != null) {
                OpSupport.sameBackend(OP, h0, t);
            }
        }
        OpSupport.requireFloat(OP, h0);
        int[] hs = h0.data().shapeRef();
        boolean ok = hs.length == 2 && Arrays.equals(c0.data().shapeRef(), hs)
                && Arrays.equals(wHh.data().shapeRef(), new int[] {4 * hs[1], hs[1]})
                && (bHh == null || Arrays.equals(bHh.data().shapeRef(), new int[] {4 * hs[1]}))
                && xProj.dim() == 3 && xProj.size(1) == hs[0] && xProj.size(2) == 4 * hs[1];
        if (!ok) {
            throw new IllegalArgumentException(OP + ": expected xProj [T, B, 4H], W_hh [4H, H], b_hh [4H], h0 and c0 "
                    + "[B, H], got xProj " + shape(xProj) + ", W_hh " + shape(wHh) + ", b_hh " + shape(bHh) + ", h0 "
                    + shape(h0) + " and c0 " + shape(c0));
        }
        for (Tensor t : new Tensor[] {xProj, wHh, bHh, c0}) {
            if (t != null && t.dtype() != h0.dtype()) {
                throw new IllegalArgumentException(OP + ": dtypes differ: xProj " + xProj.dtype().shortName()
                        + ", W_hh " + wHh.dtype().shortName() + (bHh == null ? "" : ", b_hh " + bHh.dtype().shortName())
                        + ", h0 " + h0.dtype().shortName() + ", c0 " + c0.dtype().shortName());
            }
        }
    }

    private static String shape(Tensor t) {
        return t == null ? "null" : Shape.str(t.data().shapeRef());
    }

    private static Tensor wrap(NDArray a, Backend be) {
        return a == null ? null : new Tensor(a, be);
    }
}
