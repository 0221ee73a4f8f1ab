package dev.nabla.onnx;

import dev.nabla.backend.DType;
import dev.nabla.onnx.proto.OnnxProto.AttributeProto;
import dev.nabla.onnx.proto.OnnxProto.NodeProto;
import dev.nabla.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ONNX ops Nabla runs (opset 13+ semantics), each as Nabla tensor operations. An op gets its
 * node's inputs (a missing optional input is null) and attributes and returns its outputs.
 */
final class OnnxOps {

    /** One ONNX op. */
    @FunctionalInterface
    interface Op {
        List<Tensor> apply(List<Tensor> in, Attributes a);
    }

    /** A node's attributes, with ONNX's defaults supplied by the caller. */
    record Attributes(NodeProto node) {
        AttributeProto find(String name) {
            for (AttributeProto a : node.getAttributeList()) {
                if (a.getName().equals(name)) {
                    return a;
                }
            }
            return null;
        }

        long i(String name, long dflt) {
            AttributeProto a = find(name);
            return a == null ? dflt : a.getI();
        }

        double f(String name, double dflt) {
            AttributeProto a = find(name);
            return a == null ? dflt : a.getF();
        }

        String s(String name, String dflt) {
            AttributeProto a = find(name);
            return a == null ? dflt : a.getS().toString(StandardCharsets.UTF_8);
        }

        int[] ints(String name) {
            AttributeProto a = find(name);
            return a == null ? null : a.getIntsList().stream().mapToInt(Long::intValue).toArray();
        }
    }

    private static final Map<String, Op> OPS = new HashMap<>();

    private static void unary(String name, java.util.function.UnaryOperator<Tensor> f) {
        OPS.put(name, (in, a) -> List.of(f.apply(in.get(0))));
    }

    private static void binary(String name, java.util.function.BinaryOperator<Tensor> f) {
        OPS.put(name, (in, a) -> List.of(f.apply(in.get(0), in.get(1))));
    }

