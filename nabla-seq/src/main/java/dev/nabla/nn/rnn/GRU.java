package dev.nabla.nn.rnn;

import dev.nabla.tensor.Generator;

/**
 * Gated recurrent unit (Cho et al. 2014) as {@code torch.nn.GRU}: gates r, z, n in that order; see {@link CellType#GRU} for the equations and {@link RecurrentLayer} for shapes, parameters and options.
 */
public class GRU extends RecurrentLayer {

    /** The options of a GRU, PyTorch's constructor arguments in PyTorch's order; model files store them. */
    public record Config(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst,
                         double dropout, boolean bidirectional) {
    }

    /** The layer described by {@code config}; initial weights and dropout masks from {@code gen}. */
    public GRU(Config config, Generator gen) {
        this(config.inputSize(), config.hiddenSize(), config.numLayers(), config.bias(), config.batchFirst(),
                config.dropout(), config.bidirectional(), gen);
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(inputSize(), hiddenSize(), numLayers(), bias(), batchFirst(), dropout(), bidirectional());
    }

    /** One layer, with biases, time-major input. */
    public GRU(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, true, false, 0, false);
    }

    /** PyTorch's options: layers, biases, batch-first input, dropout between layers, both directions. */
    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
                boolean bidirectional) {
        this(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, Generator.getDefault());
    }

    /** As above, drawing the initial weights and dropout masks from {@code gen}. */
    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
                boolean bidirectional, Generator gen) {
        super(CellType.GRU, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, gen);
    }
}
