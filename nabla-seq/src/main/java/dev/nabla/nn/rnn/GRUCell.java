package dev.nabla.nn.rnn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * One GRU step as {@code torch.nn.GRUCell}: gates r, z, n (equations in {@link CellType#GRU}).
 * Shape: input {@code [B, in]} (or {@code [in]}), state {@code [B, H]} (or {@code [H]}).
 * Parameters {@code weight_ih [3H, in]}, {@code weight_hh [3H, H]}, {@code bias_ih},
 * {@code bias_hh [3H]}, all from {@code U(-1/sqrt(H), 1/sqrt(H))}.
 */
public class GRUCell extends Cell {

    /** The options of a GRUCell (PyTorch's constructor arguments); model files store them. */
    public record Config(int inputSize, int hiddenSize, boolean bias) {
    }

    /** The cell described by {@code config}, initial weights from {@code gen}. */
    public GRUCell(Config config, Generator gen) {
        this(config.inputSize(), config.hiddenSize(), config.bias(), gen);
    }

    /** The options this cell was built with. */
    @Override
    public Config config() {
        return new Config(inputSize(), hiddenSize(), biasIh != null);
    }

    /** With biases, default generator. */
    public GRUCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, Generator.getDefault());
    }

    public GRUCell(int inputSize, int hiddenSize, boolean bias, Generator gen) {
        super(CellType.GRU, inputSize, hiddenSize, bias, gen);
    }

    /** The next hidden state from input {@code x} and state {@code h} (null for zeros). */
    public Tensor forward(Tensor x, Tensor h) {
        return step(x, h, null).h();
    }
}
