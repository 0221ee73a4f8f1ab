package dev.nabla.onnx;

import static dev.nabla.onnx.GraphBuilder.attr;

import dev.nabla.backend.DType;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.BatchNorm1d;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.ELU;
import dev.nabla.nn.layers.Embedding;
import dev.nabla.nn.layers.Flatten;
import dev.nabla.nn.layers.GELU;
import dev.nabla.nn.layers.GLU;
import dev.nabla.nn.layers.Identity;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.nn.layers.LeakyReLU;
import dev.nabla.nn.layers.RReLU;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.LogSoftmax;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.nn.layers.SiLU;
import dev.nabla.nn.layers.Sigmoid;
import dev.nabla.nn.layers.Softmax;
import dev.nabla.nn.layers.CELU;
import dev.nabla.nn.layers.Hardsigmoid;
import dev.nabla.nn.layers.Hardswish;
import dev.nabla.nn.layers.Hardtanh;
import dev.nabla.nn.layers.LogSigmoid;
import dev.nabla.nn.layers.Mish;
import dev.nabla.nn.layers.PReLU;
import dev.nabla.nn.layers.ReLU6;
import dev.nabla.nn.layers.SELU;
import dev.nabla.nn.layers.Softplus;
import dev.nabla.nn.layers.Softsign;
import dev.nabla.nn.layers.Hardshrink;
import dev.nabla.nn.layers.Softmin;
import dev.nabla.nn.layers.Softshrink;
import dev.nabla.nn.layers.Tanh;
import dev.nabla.nn.layers.Tanhshrink;
import dev.nabla.nn.layers.Threshold;
import dev.nabla.nn.rnn.GRU;
import dev.nabla.nn.rnn.LSTM;
import dev.nabla.nn.rnn.RNN;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ONNX form of each built-in layer. A converter gets the layer, the sample tensor that
 * reaches it (for shapes) and the name of its input value; it appends nodes and returns the
 * name of the layer's output, which is always the output of the last node it appended.
 * Layers are matched by exact class, as a subclass may change {@code forward}.
 */
final class LayerExport {

    /** Converts one layer. */
    @FunctionalInterface
    interface Converter {
        String convert(Module layer, Tensor sample, String input, GraphBuilder g);
    }

    private static final Map<Class<? extends Module>, Converter> CONVERTERS = new LinkedHashMap<>();

