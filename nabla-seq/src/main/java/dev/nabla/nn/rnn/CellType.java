package dev.nabla.nn.rnn;

import dev.nabla.tensor.Tensor;

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
     * with the hidden-to-hidden weight {@code wHh} ({@code [gates*H, H]}) and bias (or null).
     */
    public State step(Tensor p, State s, Tensor wHh, Tensor bHh) {
        int hidden = s.h().size(-1);
        Tensor q = s.h().linear(wHh, bHh);
        return switch (this) {
            case RNN_TANH -> new State(p.add(q).tanh(), null);
            case RNN_RELU -> new State(p.add(q).relu(), null);
            case LSTM -> {
                Tensor gates = p.add(q);
                Tensor i = gates.narrow(-1, 0, hidden).sigmoid();
                Tensor f = gates.narrow(-1, hidden, hidden).sigmoid();
                Tensor g = gates.narrow(-1, 2 * hidden, hidden).tanh();
                Tensor o = gates.narrow(-1, 3 * hidden, hidden).sigmoid();
                Tensor c = f.mul(s.c()).add(i.mul(g));
                yield new State(o.mul(c.tanh()), c);
            }
            case GRU -> {
                Tensor r = p.narrow(-1, 0, hidden).add(q.narrow(-1, 0, hidden)).sigmoid();
                Tensor z = p.narrow(-1, hidden, hidden).add(q.narrow(-1, hidden, hidden)).sigmoid();
                Tensor n = p.narrow(-1, 2 * hidden, hidden).add(r.mul(q.narrow(-1, 2 * hidden, hidden))).tanh();
                yield new State(n.add(z.mul(s.h().sub(n))), null);
            }
        };
    }
}
