package dev.nabla.nn.rnn;

import dev.nabla.tensor.Generator;

/**
 * The Elman recurrent network as {@code torch.nn.RNN}: {@code h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)}
 * (or ReLU); see {@link RecurrentLayer} for shapes, parameters and options.
 */
public class RNN extends RecurrentLayer {

    /** The options of an RNN, PyTorch's constructor arguments in PyTorch's order; model files store them. */
    public record Config(int inputSize, int hiddenSize, int numLayers, Nonlinearity nonlinearity, boolean bias,
                         boolean batchFirst, double dropout, boolean bidirectional) {
    }

    /** The layer described by {@code config}; initial weights and dropout masks from {@code gen}. */
    public RNN(Config config, Generator gen) {
        this(config.inputSize(), config.hiddenSize(), config.numLayers(), config.nonlinearity(), config.bias(),
                config.batchFirst(), config.dropout(), config.bidirectional(), gen);
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(inputSize(), hiddenSize(), numLayers(), nonlinearity(), bias(), batchFirst(), dropout(),
                bidirectional());
    }

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