    static {
        CONVERTERS.put(Sequential.class, LayerExport::sequential);
        CONVERTERS.put(Linear.class, (m, x, in, g) -> linear((Linear) m, x.dim(), in, g));
        CONVERTERS.put(ReLU.class, (m, x, in, g) -> g.node("Relu", List.of(in)));
        CONVERTERS.put(Sigmoid.class, (m, x, in, g) -> g.node("Sigmoid", List.of(in)));
        CONVERTERS.put(Tanh.class, (m, x, in, g) -> g.node("Tanh", List.of(in)));
        CONVERTERS.put(SiLU.class, (m, x, in, g) -> g.node("Mul", List.of(in, g.node("Sigmoid", List.of(in)))));
        CONVERTERS.put(GELU.class, (m, x, in, g) -> g.node("Gelu", List.of(in),
                attr("approximate", ((GELU) m).tanhApproximation() ? "tanh" : "none")));
        CONVERTERS.put(ELU.class, (m, x, in, g) -> g.node("Elu", List.of(in), attr("alpha", ((ELU) m).alpha())));
        CONVERTERS.put(LeakyReLU.class, (m, x, in, g) -> g.node("LeakyRelu", List.of(in),
                attr("alpha", ((LeakyReLU) m).negativeSlope())));
        CONVERTERS.put(RReLU.class, (m, x, in, g) -> g.node("LeakyRelu", List.of(in), // its evaluation form
                attr("alpha", (((RReLU) m).config().lower() + ((RReLU) m).config().upper()) / 2)));
        CONVERTERS.put(Softplus.class, (m, x, in, g) -> softplus((Softplus) m, in, g));
        CONVERTERS.put(ReLU6.class, (m, x, in, g) -> clip(in, 0, 6, g));
        CONVERTERS.put(Hardtanh.class, (m, x, in, g) -> clip(in, ((Hardtanh) m).minVal(), ((Hardtanh) m).maxVal(), g));
        CONVERTERS.put(Hardswish.class, (m, x, in, g) -> g.node("HardSwish", List.of(in)));
        CONVERTERS.put(Hardsigmoid.class, (m, x, in, g) -> g.node("HardSigmoid", List.of(in), attr("alpha", 1.0 / 6),
                attr("beta", 0.5)));
        CONVERTERS.put(Mish.class, (m, x, in, g) -> g.node("Mish", List.of(in)));
        CONVERTERS.put(LogSigmoid.class, (m, x, in, g) ->
                g.node("Neg", List.of(g.node("Softplus", List.of(g.node("Neg", List.of(in)))))));
        CONVERTERS.put(Softsign.class, (m, x, in, g) -> g.node("Softsign", List.of(in)));
        CONVERTERS.put(SELU.class, (m, x, in, g) -> g.node("Selu", List.of(in), attr("alpha", SELU.ALPHA),
                attr("gamma", SELU.SCALE)));
        CONVERTERS.put(CELU.class, (m, x, in, g) -> g.node("Celu", List.of(in), attr("alpha", ((CELU) m).alpha())));
        CONVERTERS.put(PReLU.class, (m, x, in, g) -> prelu((PReLU) m, x, in, g));
        CONVERTERS.put(Softmin.class, (m, x, in, g) -> g.node("Softmax", List.of(g.node("Neg", List.of(in))),
                attr("axis", (long) ((Softmin) m).config().dim())));
        CONVERTERS.put(Threshold.class, (m, x, in, g) -> g.node("Where", List.of(
                g.node("LessOrEqual", List.of(in, g.floats("threshold", new float[] {(float) ((Threshold) m).config().threshold()}))),
                g.floats("threshold_value", new float[] {(float) ((Threshold) m).config().value()}), in)));
        CONVERTERS.put(GLU.class, (m, x, in, g) -> glu((GLU) m, x, in, g));
        CONVERTERS.put(Tanhshrink.class, (m, x, in, g) -> g.node("Sub", List.of(in, g.node("Tanh", List.of(in)))));
        CONVERTERS.put(Hardshrink.class, (m, x, in, g) -> g.node("Shrink", List.of(in),
                attr("lambd", ((Hardshrink) m).config().lambd()), attr("bias", 0.0)));
        CONVERTERS.put(Softshrink.class, (m, x, in, g) -> g.node("Shrink", List.of(in),
                attr("lambd", ((Softshrink) m).config().lambd()), attr("bias", ((Softshrink) m).config().lambd())));
        CONVERTERS.put(Softmax.class, (m, x, in, g) -> g.node("Softmax", List.of(in), attr("axis", ((Softmax) m).dim())));
        CONVERTERS.put(LogSoftmax.class, (m, x, in, g) -> g.node("LogSoftmax", List.of(in),
                attr("axis", ((LogSoftmax) m).dim())));
        CONVERTERS.put(Identity.class, (m, x, in, g) -> g.node("Identity", List.of(in)));
        CONVERTERS.put(Dropout.class, (m, x, in, g) -> g.node("Identity", List.of(in)));
        CONVERTERS.put(Flatten.class, (m, x, in, g) -> flatten((Flatten) m, x, in, g));
        CONVERTERS.put(LayerNorm.class, (m, x, in, g) -> layerNorm((LayerNorm) m, in, g));
        CONVERTERS.put(BatchNorm1d.class, (m, x, in, g) -> batchNorm((BatchNorm1d) m, in, g));
        CONVERTERS.put(Embedding.class, (m, x, in, g) -> g.node("Gather",
                List.of(g.initializer("embedding_weight", ((Embedding) m).weight), in), attr("axis", 0L)));
        CONVERTERS.put(RNN.class, RecurrentExport::convert);
        CONVERTERS.put(LSTM.class, RecurrentExport::convert);
        CONVERTERS.put(GRU.class, RecurrentExport::convert);
        AttentionExport.register(CONVERTERS);
        ImageExport.register(CONVERTERS);
        ChannelExport.register(CONVERTERS);
    }

