package dev.nabla.nn.rnn;

import dev.nabla.tensor.Generator;

/**
 * Long short-term memory (Hochreiter and Schmidhuber 1997) as {@code torch.nn.LSTM}: gates i, f, g, o in that order; see {@link CellType#LSTM} for the equations and {@link RecurrentLayer} for shapes, parameters and options.
 */
public class LSTM extends RecurrentLayer {

    /** One layer, with biases, time-major input. */
    public LSTM(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, true, false, 0, false);
    }

    /** PyTorch's options: layers, biases, batch-first input, dropout between layers, both directions. */
    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
                boolean bidirectional) {
        this(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, Generator.getDefault());
    }

    /** As above, drawing the initial weights and dropout masks from {@code gen}. */
    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
                boolean bidirectional, Generator gen) {
        super(CellType.LSTM, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, gen);
    }
}
