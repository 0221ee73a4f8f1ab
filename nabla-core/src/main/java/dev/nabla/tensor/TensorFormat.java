package dev.nabla.tensor;

import dev.nabla.backend.Backends;
import dev.nabla.backend.DType;
import java.util.Locale;

/**
 * PyTorch-style printing: {@code tensor([[1.0000, 2.0000], [3.0000, 4.0000]])}, with rows aligned,
 * large tensors abbreviated to their first and last 3 entries per dim, and the dtype and grad_fn
 * noted when they are not the defaults.
 */
final class TensorFormat {
    private static final int THRESHOLD = 1000;
    private static final int EDGE = 3;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        double[] values = t.toDoubleArray();
        int[] shape = t.shape();
        boolean summarize = values.length > THRESHOLD;
        String style = style(t.dtype(), values);
        int width = 0;
        for (double v : values) {
            width = Math.max(width, formatOne(v, style).length());
        }
        StringBuilder sb = new StringBuilder("tensor(");
        if (values.length == 0) {
            sb.append("[]");
        } else {
            appendDim(sb, values, shape, 0, 0, width, style, summarize);
        }
        if (t.dtype() != Backends.getDefault().floatType() && t.dtype() != DType.INT64 && t.dtype() != DType.BOOL
                || (values.length == 0 && t.dtype() != Backends.getDefault().floatType())) {
            sb.append(", dtype=").append(t.dtype().shortName());
        }
        if (t.gradFn() != null) {
            sb.append(", grad_fn=").append(t.gradFn());
        } else if (t.requiresGrad()) {
            sb.append(", requires_grad=true");
        }
        return sb.append(')').toString();
    }

    private static void appendDim(StringBuilder sb, double[] v, int[] shape, int dim, int offset, int width,
                                  String style, boolean summarize) {
        if (dim == shape.length) {
            String s = formatOne(v[offset], style);
            sb.append(" ".repeat(width - s.length())).append(s);
            return;
        }
        int n = shape[dim];
        int stride = 1;
        for (int i = dim + 1; i < shape.length; i++) {
            stride *= shape[i];
        }
        sb.append('[');
        String sep = dim == shape.length - 1 ? ", " : "," + "\n".repeat(shape.length - dim - 1)
                + " ".repeat("tensor(".length() + dim + 1);
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE && i == EDGE) {
                sb.append("...").append(sep);
                i = n - EDGE;
            }
            appendDim(sb, v, shape, dim + 1, offset + i * stride, width, style, summarize);
            if (i < n - 1) {
                sb.append(sep);
            }
        }
        sb.append(']');
    }

    private static String style(DType dtype, double[] values) {
        if (dtype == DType.BOOL) {
            return "bool";
        }
        if (dtype == DType.INT64) {
            return "int";
        }
        double maxAbs = 0;
        double minAbs = Double.POSITIVE_INFINITY;
        boolean integral = true;
        for (double v : values) {
            if (Double.isFinite(v)) {
                maxAbs = Math.max(maxAbs, Math.abs(v));
                if (v != 0) {
                    minAbs = Math.min(minAbs, Math.abs(v));
                }
                integral &= v == Math.rint(v);
            }
        }
        if (integral && maxAbs < 1e8) {
            return "integral";
        }
        return maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs != Double.POSITIVE_INFINITY) || maxAbs / minAbs > 1e4
                ? "sci" : "fixed";
    }

    private static String formatOne(double v, String style) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return switch (style) {
            case "bool" -> v != 0 ? "true" : "false";
            case "int" -> Long.toString((long) v);
            case "integral" -> String.format(Locale.ROOT, "%.0f.", v);
            case "sci" -> String.format(Locale.ROOT, "%.4e", v);
            default -> String.format(Locale.ROOT, "%.4f", v);
        };
    }
}