    private LayerExport() {
    }

    /** Appends {@code layer}'s nodes; returns its output's name. */
    static String convert(Module layer, Tensor sample, String input, GraphBuilder g) {
        Converter c = CONVERTERS.get(layer.getClass());
        if (c == null) {
            throw new IllegalArgumentException("ONNX export: no converter for " + layer.getClass().getSimpleName());
        }
        return c.convert(layer, sample, input, g);
    }

    /** The layers under {@code root} (itself included) that have no converter: "name (Type)" each. */
    static List<String> unsupported(Module root) {
        List<String> out = new ArrayList<>();
        collect(root, "", out);
        return out;
    }

    /** Whether {@code root} or a layer in its Sequential containers is of one of {@code types}. */
    static boolean contains(Module root, java.util.Set<Class<? extends Module>> types) {
        if (types.contains(root.getClass())) {
            return true;
        }
        return root instanceof Sequential && root.children().stream().anyMatch(c -> contains(c, types));
    }

    private static void collect(Module m, String path, List<String> out) {
        if (!CONVERTERS.containsKey(m.getClass())) {
            out.add(m.getClass().getSimpleName() + (path.isEmpty() ? "" : " (" + path + ")"));
        } else if (m instanceof Sequential) {
            m.namedChildren().forEach((name, child) -> collect(child, path.isEmpty() ? name : path + "." + name, out));
        }
    }

    private static String sequential(Module seq, Tensor sample, String input, GraphBuilder g) {
        Tensor x = sample;
        String name = input;
        for (Module layer : seq.children()) {
            name = convert(layer, x, name, g);
            x = layer.forward(x);
        }
        return name.equals(input) ? g.node("Identity", List.of(input)) : name;
    }

    /** {@code y = x W^T + b}: Gemm for a matrix input, MatMul then Add for more dimensions. */
    static String linear(Linear l, int inputRank, String in, GraphBuilder g) {
        if (inputRank == 2) {
            List<String> inputs = new ArrayList<>(List.of(in, g.initializer("linear_weight", l.weight)));
            if (l.bias != null) {
                inputs.add(g.initializer("linear_bias", l.bias));
            }
            return g.node("Gemm", inputs, attr("transB", 1L));
        }
        String y = g.node("MatMul", List.of(in, g.initializer("linear_weight_t", l.weight.t().contiguous())));
        return l.bias == null ? y : g.node("Add", List.of(y, g.initializer("linear_bias", l.bias)));
    }

    /** PyTorch's softplus: {@code x} where {@code beta x > threshold}, else {@code log(1 + exp(beta x)) / beta}. */
    /** {@code a * Sigmoid(b)} of the two halves (Slice) along the layer's dim of the sample. */
    private static String glu(GLU glu, Tensor x, String in, GraphBuilder g) {
        int d = glu.config().dim() < 0 ? glu.config().dim() + x.dim() : glu.config().dim();
        if (d == 0) {
            throw new IllegalArgumentException("ONNX export: GLU(dim=0) splits the batch dim, which the export keeps free");
        }
        long half = x.size(d) / 2;
        String a = g.node("Slice", List.of(in, g.longs("glu_start_a", 0), g.longs("glu_end_a", half), g.longs("glu_axes_a", d)));
        String b = g.node("Slice", List.of(in, g.longs("glu_start_b", half), g.longs("glu_end_b", 2 * half),
                g.longs("glu_axes_b", d)));
        return g.node("Mul", List.of(a, g.node("Sigmoid", List.of(b))));
    }

