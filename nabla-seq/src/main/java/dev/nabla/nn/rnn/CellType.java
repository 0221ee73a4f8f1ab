package dev.nabla.nn.rnn;

import dev.nabla.ops.LstmCell;
import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * The recurrences, with PyTorch's equations and gate orders. Given the input projection
 * {@code p = x W_ih^T + b_ih} ({@code [B, gates*H]}) and the previous state, one time step is:
 * <pre>
 * RNN:  h' = act(p + h W_hh^T + b_hh)                               act = tanh or relu
 * LSTM: i, f, g, o = chunks of p + h W_hh^T + b_hh
 *       c' = sigmoid(f) * c + sigmoid(i) * tanh(g);  h' = sigmoid(o) * tanh(c')
 * GRU:  q = h W_hh^T + b_hh;  r = sigmoid(p_r + q_r);  z = sigmoid(p_z + q_z)
 *       n = tanh(p_n + r * q_n);  h' = (1 - z) * n + z * h
 * </pre>
 */
public enum CellType {
    RNN_TANH(1), RNN_RELU(1), LSTM(4), GRU(3);

    private final int gates;

    CellType(int gates) {
        this.gates = gates;
    }

    /** Number of gate blocks of size H in the weight matrices (4 for LSTM, 3 for GRU, 1 otherwise). */
    public int gates() {
        return gates;
    }

    /** A recurrent state: hidden {@code h} {@code [B, H]} and, for LSTM, cell {@code c} {@code [B, H]}. */
    public record State(Tensor h, Tensor c) {
    }

    /**
     * One time step from the projected input {@code p} ({@code [B, gates*H]}) and state {@code s}
     * with the hidden-to-hidden weight {@code wHh} ({@code [gates*H, H]}) and bias (or null). All
     * the gate maths of every recurrent layer and cell is here; LSTM's is one fused op
     * ({@link LstmCell}), whose {@code [2, B, H]} result is cut by {@link SequenceOps#unbind}.
     */
    public State step(Tensor p, State s, Tensor wHh, Tensor bHh) {
        Tensor q = s.h().linear(wHh, bHh);
        return switch (this) {
            case RNN_TANH -> new State(p.add(q).tanh(), null);
            case RNN_RELU -> new State(p.add(q).relu(), null);
            case LSTM -> {
                List<Tensor> hc = SequenceOps.unbind(LstmCell.apply(p, q, s.c()), 0);
                yield new State(hc.get(0), hc.get(1));
            }
            case GRU -> {
                List<Tensor> pi = SequenceOps.chunk(p, 3, -1);
                List<Tensor> qi = SequenceOps.chunk(q, 3, -1);
                Tensor r = pi.get(0).add(qi.get(0)).sigmoid();
                Tensor z = pi.get(1).add(qi.get(1)).sigmoid();
                Tensor n = pi.get(2).add(r.mul(qi.get(2))).tanh();
                yield new State(n.add(z.mul(s.h().sub(n))), null);
            }
        };
    }
}
