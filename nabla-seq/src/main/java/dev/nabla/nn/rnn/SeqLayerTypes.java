package dev.nabla.nn.rnn;

import dev.nabla.nn.LayerConfig;
import dev.nabla.nn.LayerProvider;
import dev.nabla.nn.LayerType;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.attention.MultiheadAttention;
import dev.nabla.tensor.Generator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code nabla-seq} layer types for model files, with PyTorch's constructor argument names as
 * config keys: {@code RNN}, {@code LSTM} and {@code GRU} ({@code input_size}, {@code hidden_size},
 * {@code num_layers}, {@code bias}, {@code batch_first}, {@code dropout}, {@code bidirectional},
 * and for RNN {@code nonlinearity} {@code "tanh"} or {@code "relu"}) and {@code MultiheadAttention}
 * ({@code embed_dim}, {@code num_heads}, {@code dropout}, {@code bias}, {@code kdim}, {@code vdim},
 * {@code batch_first}; its {@code out_proj} is a {@code Linear} child), and the cells
 * {@code RNNCell}, {@code LSTMCell}, {@code GRUCell} ({@code input_size}, {@code hidden_size},
 * {@code bias}, and for RNNCell {@code nonlinearity}).
 */
public final class SeqLayerTypes implements LayerProvider {

    @Override
    public List<LayerType> layerTypes() {
        return List.of(
                LayerType.of("RNN", RNN.class, m -> {
                    Map<String, Object> c = recurrent(m);
                    c.put("nonlinearity", m.nonlinearity().name().toLowerCase(java.util.Locale.ROOT));
                    return c;
                }, (c, ch) -> {
                    String nonlinearity = c.getString("nonlinearity");
                    if (!nonlinearity.equals("tanh") && !nonlinearity.equals("relu")) {
                        throw new IllegalArgumentException("RNN config \"nonlinearity\" must be \"tanh\" or \"relu\", got \""
                                + nonlinearity + "\"");
                    }
                    allocateRecurrent(c, 1, 0);
                    return new RNN(c.getInt("input_size"), c.getInt("hidden_size"), c.getInt("num_layers"),
                            nonlinearity.equals("relu") ? Nonlinearity.RELU : Nonlinearity.TANH, c.getBoolean("bias"),
                            c.getBoolean("batch_first"), c.getDouble("dropout"), c.getBoolean("bidirectional"), scratch());
                }),
                LayerType.of("LSTM", LSTM.class, m -> {
                    Map<String, Object> c = recurrent(m);
                    c.put("proj_size", m.projSize());
                    return c;
                }, (c, ch) -> {
                    int projSize = c.has("proj_size") ? c.getInt("proj_size") : 0; // absent in files written before it
                    if (projSize < 0 || (projSize > 0 && projSize >= c.getInt("hidden_size"))) {
                        throw new IllegalArgumentException("LSTM config \"proj_size\" must be 0 or in [1, hidden_size), got "
                                + projSize);
                    }
                    allocateRecurrent(c, 4, projSize);
                    return new LSTM(c.getInt("input_size"), c.getInt("hidden_size"), c.getInt("num_layers"),
                            c.getBoolean("bias"), c.getBoolean("batch_first"), c.getDouble("dropout"),
                            c.getBoolean("bidirectional"), projSize, scratch());
                }),
                LayerType.of("GRU", GRU.class, SeqLayerTypes::recurrent, (c, ch) -> {
                    allocateRecurrent(c, 3, 0);
                    return new GRU(c.getInt("input_size"), c.getInt("hidden_size"), c.getInt("num_layers"),
                            c.getBoolean("bias"), c.getBoolean("batch_first"), c.getDouble("dropout"),
                            c.getBoolean("bidirectional"), scratch());
                }),
                LayerType.of("RNNCell", RNNCell.class, RNNCell.Config.class, RNNCell::config,
                        c -> new RNNCell(c, scratch()), c -> cellWeights(1, c.inputSize(), c.hiddenSize(), c.bias())),
                LayerType.of("LSTMCell", LSTMCell.class, LSTMCell.Config.class, LSTMCell::config,
                        c -> new LSTMCell(c, scratch()), c -> cellWeights(4, c.inputSize(), c.hiddenSize(), c.bias())),
                LayerType.of("GRUCell", GRUCell.class, GRUCell.Config.class, GRUCell::config,
                        c -> new GRUCell(c, scratch()), c -> cellWeights(3, c.inputSize(), c.hiddenSize(), c.bias())),
                LayerType.of("MultiheadAttention", MultiheadAttention.class, MultiheadAttention.Config.class,
                        MultiheadAttention::config, c -> new MultiheadAttention(c, scratch()),
                        c -> (long) c.embedDim() * (c.embedDim() + c.kdim() + c.vdim() + (c.bias() ? 3 : 0))));
    }

    private static Map<String, Object> recurrent(RecurrentLayer m) {
        Map<String, Parameter> own = m.namedParameters();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("input_size", m.inputSize());
        c.put("hidden_size", m.hiddenSize());
        c.put("num_layers", m.numLayers());
        c.put("bias", own.containsKey("bias_ih_l0"));
        c.put("batch_first", m.batchFirst());
        c.put("dropout", m.dropout());
        c.put("bidirectional", m.bidirectional());
        return c;
    }

    /**
     * Checks the weight budget of a recurrent layer with {@code gates} gate blocks (and LSTM
     * projections of size {@code proj}, 0 for none) before it is built.
     */
    private static void allocateRecurrent(LayerConfig c, int gates, int proj) {
        long in = c.getInt("input_size");
        long hidden = c.getInt("hidden_size");
        int layers = c.getInt("num_layers");
        long dirs = c.getBoolean("bidirectional") ? 2 : 1;
        long bias = c.getBoolean("bias") ? 2 : 0;
        if (layers < 1 || in < 1 || hidden < 1) {
            throw new IllegalArgumentException("recurrent layer sizes must be positive, got input " + in
                    + ", hidden " + hidden + ", layers " + layers);
        }
        long out = proj > 0 ? proj : hidden;
        for (int layer = 0; layer < layers; layer++) {
            long layerIn = layer == 0 ? in : out * dirs;
            c.allocate(dirs * gates, hidden, layerIn + out + bias);
            if (proj > 0) {
                c.allocate(dirs, proj, hidden);
            }
        }
    }

    /** Weight elements of a cell with {@code gates} gate blocks (sizes below 1 are refused by the cell). */
    private static long cellWeights(int gates, int in, int hidden, boolean bias) {
        long h = Math.max(hidden, 0);
        return gates * h * (Math.max(in, 0) + h + (bias ? 2 : 0));
    }

    private static Generator scratch() {
        return new Generator(0);
    }
}
