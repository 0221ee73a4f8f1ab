package dev.nabla.nn.rnn;

import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.nn.Init;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * One time step of a recurrence as a module, as {@code torch.nn.RNNCell}, {@code LSTMCell} and
 * {@code GRUCell}: {@link #step} maps an input {@code [B, in]} and a state ({@code h}, and
 * {@code c} for LSTM, each {@code [B, H]}) to the next state, with the equations of
 * {@link CellType}. Parameters {@code weight_ih} {@code [gates*H, in]}, {@code weight_hh}
 * {@code [gates*H, H]}, {@code bias_ih}, {@code bias_hh} {@code [gates*H]}, from
 * {@code U(-1/sqrt(H), 1/sqrt(H))}.
 */
public class Cell extends Module {
    private final CellType type;
    private final int inputSize;
    private final int hiddenSize;
    public final Parameter weightIh;
    public final Parameter weightHh;
    public final Parameter biasIh;
    public final Parameter biasHh;

    public Cell(CellType type, int inputSize, int hiddenSize, boolean bias, Generator gen) {
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
    public static Cell lstm(int inputSize, int hiddenSize) {
        return new Cell(CellType.LSTM, inputSize, hiddenSize, true, Generator.getDefault());
    }

    /** {@code torch.nn.GRUCell(in, hidden)}. */
    public static Cell gru(int inputSize, int hiddenSize) {
        return new Cell(CellType.GRU, inputSize, hiddenSize, true, Generator.getDefault());
    }

    /** {@code torch.nn.RNNCell(in, hidden)} with tanh. */
    public static Cell rnn(int inputSize, int hiddenSize) {
        return new Cell(CellType.RNN_TANH, inputSize, hiddenSize, true, Generator.getDefault());
    }

    /** The next state from input {@code x} {@code [B, in]} and state {@code s}. */
    public CellType.State step(Tensor x, CellType.State s) {
        if (x.dim() != 2 || x.size(1) != inputSize || s.h().dim() != 2 || s.h().size(1) != hiddenSize) {
            throw new IllegalArgumentException(type + " cell: expected input [B, " + inputSize + "] and state [B, "
                    + hiddenSize + "], got " + Shape.str(x.shape()) + " and " + Shape.str(s.h().shape()));
        }
        return type.step(x.linear(weightIh, biasIh), s, weightHh, biasHh);
    }

    /** The next hidden state from zero state (for RNN and GRU cells; an LSTM cell also starts from c = 0). */
    @Override
    public Tensor forward(Tensor x) {
        Tensor zero = new Tensor(NDArray.zeros(x.dtype(), new int[] {x.size(0), hiddenSize}), x.backend());
        return step(x, new CellType.State(zero, type == CellType.LSTM ? zero : null)).h();
    }

    @Override
    protected String extraRepr() {
        return type + ", " + inputSize + ", " + hiddenSize;
    }
}
