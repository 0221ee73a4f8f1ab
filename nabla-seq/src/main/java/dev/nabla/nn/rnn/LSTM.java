package dev.nabla.nn.rnn;

import dev.nabla.tensor.Generator;

/**
 * Long short-term memory (Hochreiter and Schmidhuber 1997) as {@code torch.nn.LSTM}: gates i, f, g, o in that order; see {@link CellType#LSTM} for the equations and {@link RecurrentLayer} for shapes, parameters and options (projections: {@code projSize}).
 */
public class LSTM extends RecurrentLayer {

    /**
     * The options of an LSTM, PyTorch's constructor arguments in PyTorch's order ({@code projSize}
     * 0 for no projections); model files store them.
     */
    public record Config(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst,
                         double dropout, boolean bidirectional, int projSize) {
    }

    /** The layer described by {@code config}; initial weights and dropout masks from {@code gen}. */
    public LSTM(Config config, Generator gen) {
        this(config.inputSize(), config.hiddenSize(), config.numLayers(), config.bias(), config.batchFirst(),
                config.dropout(), config.bidirectional(), config.projSize(), gen);
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(inputSize(), hiddenSize(), numLayers(), bias(), batchFirst(), dropout(), bidirectional(),
                projSize());
    }

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
        this(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0, gen);
    }

    /**
     * With projections of the hidden state to {@code projSize} (PyTorch's {@code proj_size};
     * 0 for none, else in {@code [1, hiddenSize)}): see {@link RecurrentLayer} for the shapes.
     */
    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
                boolean bidirectional, int projSize, Generator gen) {
        super(CellType.LSTM, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, projSize, gen);
    }
}
