package dev.nabla.onnx;

import static dev.nabla.onnx.GraphBuilder.attr;

import dev.nabla.nn.Module;
import dev.nabla.nn.rnn.CellType;
import dev.nabla.nn.rnn.RecurrentLayer;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * RNN, LSTM and GRU as ONNX's own recurrent ops, one op per layer, in ONNX's time-major layout
 * (ONNX Runtime does not implement {@code layout=1}): a batch-first input is transposed first. PyTorch's gate order (LSTM i,f,g,o; GRU r,z,n) is permuted to ONNX's
 * (LSTM i,o,f,c; GRU z,r,h) and a GRU uses {@code linear_before_reset=1}, PyTorch's formula. Each
 * op's {@code Y} ({@code [T, dirs, B, H]}) is transposed and reshaped to Nabla's
 * {@code [T, B, dirs*H]} ({@code [B, T, dirs*H]} batch first).
 */
final class RecurrentExport {
    private RecurrentExport() {
    }

    static String convert(Module m, Tensor x, String in, GraphBuilder g) {
        RecurrentLayer r = (RecurrentLayer) m;
        if (x.dim() != 3) {
            throw new IllegalArgumentException("ONNX export: " + m.getClass().getSimpleName()
                    + " needs a batched 3-d sample input, got " + OnnxTensors.shape(x.shape()));
        }
        if (r.projSize() > 0) {
            throw new IllegalArgumentException("ONNX export: LSTM(proj_size=" + r.projSize()
                    + ") has no ONNX form (ONNX's LSTM has no projection of its hidden state)");
        }
        Map<String, Tensor> params = r.stateDict();
        int dirs = r.bidirectional() ? 2 : 1;
        String y = r.batchFirst() ? g.node("Transpose", List.of(in), attr("perm", new long[] {1, 0, 2})) : in;
        for (int layer = 0; layer < r.numLayers(); layer++) {
            List<Tensor> w = new ArrayList<>();
            List<Tensor> rr = new ArrayList<>();
            List<Tensor> b = new ArrayList<>();
            for (int d = 0; d < dirs; d++) {
                String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                w.add(reorder(r.cellType(), params.get("weight_ih" + suffix), r.hiddenSize()));
                rr.add(reorder(r.cellType(), params.get("weight_hh" + suffix), r.hiddenSize()));
                if (params.containsKey("bias_ih" + suffix)) {
                    b.add(Tensor.concat(List.of(reorder(r.cellType(), params.get("bias_ih" + suffix), r.hiddenSize()),
                            reorder(r.cellType(), params.get("bias_hh" + suffix), r.hiddenSize())), 0));
                }
            }
            List<String> inputs = new ArrayList<>(List.of(y, g.initializer("rnn_W", Tensor.stack(w, 0)),
                    g.initializer("rnn_R", Tensor.stack(rr, 0))));
            if (!b.isEmpty()) {
                inputs.add(g.initializer("rnn_B", Tensor.stack(b, 0)));
            }
            y = layerOp(r, dirs, inputs, g);
            if (layer < r.numLayers() - 1) {
                y = g.node("Reshape", List.of(g.node("Transpose", List.of(y), attr("perm", new long[] {0, 2, 1, 3})),
                        g.longs("rnn_shape", 0, 0, -1)));
            }
        }
        y = g.node("Transpose", List.of(y), attr("perm", r.batchFirst() ? new long[] {2, 0, 1, 3} : new long[] {0, 2, 1, 3}));
        return g.node("Reshape", List.of(y, g.longs("rnn_shape", 0, 0, -1)));
    }

    private static String layerOp(RecurrentLayer r, int dirs, List<String> inputs, GraphBuilder g) {
        List<dev.nabla.onnx.proto.OnnxProto.AttributeProto> attrs = new ArrayList<>(List.of(
                attr("hidden_size", (long) r.hiddenSize()),
                attr("direction", dirs == 2 ? "bidirectional" : "forward")));
        String op = switch (r.cellType()) {
            case RNN_TANH, RNN_RELU -> {
                attrs.add(GraphBuilder.attrStrings("activations",
                        Collections.nCopies(dirs, r.cellType() == CellType.RNN_RELU ? "Relu" : "Tanh")));
                yield "RNN";
            }
            case LSTM -> "LSTM";
            case GRU -> {
                attrs.add(attr("linear_before_reset", 1L));
                yield "GRU";
            }
        };
        return g.node(op, inputs, attrs.toArray(dev.nabla.onnx.proto.OnnxProto.AttributeProto[]::new));
    }

    /** PyTorch's gate blocks of {@code t} (rows of {@code gates*H}) in ONNX's order. */
    private static Tensor reorder(CellType type, Tensor t, int h) {
        int[] order = switch (type) {
            case LSTM -> new int[] {0, 3, 1, 2};
            case GRU -> new int[] {1, 0, 2};
            default -> new int[] {0};
        };
        List<Tensor> blocks = new ArrayList<>();
        for (int k : order) {
            blocks.add(t.narrow(0, k * h, h));
        }
        return Tensor.concat(blocks, 0);
    }
}
