package dev.nabla.nn.rnn;

import dev.nabla.tensor.Generator;

/**
 * The Elman recurrent network as {@code torch.nn.RNN}: {@code h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)}
 * (or ReLU); see {@link RecurrentLayer} for shapes, parameters and options.
 */
public class RNN extends RecurrentLayer {

    /** One tanh layer, with biases, time-major input. */
    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, Nonlinearity.TANH, true, false, 0, false, Generator.getDefault());
    }

    /**
     * PyTorch's options in PyTorch's order: layers, activation, biases, batch-first input, dropout
     * between layers, both directions; initial weights and dropout masks from {@code gen}.
     */
    public RNN(int inputSize, int hiddenSize, int numLayers, Nonlinearity nonlinearity, boolean bias,
               boolean batchFirst, double dropout, boolean bidirectional, Generator gen) {
        super(nonlinearity.cellType(), inputSize, hiddenSize, numLayers, bias, batchFirst,
                dropout, bidirectional, gen);
    }

    /** The activation, tanh or ReLU. */
    public Nonlinearity nonlinearity() {
        return cellType() == CellType.RNN_RELU ? Nonlinearity.RELU : Nonlinearity.TANH;
    }
}
