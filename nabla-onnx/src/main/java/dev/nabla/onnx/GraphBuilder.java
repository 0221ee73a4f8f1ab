package dev.nabla.onnx;

import com.google.protobuf.ByteString;
import dev.nabla.onnx.proto.OnnxProto.AttributeProto;
import dev.nabla.onnx.proto.OnnxProto.GraphProto;
import dev.nabla.onnx.proto.OnnxProto.NodeProto;
import dev.nabla.onnx.proto.OnnxProto.TensorProto;
import dev.nabla.onnx.proto.OnnxProto.TensorShapeProto;
import dev.nabla.onnx.proto.OnnxProto.TypeProto;
import dev.nabla.onnx.proto.OnnxProto.ValueInfoProto;
import dev.nabla.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends nodes and initializers to an ONNX graph under fresh value names. Each layer converter
 * calls {@link #node} with its inputs and gets back the name of the node's (first) output.
 */
final class GraphBuilder {
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Map<String, Integer> counters = new HashMap<>();

    GraphBuilder(String name) {
        graph.setName(name);
    }

    /** A fresh value name starting with {@code prefix}. */
    String fresh(String prefix) {
        int n = counters.merge(prefix, 1, Integer::sum);
        return n == 1 ? prefix : prefix + "_" + (n - 1);
    }

    /** Adds node {@code op(inputs)} with the given attributes; returns its single output's name. */
    String node(String op, List<String> inputs, AttributeProto... attributes) {
        return node(op, inputs, 1, attributes).get(0);
    }

    /** Adds node {@code op(inputs)} with {@code outputs} outputs; returns their names. */
    List<String> node(String op, List<String> inputs, int outputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(fresh(op)).addAllInput(inputs);
        for (int i = 0; i < outputs; i++) {
            n.addOutput(fresh(op.toLowerCase() + "_out"));
        }
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return n.getOutputList();
    }

    /** Renames the output of the last node to {@code name} (the graph output the user chose). */
    void renameLastOutput(String name) {
        NodeProto.Builder last = graph.getNodeBuilder(graph.getNodeCount() - 1);
        last.setOutput(0, name);
    }

    /** Adds {@code t} (float32, or int64 for integer tensors) as an initializer; returns its name. */
    String initializer(String prefix, Tensor t) {
        String name = fresh(prefix);
        graph.addInitializer(OnnxTensors.toProto(name, t));
        return name;
    }

    /** A float32 constant of the given shape. */
    String floats(String prefix, float[] values, int... shape) {
        return initializer(prefix, Tensor.of(values, shape));
    }

    /** An int64 constant vector (shapes, axes). */
    String longs(String prefix, long... values) {
        return initializer(prefix, Tensor.of(values, values.length));
    }

    /** A string constant vector (class labels). */
    String strings(String prefix, List<String> values) {
        String name = fresh(prefix);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.STRING_VALUE)
                .addDims(values.size());
        values.forEach(v -> t.addStringData(ByteString.copyFrom(v, StandardCharsets.UTF_8)));
        graph.addInitializer(t);
        return name;
    }

    void input(String name, int elemType, int[] shape, Map<Integer, String> dynamic) {
        graph.addInput(valueInfo(name, elemType, shape, dynamic));
    }

    void output(String name, int elemType, int[] shape, Map<Integer, String> dynamic) {
        graph.addOutput(valueInfo(name, elemType, shape, dynamic));
    }

    GraphProto build() {
        return graph.build();
    }

    private static ValueInfoProto valueInfo(String name, int elemType, int[] shape, Map<Integer, String> dynamic) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (int i = 0; i < shape.length; i++) {
            String param = dynamic.get(i);
            s.addDim(param != null ? TensorShapeProto.Dimension.newBuilder().setDimParam(param)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(shape[i]));
        }
        TypeProto.Tensor.Builder tt = TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(s);
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tt)).build();
    }

    static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto attr(String name, double value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
                .setF((float) value).build();
    }

    static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build();
    }

    static AttributeProto attr(String name, long[] values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto attrStrings(String name, List<String> values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.STRINGS);
        values.forEach(v -> a.addStrings(ByteString.copyFrom(v, StandardCharsets.UTF_8)));
        return a.build();
    }
}
