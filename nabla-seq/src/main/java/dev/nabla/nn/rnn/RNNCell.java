package dev.nabla.nn.rnn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * One Elman step as {@code torch.nn.RNNCell}: {@code h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh)}
 * with act tanh (default) or ReLU. Shape: input {@code [B, in]} (or {@code [in]}), state
 * {@code [B, H]} (or {@code [H]}). Parameters {@code weight_ih [H, in]}, {@code weight_hh [H, H]},
 * {@code bias_ih}, {@code bias_hh [H]}, all from {@code U(-1/sqrt(H), 1/sqrt(H))}.
 */
public class RNNCell extends Cell {

    /** The options of an RNNCell (PyTorch's constructor arguments, in PyTorch's order); model files store them. */
    public record Config(int inputSize, int hiddenSize, boolean bias, Nonlinearity nonlinearity) {
    }

    /** The cell described by {@code config}, initial weights from {@code gen}. */
    public RNNCell(Config config, Generator gen) {
        this(config.inputSize(), config.hiddenSize(), config.bias(), config.nonlinearity(), gen);
    }

    /** The options this cell was built with. */
    @Override
    public Config config() {
        return new Config(inputSize(), hiddenSize(), biasIh != null,
                type() == CellType.RNN_RELU ? Nonlinearity.RELU : Nonlinearity.TANH);
    }

    /** tanh, with biases, default generator. */
    public RNNCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, Nonlinearity.TANH, Generator.getDefault());
    }

    /** PyTorch's options in PyTorch's order: biases, activation; initial weights from {@code gen}. */
    public RNNCell(int inputSize, int hiddenSize, boolean bias, Nonlinearity nonlinearity, Generator gen) {
        super(nonlinearity.cellType(), inputSize, hiddenSize, bias, gen);
    }

    /** The next hidden state from input {@code x} and state {@code h} (null for zeros). */
    public Tensor forward(Tensor x, Tensor h) {
        return step(x, h, null).h();
    }
}
