package dev.nabla.train.io;

import dev.nabla.io.FormatException;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.attention.MultiheadAttention;
import dev.nabla.nn.rnn.CellType;
import dev.nabla.nn.rnn.GRU;
import dev.nabla.nn.rnn.LSTM;
import dev.nabla.nn.rnn.Nonlinearity;
import dev.nabla.nn.rnn.RNN;
import dev.nabla.nn.rnn.RecurrentLayer;
import dev.nabla.tensor.Generator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code nabla-seq} layers in the {@link LayerRegistry}, with PyTorch's constructor argument
 * names as config keys: {@code RNN}, {@code LSTM} and {@code GRU} ({@code input_size},
 * {@code hidden_size}, {@code num_layers}, {@code bias}, {@code batch_first}, {@code dropout},
 * {@code bidirectional}, and for RNN {@code nonlinearity} {@code "tanh"} or {@code "relu"}) and
 * {@code MultiheadAttention} ({@code embed_dim}, {@code num_heads}, {@code dropout}, {@code bias},
 * {@code kdim}, {@code vdim}; its {@code out_proj} is a {@code Linear} child).
 */
final class SeqLayerTypes {
    private SeqLayerTypes() {
    }

    static void registerAll() {
        LayerRegistry.register("RNN", RNN.class, m -> {
            Map<String, Object> c = recurrent(m);
            c.put("nonlinearity", m.cellType() == CellType.RNN_RELU ? "relu" : "tanh");
            return c;
        }, (c, ch) -> {
            String nonlinearity = c.getString("nonlinearity");
            if (!nonlinearity.equals("tanh") && !nonlinearity.equals("relu")) {
                throw new FormatException("model.json: RNN config \"nonlinearity\" must be \"tanh\" or \"relu\", got \""
                        + nonlinearity + "\"");
            }
            allocateRecurrent(c, 1);
            return new RNN(c.getInt("input_size"), c.getInt("hidden_size"), c.getInt("num_layers"),
                    nonlinearity.equals("relu") ? Nonlinearity.RELU : Nonlinearity.TANH, c.getBoolean("bias"), c.getBoolean("batch_first"),
                    c.getDouble("dropout"), c.getBoolean("bidirectional"), scratch());
        });
        LayerRegistry.register("LSTM", LSTM.class, SeqLayerTypes::recurrent, (c, ch) -> {
            allocateRecurrent(c, 4);
            return new LSTM(c.getInt("input_size"), c.getInt("hidden_size"), c.getInt("num_layers"),
                    c.getBoolean("bias"), c.getBoolean("batch_first"), c.getDouble("dropout"),
                    c.getBoolean("bidirectional"), scratch());
        });
        LayerRegistry.register("GRU", GRU.class, SeqLayerTypes::recurrent, (c, ch) -> {
            allocateRecurrent(c, 3);
            return new GRU(c.getInt("input_size"), c.getInt("hidden_size"), c.getInt("num_layers"),
                    c.getBoolean("bias"), c.getBoolean("batch_first"), c.getDouble("dropout"),
                    c.getBoolean("bidirectional"), scratch());
        });
        LayerRegistry.register("MultiheadAttention", MultiheadAttention.class, m -> {
            Map<String, Parameter> own = m.namedParameters();
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("embed_dim", m.embedDim());
            c.put("num_heads", m.numHeads());
            c.put("dropout", m.dropout());
            c.put("bias", own.containsKey("in_proj_bias"));
            c.put("kdim", own.containsKey("k_proj_weight") ? own.get("k_proj_weight").size(1) : m.embedDim());
            c.put("vdim", own.containsKey("v_proj_weight") ? own.get("v_proj_weight").size(1) : m.embedDim());
            return c;
        }, (c, ch) -> {
            long e = c.getInt("embed_dim");
            c.allocate(e, e + c.getInt("kdim") + c.getInt("vdim") + (c.getBoolean("bias") ? 3 : 0));
            return new MultiheadAttention(MultiheadAttention.Config.of(c.getInt("embed_dim"), c.getInt("num_heads"))
                    .withDropout(c.getDouble("dropout")).withBias(c.getBoolean("bias"))
                    .withKeyValueDims(c.getInt("kdim"), c.getInt("vdim")), scratch());
        });
    }

    private static Map<String, Object> recurrent(RecurrentLayer m) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("input_size", m.inputSize());
        c.put("hidden_size", m.hiddenSize());
        c.put("num_layers", m.numLayers());
        c.put("bias", m.namedParameters().containsKey("bias_ih_l0"));
        c.put("batch_first", m.batchFirst());
        c.put("dropout", m.dropout());
        c.put("bidirectional", m.bidirectional());
        return c;
    }

    /** Checks the weight budget of a recurrent layer with {@code gates} gate blocks before it is built. */
    private static void allocateRecurrent(LayerRegistry.Config c, int gates) throws FormatException {
        long in = c.getInt("input_size");
        long hidden = c.getInt("hidden_size");
        int layers = c.getInt("num_layers");
        long dirs = c.getBoolean("bidirectional") ? 2 : 1;
        long bias = c.getBoolean("bias") ? 2 : 0;
        if (layers < 1 || in < 1 || hidden < 1) {
            throw new FormatException("model.json: recurrent layer sizes must be positive, got input " + in
                    + ", hidden " + hidden + ", layers " + layers);
        }
        for (int layer = 0; layer < layers; layer++) {
            long layerIn = layer == 0 ? in : hidden * dirs;
            c.allocate(dirs * gates, hidden, layerIn + hidden + bias);
        }
    }

    private static Generator scratch() {
        return new Generator(0);
    }
}
