package dev.nabla.nn.rnn;

import dev.nabla.nn.LayerProvider;
import dev.nabla.nn.LayerType;
import dev.nabla.tensor.Generator;
import java.util.List;
import java.util.Map;

/**
 * The recurrent layer types of {@code nabla-seq} for model files, each configured by its
 * {@code Config} record (PyTorch's constructor argument names as keys): {@code RNN}, {@code LSTM},
 * {@code GRU} and the cells {@code RNNCell}, {@code LSTMCell}, {@code GRUCell}. LSTM files written
 * before {@code proj_size} existed load without projections.
 */
public final class SeqLayerTypes implements LayerProvider {

    @Override
    public List<LayerType> layerTypes() {
        return List.of(
                LayerType.of("RNN", RNN.class, RNN.Config.class, c -> new RNN(c, scratch()),
                        c -> weights(1, c.inputSize(), c.hiddenSize(), c.numLayers(), c.bidirectional(), c.bias(), 0)),
                LayerType.of("LSTM", LSTM.class, LSTM.Config.class, c -> new LSTM(c, scratch()),
                        c -> weights(4, c.inputSize(), c.hiddenSize(), c.numLayers(), c.bidirectional(), c.bias(),
                                c.projSize()),
                        Map.of("proj_size", 0)),
                LayerType.of("GRU", GRU.class, GRU.Config.class, c -> new GRU(c, scratch()),
                        c -> weights(3, c.inputSize(), c.hiddenSize(), c.numLayers(), c.bidirectional(), c.bias(), 0)),
                LayerType.of("RNNCell", RNNCell.class, RNNCell.Config.class, c -> new RNNCell(c, scratch()),
                        c -> weights(1, c.inputSize(), c.hiddenSize(), 1, false, c.bias(), 0)),
                LayerType.of("LSTMCell", LSTMCell.class, LSTMCell.Config.class, c -> new LSTMCell(c, scratch()),
                        c -> weights(4, c.inputSize(), c.hiddenSize(), 1, false, c.bias(), 0)),
                LayerType.of("GRUCell", GRUCell.class, GRUCell.Config.class, c -> new GRUCell(c, scratch()),
                        c -> weights(3, c.inputSize(), c.hiddenSize(), 1, false, c.bias(), 0)));
    }

    /**
     * Weight elements of a recurrent layer with {@code gates} gate blocks and LSTM projections of
     * size {@code proj} (0 for none), counted in double so that huge sizes cannot overflow (sizes
     * below 1 count as 1: the layer refuses them).
     */
    private static long weights(int gates, int in, int hidden, int layers, boolean bidirectional, boolean bias,
                                int proj) {
        double h = Math.max(hidden, 1);
        double out = proj > 0 ? proj : h;
        double dirs = bidirectional ? 2 : 1;
        double n = 0;
        for (int layer = 0; layer < Math.max(layers, 1) && n < 1e18; layer++) {
            double layerIn = layer == 0 ? Math.max(in, 1) : out * dirs;
            n += dirs * (gates * h * (layerIn + out + (bias ? 2 : 0)) + (proj > 0 ? proj * h : 0));
        }
        return n >= 1e18 ? Long.MAX_VALUE / 2 : (long) n;
    }

    private static Generator scratch() {
        return new Generator(0);
    }
}