    static {
        unary("Identity", x -> x);
        unary("Relu", Tensor::relu);
        unary("Sigmoid", Tensor::sigmoid);
        unary("Tanh", Tensor::tanh);
        unary("Erf", Tensor::erf);
        unary("Exp", Tensor::exp);
        unary("Log", Tensor::log);
        unary("Sqrt", Tensor::sqrt);
        unary("Neg", Tensor::neg);
        unary("Abs", Tensor::abs);
        unary("Softplus", x -> x.softplus(1, Double.POSITIVE_INFINITY));
        binary("Add", Tensor::add);
        binary("Sub", Tensor::sub);
        binary("Mul", Tensor::mul);
        binary("Div", Tensor::div);
        binary("Pow", Tensor::pow);
        binary("Greater", Tensor::gt);
        binary("Less", Tensor::lt);
        binary("LessOrEqual", Tensor::le);
        binary("GreaterOrEqual", Tensor::ge);
        binary("Equal", Tensor::eq);
        binary("MatMul", Tensor::matmul);
        OPS.put("Dropout", (in, a) -> List.of(in.get(0)));
        OPS.put("Where", (in, a) -> List.of(Tensor.where(in.get(0), in.get(1), in.get(2))));
        OPS.put("Elu", (in, a) -> List.of(in.get(0).elu(a.f("alpha", 1.0))));
        OPS.put("Selu", (in, a) -> List.of(in.get(0).elu(a.f("alpha", 1.67326319217681884765625))
                .mul(a.f("gamma", 1.05070102214813232421875))));
        OPS.put("Celu", (in, a) -> {
            double alpha = a.f("alpha", 1.0);
            return List.of(in.get(0).div(alpha).elu(1).mul(alpha));
        });
        OPS.put("HardSwish", (in, a) -> List.of(in.get(0).hardswish()));
        OPS.put("Shrink", (in, a) -> {
            Tensor x = in.get(0);
            double lambd = a.f("lambd", 0.5);
            double bias = a.f("bias", 0);
            return List.of(Tensor.where(x.lt(-lambd), x.add(bias), Tensor.where(x.gt(lambd), x.sub(bias),
                    Tensor.zerosLike(x))));
        });
        OPS.put("HardSigmoid", (in, a) -> List.of(in.get(0).mul(a.f("alpha", 0.2)).add(a.f("beta", 0.5)).hardtanh(0, 1)));
        OPS.put("Mish", (in, a) -> List.of(in.get(0).mish()));
        OPS.put("Softsign", (in, a) -> List.of(in.get(0).div(in.get(0).abs().add(1))));
        OPS.put("PRelu", (in, a) -> List.of(Tensor.where(in.get(0).gt(0), in.get(0), in.get(0).mul(in.get(1)))));
        OPS.put("Clip", (in, a) -> {
            Tensor x = in.get(0);
            double min = in.size() > 1 && in.get(1) != null ? in.get(1).item() : Double.NEGATIVE_INFINITY;
            double max = in.size() > 2 && in.get(2) != null ? in.get(2).item() : Double.POSITIVE_INFINITY;
            return List.of(x.hardtanh(min, max));
        });
        OPS.put("LeakyRelu", (in, a) -> List.of(in.get(0).leakyRelu(a.f("alpha", 0.01))));
        OPS.put("Gelu", (in, a) -> List.of(in.get(0).gelu(a.s("approximate", "none").equals("tanh"))));
        OPS.put("Softmax", (in, a) -> List.of(in.get(0).softmax((int) a.i("axis", -1))));
        OPS.put("LogSoftmax", (in, a) -> List.of(in.get(0).logSoftmax((int) a.i("axis", -1))));
        OPS.put("Gemm", OnnxOps::gemm);
        OPS.put("LayerNormalization", OnnxOps::layerNorm);
        OPS.put("BatchNormalization", OnnxOps::batchNorm);
        OPS.put("Flatten", OnnxOps::flatten);
        OPS.put("Reshape", (in, a) -> List.of(in.get(0).reshape(reshapeTarget(in.get(0), in.get(1)))));
        OPS.put("Transpose", OnnxOps::transpose);
        OPS.put("Gather", OnnxOps::gather);
        OPS.put("Unsqueeze", (in, a) -> List.of(unsqueeze(in.get(0), ints(in.get(1)))));
        OPS.put("Squeeze", OnnxOps::squeeze);
        OPS.put("Concat", (in, a) -> List.of(Tensor.concat(in, (int) a.i("axis", 0))));
        OPS.put("Shape", OnnxOps::shape);
        OPS.put("ConstantOfShape", OnnxOps::constantOfShape);
        OPS.put("Slice", OnnxOps::slice);
        OPS.put("Trilu", OnnxOps::trilu);
        OPS.put("ArgMax", (in, a) -> List.of(in.get(0).argmax((int) a.i("axis", 0), a.i("keepdims", 1) != 0)));
        ImageOps.register(OPS);
    }

    private OnnxOps() {
    }

    static boolean supports(String opType) {
        return OPS.containsKey(opType) || opType.equals("Constant") || RecurrentOps.supports(opType);
    }

    /** The implementation of {@code opType} (a supported op). */
    static Op get(String opType) {
        return OPS.get(opType);
    }

    /** {@code alpha * A' B' + beta * C}, with {@code '} the optional transposes. */
    private static List<Tensor> gemm(List<Tensor> in, Attributes a) {
        Tensor x = a.i("transA", 0) != 0 ? in.get(0).t() : in.get(0);
        Tensor w = a.i("transB", 0) != 0 ? in.get(1).t() : in.get(1);
        double alpha = a.f("alpha", 1.0);
        double beta = a.f("beta", 1.0);
        Tensor c = in.size() > 2 ? in.get(2) : null;
        if (alpha == 1 && beta == 1 && a.i("transB", 0) != 0 && (c == null || c.dim() == 1)) {
            return List.of(x.linear(in.get(1), c));
        }
        Tensor y = x.matmul(w);
        y = alpha == 1 ? y : y.mul(alpha);
        return List.of(c == null ? y : y.add(beta == 1 ? c : c.mul(beta)));
    }

