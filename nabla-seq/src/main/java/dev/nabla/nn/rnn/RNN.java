package dev.nabla.nn.rnn;

import dev.nabla.tensor.Generator;

/**
 * The Elman recurrent network as {@code torch.nn.RNN}: {@code h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)}
 * (or ReLU); see {@link RecurrentLayer} for shapes, parameters and options.
 */
public class RNN extends RecurrentLayer {

    /** One tanh layer, with biases, time-major input. */
    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, false, true, false, 0, false, Generator.getDefault());
    }

    /**
     * PyTorch's options: layers, ReLU instead of tanh, biases, batch-first input, dropout between
     * layers, both directions; initial weights and dropout masks from {@code gen}.
     */
    public RNN(int inputSize, int hiddenSize, int numLayers, boolean relu, boolean bias, boolean batchFirst,
               double dropout, boolean bidirectional, Generator gen) {
        super(relu ? CellType.RNN_RELU : CellType.RNN_TANH, inputSize, hiddenSize, numLayers, bias, batchFirst,
                dropout, bidirectional, gen);
    }
}