    /** {@code Clip} with scalar bounds (inputs since opset 11). */
    private static String clip(String in, double min, double max, GraphBuilder g) {
        return g.node("Clip", List.of(in, g.initializer("clip_min", Tensor.scalar(min).to(DType.FLOAT32)),
                g.initializer("clip_max", Tensor.scalar(max).to(DType.FLOAT32))));
    }

    /** {@code PRelu} with the slopes shaped {@code [C, 1, ...]} against {@code [N, C, ...]} (or one slope). */
    private static String prelu(PReLU p, Tensor x, String in, GraphBuilder g) {
        int n = p.weight.size(0);
        int[] shape = new int[n == 1 ? 1 : x.dim() - 1];
        java.util.Arrays.fill(shape, 1);
        shape[0] = n;
        return g.node("PRelu", List.of(in, g.initializer("prelu_slope", p.weight.detach().reshape(shape))));
    }

    private static String softplus(Softplus s, String in, GraphBuilder g) {
        String beta = g.floats("softplus_beta", new float[] {(float) s.beta()});
        String bx = g.node("Mul", List.of(in, beta));
        String smooth = g.node("Div", List.of(g.node("Softplus", List.of(bx)), beta));
        String over = g.node("Greater", List.of(bx, g.floats("softplus_threshold", new float[] {(float) s.threshold()})));
        return g.node("Where", List.of(over, in, smooth));
    }

    private static String flatten(Flatten f, Tensor x, String in, GraphBuilder g) {
        int start = f.startDim() < 0 ? f.startDim() + x.dim() : f.startDim();
        int end = f.endDim() < 0 ? f.endDim() + x.dim() : f.endDim();
        if (start == end) {
            return g.node("Identity", List.of(in));
        }
        if (start != 1 || end != x.dim() - 1) {
            throw new IllegalArgumentException("ONNX export: Flatten(start_dim=" + f.startDim() + ", end_dim="
                    + f.endDim() + ") on " + x.dim() + "-d input; only start_dim=1 through the last dim is exported");
        }
        return g.node("Flatten", List.of(in), attr("axis", 1L));
    }

    static String layerNorm(LayerNorm ln, String in, GraphBuilder g) {
        int[] shape = ln.normalizedShape();
        Tensor scale = ln.weight != null ? ln.weight : Tensor.ones(shape);
        Tensor bias = ln.bias != null ? ln.bias : Tensor.zeros(shape);
        return g.node("LayerNormalization", List.of(in, g.initializer("ln_scale", scale), g.initializer("ln_bias", bias)),
                attr("axis", (long) -shape.length), attr("epsilon", ln.eps()));
    }

    /** Inference-mode batch norm with the running statistics. */
    static String batchNorm(BatchNorm1d bn, String in, GraphBuilder g) {
        if (bn.runningMean() == null) {
            throw new IllegalArgumentException("ONNX export: " + bn.getClass().getSimpleName() + " without running statistics "
                    + "(track_running_stats=False) normalizes with batch statistics, which ONNX inference cannot");
        }
        int c = bn.numFeatures();
        Tensor scale = bn.weight != null ? bn.weight : Tensor.ones(c);
        Tensor bias = bn.bias != null ? bn.bias : Tensor.zeros(c);
        return batchNormalization(in, scale, bias, bn.runningMean(), bn.runningVar(), bn.eps(), g);
    }

    /** {@code BatchNormalization}: {@code (x - mean) / sqrt(var + eps) * scale + bias} per channel. */
    static String batchNormalization(String in, Tensor scale, Tensor bias, Tensor mean, Tensor var, double eps, GraphBuilder g) {
        return g.node("BatchNormalization", List.of(in, g.initializer("bn_scale", scale), g.initializer("bn_bias", bias),
                g.initializer("bn_mean", mean), g.initializer("bn_var", var)), attr("epsilon", eps));
    }
}
