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
    private final Map<String, List<String>> strings;
    private final Map<NodeProto, RecurrentLayer> recurrent = new HashMap<>();
    private final int opset;

    OnnxModule(OnnxReader.Checked model) throws FormatException {
        this.nodes = model.graph().getNodeList();
        this.opset = model.opset();
        this.strings = model.strings();
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

    /** Whether graph output {@code name} is a string tensor (e.g. class labels), answered as {@code String[]} by {@link #runAll}. */
    public boolean isStringOutput(String name) {
        return labelOutputs().contains(name);
    }

    private java.util.Set<String> labelOutputs() {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (NodeProto n : nodes) {
            if (n.getOpType().equals("Gather") && strings.containsKey(n.getInput(0))) {
                out.add(n.getOutput(0));
            }
        }
        return out;
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
        Map<String, Tensor> out = new LinkedHashMap<>();
        runAll(feeds).forEach((name, v) -> {
            if (!(v instanceof Tensor t)) {
                throw new IllegalArgumentException("ONNX model: output '" + name + "' holds strings; use runAll");
            }
            out.put(name, t);
        });
        return out;
    }

    /**
     * Runs the graph on named inputs; returns every graph output by name: a {@link Tensor}, or a
     * {@code String[]} for string outputs (a Gather of 1-d string labels by int64 indices).
     */
    public Map<String, Object> runAll(Map<String, Tensor> feeds) {
        Map<String, Object> labels = new HashMap<>();
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
            if (n.getOpType().equals("Gather") && strings.containsKey(n.getInput(0))) {
                labels.put(n.getOutput(0), lookUp(n, strings.get(n.getInput(0)), values.get(n.getInput(1))));
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
        Map<String, Object> out = new LinkedHashMap<>();
        outputs.forEach(o -> out.put(o, labels.containsKey(o) ? labels.get(o) : values.get(o)));
        return out;
    }

    private static String[] lookUp(NodeProto n, List<String> table, Tensor indices) {
        long[] idx = indices.toLongArray();
        String[] out = new String[idx.length];
        for (int i = 0; i < idx.length; i++) {
            long k = idx[i] < 0 ? idx[i] + table.size() : idx[i];
            if (k < 0 || k >= table.size()) {
                throw new IllegalArgumentException("ONNX node '" + n.getName() + "' (Gather): index " + idx[i]
                        + " out of range for " + table.size() + " strings");
            }
            out[i] = table.get((int) k);
        }
        return out;
    }

    @Override
    protected String extraRepr() {
        return "inputs=" + inputs + ", outputs=" + outputs + ", nodes=" + nodes.size() + ", opset=" + opset;
    }
}
