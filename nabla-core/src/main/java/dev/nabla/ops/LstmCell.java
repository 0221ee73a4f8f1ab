package dev.nabla.ops;

import dev.nabla.backend.Backend;
import dev.nabla.backend.LstmCellGrads;
import dev.nabla.backend.LstmCellOutput;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * The gate maths of one LSTM time step as one op, as the fused LSTM cells of cuDNN and PyTorch:
 * one forward pass and one backward pass ({@code Backend.lstmCell}, {@code lstmCellBackward})
 * instead of about twelve elementwise ops per step. With {@code z = inputGates + hiddenGates}
 * cut into blocks {@code i, f, g, o} (PyTorch's order):
 * <pre>
 * c' = sigmoid(z_f) * c + sigmoid(z_i) * tanh(z_g);  h' = sigmoid(z_o) * tanh(c')
 * </pre>
 *
 * <p>Shape: {@code inputGates} ({@code x W_ih^T + b_ih}) and {@code hiddenGates}
 * ({@code h W_hh^T + b_hh}) {@code [B, 4H]}, {@code c} {@code [B, H]}; the result is
 * {@code [2, B, H]}, {@code h'} stacked on {@code c'} (one autograd node has one output): take
 * them apart with {@code select(0, 0)} and {@code select(0, 1)}. Both gate inputs get the same
 * gradient {@code dz}.
 */
public final class LstmCell {
    private LstmCell() {
    }

    /** {@code h'} and {@code c'} stacked, {@code [2, B, H]}. */
    public static Tensor apply(Tensor inputGates, Tensor hiddenGates, Tensor c) {
        OpSupport.sameBackend("lstmCell", c, inputGates);
        OpSupport.sameBackend("lstmCell", c, hiddenGates);
        OpSupport.requireFloat("lstmCell", c);
        int[] cs = c.data().shapeRef();
        int[] want = cs.length == 2 ? new int[] {cs[0], 4 * cs[1]} : null;
        if (want == null || !Arrays.equals(inputGates.data().shapeRef(), want)
                || !Arrays.equals(hiddenGates.data().shapeRef(), want)) {
            throw new IllegalArgumentException("lstmCell: expected gates [B, 4H] and cell [B, H], got input gates "
                    + Shape.str(inputGates.data().shapeRef()) + ", hidden gates "
                    + Shape.str(hiddenGates.data().shapeRef()) + " and cell " + Shape.str(cs));
        }
        if (inputGates.dtype() != c.dtype() || hiddenGates.dtype() != c.dtype()) {
            throw new IllegalArgumentException("lstmCell: dtypes differ: input gates " + inputGates.dtype().shortName()
                    + ", hidden gates " + hiddenGates.dtype().shortName() + ", cell " + c.dtype().shortName());
        }
        Backend be = c.backend();
        LstmCellOutput out = be.lstmCell(inputGates.data(), hiddenGates.data(), c.data());
        return OpSupport.saving(OpSupport.result("lstmCell", out.hc(), c, g -> {
            if (dev.nabla.autograd.GradMode.isEnabled()) {
                return OpSupport.viaComposite(g, t -> composite(t[0], t[1], t[2]), inputGates, hiddenGates, c);
            }
            NDArray gd = (g.dtype() == c.dtype() ? g : g.to(c.dtype())).data();
            LstmCellGrads d = be.lstmCellBackward(half(gd, 0), half(gd, 1), c.data(), half(out.hc(), 1), out.gates());
            Tensor dz = new Tensor(d.dGates(), be);
            return new Tensor[] {dz, dz, new Tensor(d.dc(), be)};
        }, inputGates, hiddenGates, c), c.data(), out.hc());
    }

    /** The cell in plain tensor ops (the recorded backward differentiates it). */
    private static Tensor composite(Tensor inputGates, Tensor hiddenGates, Tensor c) {
        java.util.List<Tensor> z = inputGates.add(hiddenGates).chunk(4, 1);
        Tensor cNew = z.get(1).sigmoid().mul(c).add(z.get(0).sigmoid().mul(z.get(2).tanh()));
        Tensor h = z.get(3).sigmoid().mul(cNew.tanh());
        return Tensor.stack(java.util.List.of(h, cNew), 0);
    }

    /** {@code a[k]} of a {@code [2, B, H]} array, as a view. */
    private static NDArray half(NDArray a, int k) {
        int[] sh = a.shapeRef();
        int[] st = a.stridesRef();
        return a.view(new int[] {sh[1], sh[2]}, new int[] {st[1], st[2]}, a.offset() + k * st[0]);
    }
}
