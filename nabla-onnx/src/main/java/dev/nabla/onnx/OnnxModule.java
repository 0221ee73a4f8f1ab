package dev.nabla.onnx;

import dev.nabla.io.FormatException;
import dev.nabla.nn.Module;
import dev.nabla.nn.rnn.RecurrentLayer;
import dev.nabla.onnx.proto.OnnxProto.NodeProto;
import dev.nabla.onnx.proto.OnnxProto.ValueInfoProto;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX graph run by Nabla: {@link #run} evaluates the nodes in order with Nabla tensor ops.
 * The initializers are the module's buffers (not trained: an imported model is for inference;
 * its state dict holds them under their ONNX names).
 */
public final class OnnxModule extends Module {
    private final List<NodeProto> nodes;
    private final List<String> inputs = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private final Map<String, Tensor> constants = new HashMap<>();
    private final Map<NodeProto, RecurrentLayer> recurrent = new HashMap<>();
    private final int opset;

    OnnxModule(OnnxReader.Checked model) throws FormatException {
        this.nodes = model.graph().getNodeList();
        this.opset = model.opset();
        int k = 0;
        for (var e : model.initializers().entrySet()) {
            constants.put(e.getKey(), registerBuffer("initializer_" + k++, e.getValue()));
        }
        for (ValueInfoProto v : model.graph().getInputList()) {
            if (!constants.containsKey(v.getName())) {
                inputs.add(v.getName());
            }
        }
        model.graph().getOutputList().forEach(v -> outputs.add(v.getName()));
        for (NodeProto n : nodes) {
            if (n.getOpType().equals("Constant")) {
                if (n.getOutputCount() != 1 || n.getAttributeCount() != 1 || !n.getAttribute(0).hasT()) {
                    throw new FormatException("node '" + n.getName() + "' (Constant): only a tensor value 't' is supported");
                }
                constants.put(n.getOutput(0), OnnxTensors.fromProto(n.getAttribute(0).getT()));
            } else if (RecurrentOps.supports(n.getOpType())) {
                recurrent.put(n, RecurrentOps.build(n, constants));
            }
        }
        eval();
    }

    /** The names of the graph's inputs (initializers excluded), in order. */
    public List<String> inputNames() {
        return List.copyOf(inputs);
    }

    /** The names of the graph's outputs, in order. */
    public List<String> outputNames() {
        return List.copyOf(outputs);
    }

    /** The model's ONNX opset. */
    public int opset() {
        return opset;
    }

    /** The first output for a graph with a single input. */
    @Override
    public Tensor forward(Tensor input) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("ONNX model: forward takes one input but the graph has " + inputs
                    + "; use run(Map)");
        }
        return run(Map.of(inputs.get(0), input)).get(outputs.get(0));
    }

    /**
     * Runs the graph on named inputs; returns every graph output by name.
     *
     * @throws IllegalArgumentException for a missing input or an op that fails on these inputs,
     *                                  naming the node
     */
    public Map<String, Tensor> run(Map<String, Tensor> feeds) {
        Map<String, Tensor> values = new HashMap<>(constants);
        for (String in : inputs) {
            Tensor t = feeds.get(in);
            if (t == null) {
                throw new IllegalArgumentException("ONNX model: missing input '" + in + "'");
            }
            values.put(in, t);
        }
        for (NodeProto n : nodes) {
            if (n.getOpType().equals("Constant")) {
                continue;
            }
            List<Tensor> args = new ArrayList<>();
            for (String name : n.getInputList()) {
                args.add(name.isEmpty() ? null : values.get(name));
            }
            List<Tensor> results;
            try {
                RecurrentLayer layer = recurrent.get(n);
                results = layer != null ? RecurrentOps.run(layer, args)
                        : OnnxOps.get(n.getOpType()).apply(args, new OnnxOps.Attributes(n));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("ONNX node '" + n.getName() + "' (" + n.getOpType() + "): "
                        + e.getMessage(), e);
            }
            for (int i = 0; i < n.getOutputCount() && i < results.size(); i++) {
                values.put(n.getOutput(i), results.get(i));
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        outputs.forEach(o -> out.put(o, values.get(o)));
        return out;
    }

    @Override
    protected String extraRepr() {
        return "inputs=" + inputs + ", outputs=" + outputs + ", nodes=" + nodes.size() + ", opset=" + opset;
    }
}
