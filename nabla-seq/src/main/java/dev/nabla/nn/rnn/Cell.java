package dev.nabla.nn.rnn;

import dev.nabla.backend.Shape;
import dev.nabla.nn.Init;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * One time step of a recurrence as a module, the common part of {@link RNNCell},
 * {@link LSTMCell} and {@link GRUCell}: {@link #step} maps an input {@code [B, in]} and a state ({@code h}, and
 * {@code c} for LSTM, each {@code [B, H]}) to the next state, with the equations of
 * {@link CellType}. Parameters {@code weight_ih} {@code [gates*H, in]}, {@code weight_hh}
 * {@code [gates*H, H]}, {@code bias_ih}, {@code bias_hh} {@code [gates*H]}, from
 * {@code U(-1/sqrt(H), 1/sqrt(H))}.
 */
public abstract class Cell extends Module {
    private final CellType type;
    private final int inputSize;
    private final int hiddenSize;
    public final Parameter weightIh;
    public final Parameter weightHh;
    public final Parameter biasIh;
    public final Parameter biasHh;

    protected Cell(CellType type, int inputSize, int hiddenSize, boolean bias, Generator gen) {
        this.type = type;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        int g = type.gates() * hiddenSize;
        weightIh = registerParameter("weight_ih", Tensor.zeros(g, inputSize));
        weightHh = registerParameter("weight_hh", Tensor.zeros(g, hiddenSize));
        biasIh = bias ? registerParameter("bias_ih", Tensor.zeros(g)) : null;
        biasHh = bias ? registerParameter("bias_hh", Tensor.zeros(g)) : null;
        double k = 1 / Math.sqrt(hiddenSize);
        for (Parameter p : parameters()) {
            Init.uniform(p, -k, k, gen);
        }
    }

    /** {@code torch.nn.LSTMCell(in, hidden)}. */
    public static LSTMCell lstm(int inputSize, int hiddenSize) {
        return new LSTMCell(inputSize, hiddenSize);
    }

    /** {@code torch.nn.GRUCell(in, hidden)}. */
    public static GRUCell gru(int inputSize, int hiddenSize) {
        return new GRUCell(inputSize, hiddenSize);
    }

    /** {@code torch.nn.RNNCell(in, hidden)} with tanh. */
    public static RNNCell rnn(int inputSize, int hiddenSize) {
        return new RNNCell(inputSize, hiddenSize);
    }

    /** Size of the input features. */
    public int inputSize() {
        return inputSize;
    }

    /** Size of the hidden state H. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** The cell's recurrence. */
    public CellType type() {
        return type;
    }

    /**
     * The next state from input {@code x} ({@code [B, in]} or unbatched {@code [in]}) and states
     * {@code h}, {@code c} ({@code [B, H]} or {@code [H]}; null for zeros; {@code c} only for LSTM).
     */
    public CellType.State step(Tensor x, Tensor h, Tensor c) {
        boolean unbatched = x.dim() == 1;
        Tensor xb = unbatched ? x.unsqueeze(0) : x;
        Tensor zero = x.newZeros(xb.size(0), hiddenSize);
        Tensor hb = h == null ? zero : unbatched ? h.unsqueeze(0) : h;
        Tensor cb = type != CellType.LSTM ? null : c == null ? zero : unbatched ? c.unsqueeze(0) : c;
        CellType.State s = step(xb, new CellType.State(hb, cb));
        return unbatched ? new CellType.State(s.h().squeeze(0), s.c() == null ? null : s.c().squeeze(0)) : s;
    }

    /** The next state from input {@code x} {@code [B, in]} and state {@code s}. */
    public CellType.State step(Tensor x, CellType.State s) {
        if (x.dim() != 2 || x.size(1) != inputSize || !java.util.Arrays.equals(s.h().shape(), new int[] {x.size(0), hiddenSize})
                || (type == CellType.LSTM && (s.c() == null || !java.util.Arrays.equals(s.c().shape(), s.h().shape())))) {
            throw new IllegalArgumentException(type + " cell: expected input [B, " + inputSize + "] and state [B, "
                    + hiddenSize + "], got " + Shape.str(x.shape()) + " and " + Shape.str(s.h().shape()));
        }
        return type.step(x.linear(weightIh, biasIh), s, weightHh, biasHh);
    }

    /** The next hidden state from zero state (for RNN and GRU cells; an LSTM cell also starts from c = 0). */
    @Override
    public Tensor forward(Tensor x) {
        return step(x, null, null).h();
    }
}
