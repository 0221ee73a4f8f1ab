package dev.nabla.nn.rnn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * One LSTM step as {@code torch.nn.LSTMCell}: gates i, f, g, o (equations in {@link CellType#LSTM}).
 * Shape: input {@code [B, in]} (or {@code [in]}), states {@code h}, {@code c} {@code [B, H]} (or
 * {@code [H]}). Parameters {@code weight_ih [4H, in]}, {@code weight_hh [4H, H]}, {@code bias_ih},
 * {@code bias_hh [4H]}, all from {@code U(-1/sqrt(H), 1/sqrt(H))}.
 */
public class LSTMCell extends Cell {

    /** The options of a LSTMCell (PyTorch's constructor arguments); model files store them. */
    public record Config(int inputSize, int hiddenSize, boolean bias) {
    }

    /** The cell described by {@code config}, initial weights from {@code gen}. */
    public LSTMCell(Config config, Generator gen) {
        this(config.inputSize(), config.hiddenSize(), config.bias(), gen);
    }

    /** The options this cell was built with. */
    @Override
    public Config config() {
        return new Config(inputSize(), hiddenSize(), biasIh != null);
    }

    /** With biases, default generator. */
    public LSTMCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, Generator.getDefault());
    }

    public LSTMCell(int inputSize, int hiddenSize, boolean bias, Generator gen) {
        super(CellType.LSTM, inputSize, hiddenSize, bias, gen);
    }

    /** The next {@code (h, c)} from input {@code x} and the states {@code h}, {@code c} (null for zeros). */
    public CellType.State forward(Tensor x, Tensor h, Tensor c) {
        return step(x, h, c);
    }
}
