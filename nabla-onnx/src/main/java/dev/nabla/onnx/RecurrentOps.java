package dev.nabla.onnx;

import dev.nabla.io.FormatException;
import dev.nabla.nn.rnn.GRU;
import dev.nabla.nn.rnn.LSTM;
import dev.nabla.nn.rnn.Nonlinearity;
import dev.nabla.nn.rnn.RNN;
import dev.nabla.nn.rnn.RecurrentLayer;
import dev.nabla.onnx.proto.OnnxProto.NodeProto;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX's RNN, LSTM and GRU run by nabla-seq's layers: each node becomes a one-layer
 * {@link RecurrentLayer} built once, at load, from the node's constant weights {@code W},
 * {@code R}, {@code B} (ONNX gate order permuted back to PyTorch's). Supported: directions
 * forward and bidirectional, both layouts, default activations (RNN: Tanh or Relu), GRU with
 * {@code linear_before_reset=1} (PyTorch's formula), optional initial states; not
 * {@code sequence_lens}, {@code clip}, or LSTM peepholes.
 */
final class RecurrentOps {
    private RecurrentOps() {
    }

    static boolean supports(String opType) {
        return opType.equals("RNN") || opType.equals("LSTM") || opType.equals("GRU");
    }

    /** The layer for node {@code n}, whose weights must be initializers. */
    static RecurrentLayer build(NodeProto n, Map<String, Tensor> inits) throws FormatException {
        OnnxOps.Attributes a = new OnnxOps.Attributes(n);
        String where = "node '" + n.getName() + "' (" + n.getOpType() + ")";
        Tensor w = n.getInputCount() > 1 ? inits.get(n.getInput(1)) : null;
        Tensor r = n.getInputCount() > 2 ? inits.get(n.getInput(2)) : null;
        Tensor b = n.getInputCount() > 3 && !n.getInput(3).isEmpty() ? inits.get(n.getInput(3)) : null;
        if (w == null || r == null || (n.getInputCount() > 3 && !n.getInput(3).isEmpty() && b == null)) {
            throw new FormatException(where + ": Nabla needs W, R and B as constant initializers");
        }
        String direction = a.s("direction", "forward");
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        int h = (int) a.i("hidden_size", 0);
        if (!direction.equals("forward") && dirs != 2) {
            throw new FormatException(where + ": direction '" + direction + "' is not supported");
        }
        if (a.find("clip") != null || (n.getInputCount() > 4 && !n.getInput(4).isEmpty()) || n.getInputCount() > 7) {
            throw new FormatException(where + ": clip, sequence_lens and peepholes are not supported");
        }
        if (n.getOpType().equals("GRU") && a.i("linear_before_reset", 0) != 1) {
            throw new FormatException(where + ": only linear_before_reset=1 (PyTorch's GRU) is supported");
        }
        boolean relu = checkActivations(n, a, where, dirs);
        int gates = switch (n.getOpType()) {
            case "LSTM" -> 4;
            case "GRU" -> 3;
            default -> 1;
        };
        if (w.dim() != 3 || w.size(0) != dirs || w.size(1) != gates * h || h <= 0
                || r.dim() != 3 || r.size(0) != dirs || r.size(1) != gates * h || r.size(2) != h
                || (b != null && (b.dim() != 2 || b.size(0) != dirs || b.size(1) != 2 * gates * h))) {
            throw new FormatException(where + ": W " + OnnxTensors.shape(w.shape()) + ", R " + OnnxTensors.shape(r.shape())
                    + " do not fit hidden_size " + h);
        }
        int in = w.size(2);
        boolean batchFirst = a.i("layout", 0) == 1;
        Generator gen = new Generator(0);
        RecurrentLayer layer = switch (n.getOpType()) {
            case "LSTM" -> new LSTM(in, h, 1, true, batchFirst, 0, dirs == 2, gen);
            case "GRU" -> new GRU(in, h, 1, true, batchFirst, 0, dirs == 2, gen);
            default -> new RNN(in, h, 1, relu ? Nonlinearity.RELU : Nonlinearity.TANH, true, batchFirst, 0, dirs == 2, gen);
        };
        Map<String, Tensor> state = new HashMap<>();
        for (int d = 0; d < dirs; d++) {
            String suffix = "_l0" + (d == 1 ? "_reverse" : "");
            state.put("weight_ih" + suffix, fromOnnxOrder(n.getOpType(), w.select(0, d), h));
            state.put("weight_hh" + suffix, fromOnnxOrder(n.getOpType(), r.select(0, d), h));
            Tensor bd = b != null ? b.select(0, d) : Tensor.zeros(2 * gates * h);
            state.put("bias_ih" + suffix, fromOnnxOrder(n.getOpType(), bd.narrow(0, 0, gates * h), h));
            state.put("bias_hh" + suffix, fromOnnxOrder(n.getOpType(), bd.narrow(0, gates * h, gates * h), h));
        }
        layer.loadStateDict(state);
        layer.eval();
        return layer;
    }

    private static boolean checkActivations(NodeProto n, OnnxOps.Attributes a, String where, int dirs)
            throws FormatException {
        var acts = a.find("activations");
        if (acts == null) {
            return false;
        }
        List<String> names = acts.getStringsList().stream().map(s -> s.toStringUtf8()).toList();
        List<String> tanh = n.getOpType().equals("LSTM") ? List.of("Sigmoid", "Tanh", "Tanh")
                : n.getOpType().equals("GRU") ? List.of("Sigmoid", "Tanh") : List.of("Tanh");
        List<String> expected = new ArrayList<>();
        List<String> reluExpected = new ArrayList<>();
        for (int d = 0; d < dirs; d++) {
            expected.addAll(tanh);
            reluExpected.add("Relu");
        }
        if (names.equals(expected)) {
            return false;
        }
        if (n.getOpType().equals("RNN") && names.equals(reluExpected)) {
            return true;
        }
        throw new FormatException(where + ": activations " + names + " are not supported");
    }

    /** ONNX's gate blocks (LSTM i,o,f,c; GRU z,r,h) in PyTorch's order (LSTM i,f,g,o; GRU r,z,n). */
    private static Tensor fromOnnxOrder(String op, Tensor t, int h) {
        int[] order = switch (op) {
            case "LSTM" -> new int[] {0, 2, 3, 1};
            case "GRU" -> new int[] {1, 0, 2};
            default -> new int[] {0};
        };
        List<Tensor> blocks = new ArrayList<>();
        for (int k : order) {
            blocks.add(t.narrow(0, k * h, h));
        }
        return Tensor.concat(blocks, 0).contiguous();
    }

    /** Runs {@code layer} on the node's inputs; returns ONNX's {@code Y, Y_h[, Y_c]}. */
    static List<Tensor> run(RecurrentLayer layer, List<Tensor> in) {
        boolean bf = layer.batchFirst();
        Tensor h0 = in.size() > 5 ? state(in.get(5), bf) : null;
        Tensor c0 = in.size() > 6 ? state(in.get(6), bf) : null;
        RecurrentLayer.Output o = layer.forward(in.get(0), h0, c0, null);
        int dirs = layer.bidirectional() ? 2 : 1;
        Tensor y = o.output();
        y = y.reshape(y.size(0), y.size(1), dirs, layer.hiddenSize());
        y = bf ? y : y.transpose(1, 2).contiguous();
        List<Tensor> out = new ArrayList<>(List.of(y, bf ? o.h().transpose(0, 1).contiguous() : o.h()));
        if (o.c() != null) {
            out.add(bf ? o.c().transpose(0, 1).contiguous() : o.c());
        }
        return out;
    }

    /** An initial state in Nabla's {@code [dirs, B, H]} from ONNX's layout. */
    private static Tensor state(Tensor s, boolean batchFirst) {
        return s == null ? null : batchFirst ? s.transpose(0, 1).contiguous() : s;
    }
}