    private static List<Tensor> layerNorm(List<Tensor> in, Attributes a) {
        Tensor x = in.get(0);
        int axis = (int) a.i("axis", -1);
        int[] shape = Arrays.copyOfRange(x.shape(), axis < 0 ? axis + x.dim() : axis, x.dim());
        Tensor bias = in.size() > 2 ? in.get(2) : null;
        return List.of(x.layerNorm(shape, in.get(1), bias, a.f("epsilon", 1e-5)));
    }

    /** Inference-mode batch norm over channel dim 1: {@code (x - mean) / sqrt(var + eps) * scale + B}. */
    private static List<Tensor> batchNorm(List<Tensor> in, Attributes a) {
        Tensor x = in.get(0);
        int[] cs = new int[x.dim()];
        Arrays.fill(cs, 1);
        cs[1] = x.size(1);
        Tensor inv = in.get(4).reshape(cs).add(a.f("epsilon", 1e-5)).rsqrt();
        return List.of(x.sub(in.get(3).reshape(cs)).mul(inv).mul(in.get(1).reshape(cs)).add(in.get(2).reshape(cs)));
    }

    private static List<Tensor> flatten(List<Tensor> in, Attributes a) {
        Tensor x = in.get(0);
        int axis = (int) a.i("axis", 1);
        axis = axis < 0 ? axis + x.dim() : axis;
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= x.size(i);
        }
        return List.of(x.reshape(outer, -1));
    }

    /** ONNX Reshape's target: 0 copies the input's dim at that position, -1 is inferred. */
    private static int[] reshapeTarget(Tensor x, Tensor shape) {
        int[] s = ints(shape);
        for (int i = 0; i < s.length; i++) {
            if (s[i] == 0) {
                s[i] = x.size(i);
            }
        }
        return s;
    }

    private static List<Tensor> transpose(List<Tensor> in, Attributes a) {
        Tensor x = in.get(0);
        int[] perm = a.ints("perm");
        if (perm == null) {
            perm = new int[x.dim()];
            for (int i = 0; i < perm.length; i++) {
                perm[i] = perm.length - 1 - i;
            }
        }
        return List.of(x.permute(perm).contiguous());
    }

    /** {@code data} indexed along {@code axis} by {@code indices} of any shape (negative ones count from the end). */
    private static List<Tensor> gather(List<Tensor> in, Attributes a) {
        Tensor data = in.get(0);
        Tensor idx = in.get(1);
        int axis = (int) a.i("axis", 0);
        axis = axis < 0 ? axis + data.dim() : axis;
        Tensor flat = idx.reshape(-1);
        flat = Tensor.where(flat.lt(0), flat.add(data.size(axis)), flat);
        int[] shape = new int[data.dim() - 1 + idx.dim()];
        System.arraycopy(data.shape(), 0, shape, 0, axis);
        System.arraycopy(idx.shape(), 0, shape, axis, idx.dim());
        System.arraycopy(data.shape(), axis + 1, shape, axis + idx.dim(), data.dim() - axis - 1);
        return List.of(data.indexSelect(axis, flat).reshape(shape));
    }

    private static Tensor unsqueeze(Tensor x, int[] axes) {
        int rank = x.dim() + axes.length;
        int[] sorted = Arrays.stream(axes).map(d -> d < 0 ? d + rank : d).sorted().toArray();
        for (int d : sorted) {
            x = x.unsqueeze(d);
        }
        return x;
    }

    private static List<Tensor> squeeze(List<Tensor> in, Attributes a) {
        Tensor x = in.get(0);
        if (in.size() < 2 || in.get(1) == null) {
            return List.of(x.squeeze());
        }
        int rank = x.dim();
        int[] sorted = Arrays.stream(ints(in.get(1))).map(d -> d < 0 ? d + rank : d).sorted().toArray();
        for (int i = sorted.length - 1; i >= 0; i--) {
            x = x.squeeze(sorted[i]);
        }
        return List.of(x);
    }

    /** The dims of the input from {@code start} to {@code end} (opset 15's attributes; negative from the end). */
    private static List<Tensor> shape(List<Tensor> in, Attributes a) {
        int[] s = in.get(0).shape();
        int start = clampAxis(a.i("start", 0), s.length);
        int end = clampAxis(a.i("end", s.length), s.length);
        long[] dims = Arrays.stream(Arrays.copyOfRange(s, start, Math.max(start, end))).asLongStream().toArray();
        return List.of(Tensor.of(dims, dims.length));
    }

    /** A tensor of shape {@code in[0]} filled with the one value of attribute {@code value} (float 0 by default). */
    private static List<Tensor> constantOfShape(List<Tensor> in, Attributes a) {
        AttributeProto value = a.find("value");
        Tensor v;
        try {
            v = value == null ? Tensor.zeros(1) : OnnxTensors.fromProto(value.getT());
        } catch (dev.nabla.io.FormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (v.numel() != 1) {
            throw new IllegalArgumentException("value must hold one element, got " + v.numel());
        }
        return List.of(Tensor.full(v.dtype(), v.reshape(-1).toDoubleArray()[0], ints(in.get(0))));
    }

    private static int clampAxis(long i, int rank) {
        return (int) Math.max(0, Math.min(rank, i < 0 ? i + rank : i));
    }

    /** ONNX Slice with positive steps: starts, ends (clamped, negative from the end), optional axes and steps. */
    private static List<Tensor> slice(List<Tensor> in, Attributes a) {
        Tensor x = in.get(0);
        long[] starts = in.get(1).toLongArray();
        long[] ends = in.get(2).toLongArray();
        long[] axes = in.size() > 3 && in.get(3) != null ? in.get(3).toLongArray() : null;
        long[] steps = in.size() > 4 && in.get(4) != null ? in.get(4).toLongArray() : null;
        for (int i = 0; i < starts.length; i++) {
            int axis = (int) (axes == null ? i : axes[i] < 0 ? axes[i] + x.dim() : axes[i]);
            int n = x.size(axis);
            int step = steps == null ? 1 : Math.toIntExact(steps[i]);
            if (step <= 0) {
                throw new IllegalArgumentException("Slice with step " + step + " is not supported");
            }
            int from = clampAxis(starts[i], n);
            int to = Math.max(from, clampAxis(ends[i], n));
            x = x.slice(axis, from, to, step);
        }
        return List.of(x);
    }

    /** The upper ({@code upper=1}) or lower triangle of the last two dims from diagonal {@code k}; zeros elsewhere. */
    private static List<Tensor> trilu(List<Tensor> in, Attributes a) {
        Tensor x = in.get(0);
        long k = in.size() > 1 && in.get(1) != null ? in.get(1).toLongArray()[0] : 0;
        int rows = x.size(-2);
        int cols = x.size(-1);
        Tensor diff = Tensor.arange(cols).reshape(1, cols).sub(Tensor.arange(rows).reshape(rows, 1));
        Tensor keep = a.i("upper", 1) != 0 ? diff.ge(k) : diff.le(k);
        return List.of(Tensor.where(keep, x, Tensor.zerosLike(x)));
    }

    /** The values of an int64 tensor (shapes, axes). */
    static int[] ints(Tensor t) {
        if (t.dtype() != DType.INT64) {
            throw new IllegalArgumentException("expected an int64 tensor, got " + t.dtype().shortName());
        }
        return Arrays.stream(t.toLongArray()).mapToInt(Math::toIntExact).toArray();
    }
}
