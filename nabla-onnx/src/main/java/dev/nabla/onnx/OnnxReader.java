package dev.nabla.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nabla.io.FormatException;
import dev.nabla.onnx.proto.OnnxProto.GraphProto;
import dev.nabla.onnx.proto.OnnxProto.ModelProto;
import dev.nabla.onnx.proto.OnnxProto.NodeProto;
import dev.nabla.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.nabla.onnx.proto.OnnxProto.TensorProto;
import dev.nabla.onnx.proto.OnnxProto.ValueInfoProto;
import dev.nabla.tensor.Tensor;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Parses and checks an ONNX model before anything runs: valid protobuf, a graph, a supported
 * opset of the default domain (13 to 23), only ops {@link OnnxOps} implements (the others are
 * listed with their counts), every node input defined earlier, initializers consistent with
 * their dims.
 */
final class OnnxReader {
    static final int MIN_OPSET = 13;
    static final int MAX_OPSET = 23;

    /** A checked model: the graph, its numeric initializers as tensors and its string ones (class labels) as lists. */
    record Checked(GraphProto graph, Map<String, Tensor> initializers, Map<String, List<String>> strings, int opset) {
    }

    private OnnxReader() {
    }

    static Checked read(byte[] bytes) throws FormatException {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new FormatException("not an ONNX model (protobuf: " + e.getMessage() + ")");
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0 || model.getGraph().getOutputCount() == 0) {
            throw new FormatException("not an ONNX model: no graph with nodes and outputs");
        }
        if (model.getIrVersion() < 3) {
            throw new FormatException("ONNX IR version " + model.getIrVersion() + " is not supported (3 or later)");
        }
        int opset = opset(model);
        GraphProto g = model.getGraph();
        checkOps(g);
        Map<String, Tensor> inits = new LinkedHashMap<>();
        Map<String, List<String>> strings = new LinkedHashMap<>();
        for (TensorProto t : g.getInitializerList()) {
            if (t.getDataType() == TensorProto.DataType.STRING_VALUE && t.getDimsCount() == 1
                    && t.getDims(0) == t.getStringDataCount()) {
                strings.put(t.getName(), t.getStringDataList().stream().map(b -> b.toStringUtf8()).toList());
            } else {
                inits.put(t.getName(), OnnxTensors.fromProto(t));
            }
        }
        Set<String> defined = new HashSet<>(inits.keySet());
        defined.addAll(strings.keySet());
        for (ValueInfoProto v : g.getInputList()) {
            defined.add(v.getName());
        }
        for (NodeProto n : g.getNodeList()) {
            for (String in : n.getInputList()) {
                if (!in.isEmpty() && !defined.contains(in)) {
                    throw new FormatException("node '" + n.getName() + "' (" + n.getOpType() + ") reads '" + in
                            + "', which no earlier node, input or initializer defines");
                }
            }
            defined.addAll(n.getOutputList());
        }
        for (ValueInfoProto v : g.getOutputList()) {
            if (!defined.contains(v.getName())) {
                throw new FormatException("graph output '" + v.getName() + "' is not computed by any node");
            }
        }
        for (NodeProto n : g.getNodeList()) {
            for (int i = 0; i < n.getInputCount(); i++) {
                if (strings.containsKey(n.getInput(i)) && !(n.getOpType().equals("Gather") && i == 0)) {
                    throw new FormatException("node '" + n.getName() + "' (" + n.getOpType() + ") reads string tensor '"
                            + n.getInput(i) + "'; Nabla only looks strings up with Gather");
                }
            }
        }
        return new Checked(g, inits, strings, opset);
    }

    private static int opset(ModelProto model) throws FormatException {
        int opset = -1;
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                opset = (int) o.getVersion();
            }
        }
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new FormatException("ONNX opset " + (opset < 0 ? "(none)" : opset) + " is not supported (Nabla reads "
                    + MIN_OPSET + " to " + MAX_OPSET + ")");
        }
        return opset;
    }

    private static void checkOps(GraphProto g) throws FormatException {
        Map<String, Integer> missing = new TreeMap<>();
        for (NodeProto n : g.getNodeList()) {
            String domain = n.getDomain();
            boolean standard = domain.isEmpty() || domain.equals("ai.onnx");
            if (!standard || !OnnxOps.supports(n.getOpType())) {
                missing.merge(standard ? n.getOpType() : domain + "." + n.getOpType(), 1, Integer::sum);
            }
        }
        if (!missing.isEmpty()) {
            StringBuilder sb = new StringBuilder("the model uses ONNX ops Nabla does not implement: ");
            missing.forEach((op, count) -> sb.append(op).append(count > 1 ? " (" + count + " nodes)" : "").append(", "));
            sb.setLength(sb.length() - 2);
            throw new FormatException(sb.toString());
        }
    }
}
