package dev.nabla.onnx;

import dev.nabla.nn.layers.LocalResponseNorm;
import dev.nabla.ops.Conv;
import dev.nabla.ops.Interpolate;
import dev.nabla.ops.Pad;
import dev.nabla.ops.Pool;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The ONNX image ops Nabla runs, on 1-d ({@code [N, C, L]}) or 2-d ({@code [N, C, H, W]})
 * spatial inputs, as Nabla's functional {@link Conv}, {@link Pool}, {@link Pad} and
 * {@link Interpolate}: Conv, ConvTranspose, MaxPool, AveragePool, GlobalAveragePool, Pad
 * (constant, reflect, edge, wrap), Resize (nearest with asymmetric/floor, linear with
 * half_pixel, pytorch_half_pixel or align_corners) and ReduceMean. Unequal begin and end pads
 * of Conv and the pools become a {@code Pad} first; {@code auto_pad} other than NOTSET/VALID and
 * the other Resize modes are refused by name.
 */
final class ImageOps {
    private ImageOps() {
    }

    static void register(Map<String, OnnxOps.Op> ops) {
        ops.put("Conv", ImageOps::conv);
        ops.put("ConvTranspose", ImageOps::convTranspose);
        ops.put("MaxPool", ImageOps::maxPool);
        ops.put("AveragePool", ImageOps::avgPool);
        ops.put("GlobalAveragePool", (in, a) -> List.of(in.get(0).mean(spatialDims(in.get(0)), true)));
        ops.put("GlobalMaxPool", (in, a) -> List.of(in.get(0).amax(spatialDims(in.get(0)), true)));
        ops.put("InstanceNormalization", ImageOps::instanceNorm);
        ops.put("LRN", (in, a) -> {
            int size = (int) a.i("size", 0);
            return List.of(LocalResponseNorm.apply(in.get(0), size, (size - 1) / 2, a.f("alpha", 1e-4), a.f("beta", 0.75),
                    a.f("bias", 1.0)));
        });
        ops.put("Pad", ImageOps::pad);
        ops.put("DepthToSpace", ImageOps::depthToSpace);
        ops.put("Resize", ImageOps::resize);
        ops.put("ReduceMean", ImageOps::reduceMean);
    }

    private static int[] spatialDims(Tensor x) {
        int[] dims = new int[x.dim() - 2];
        Arrays.setAll(dims, i -> 2 + i);
        return dims;
    }

    /** An ints attribute, or {@code dflt} repeated over the {@code n} spatial dims. */
    private static int[] ints(OnnxOps.Attributes a, String name, int n, int dflt) {
        int[] v = a.ints(name);
        if (v == null) {
            v = new int[n];
            Arrays.fill(v, dflt);
        }
        return v;
    }

    /** The spatial dims of {@code x}, checked to be 1 or 2. */
    private static int spatial(String op, Tensor x) {
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException(op + " on a " + x.dim() + "-d input; only 1-d and 2-d spatial inputs are supported");
        }
        return x.dim() - 2;
    }

    /**
     * The input with unequal ONNX pads {@code [b..., e...]} applied by {@link Pad} (constant
     * {@code value}), and the symmetric pads left for the op; {@code auto_pad} must be NOTSET or VALID.
     */
    private record Padded(Tensor x, int[] pads) {
        static Padded of(String op, Tensor x, OnnxOps.Attributes a, double value) {
            int n = x.dim() - 2;
            String auto = a.s("auto_pad", "NOTSET");
            if (!auto.equals("NOTSET") && !auto.equals("VALID")) {
                throw new IllegalArgumentException(op + " with auto_pad=" + auto + " is not supported (give explicit pads)");
            }
            int[] p = auto.equals("VALID") ? new int[2 * n] : ints(a, "pads", 2 * n, 0);
            int[] sym = new int[n];
            int[] extra = new int[2 * n];
            boolean uneven = false;
            for (int i = 0; i < n; i++) {
                sym[i] = Math.min(p[i], p[n + i]);
                int d = n - 1 - i; // Pad lists (before, after) from the last dim
                extra[2 * d] = p[i] - sym[i];
                extra[2 * d + 1] = p[n + i] - sym[i];
                uneven |= p[i] != p[n + i];
            }
            return new Padded(uneven ? Pad.pad(x, extra, "constant", value) : x, sym);
        }
    }

    private static List<Tensor> conv(List<Tensor> in, OnnxOps.Attributes a) {
        Tensor x = in.get(0);
        int n = spatial("Conv", x);
        Padded p = Padded.of("Conv", x, a, 0);
        int[] s = ints(a, "strides", n, 1);
        int[] d = ints(a, "dilations", n, 1);
        int groups = (int) a.i("group", 1);
        Tensor bias = in.size() > 2 ? in.get(2) : null;
        return List.of(n == 1 ? Conv.conv1d(p.x(), in.get(1), bias, s[0], p.pads()[0], d[0], groups)
                : Conv.conv2d(p.x(), in.get(1), bias, s, p.pads(), d, groups));
    }

    private static List<Tensor> convTranspose(List<Tensor> in, OnnxOps.Attributes a) {
        Tensor x = in.get(0);
        int n = spatial("ConvTranspose", x);
        if (a.find("output_shape") != null) {
            throw new IllegalArgumentException("ConvTranspose with output_shape is not supported (give pads and output_padding)");
        }
        int[] p = ints(a, "pads", 2 * n, 0);
        // unequal pads: the smaller on both sides, then the difference cropped from the side with the larger
        int[] both = new int[n];
        Arrays.setAll(both, i -> Math.min(p[i], p[n + i]));
        if (!a.s("auto_pad", "NOTSET").equals("NOTSET")) {
            throw new IllegalArgumentException("ConvTranspose with auto_pad=" + a.s("auto_pad", "") + " is not supported");
        }
        int[] s = ints(a, "strides", n, 1);
        int[] d = ints(a, "dilations", n, 1);
        int[] op = ints(a, "output_padding", n, 0);
        int groups = (int) a.i("group", 1);
        Tensor bias = in.size() > 2 ? in.get(2) : null;
        Tensor y = n == 1 ? Conv.convTranspose1d(x, in.get(1), bias, s[0], both[0], op[0], groups, d[0])
                : Conv.convTranspose2d(x, in.get(1), bias, s, both, op, groups, d);
        for (int i = 0; i < n; i++) {
            int dim = y.dim() - n + i;
            int crop = Math.abs(p[i] - p[n + i]);
            y = y.narrow(dim, p[i] > p[n + i] ? crop : 0, y.size(dim) - crop);
        }
        return List.of(y);
    }

    private static List<Tensor> maxPool(List<Tensor> in, OnnxOps.Attributes a) {
        Tensor x = in.get(0);
        int n = spatial("MaxPool", x);
        if (a.node().getOutputCount() > 1 && !a.node().getOutput(1).isEmpty()) {
            throw new IllegalArgumentException("MaxPool with an Indices output is not supported");
        }
        Padded p = Padded.of("MaxPool", x, a, Double.NEGATIVE_INFINITY);
        int[] k = a.ints("kernel_shape");
        int[] s = ints(a, "strides", n, 1);
        int[] d = ints(a, "dilations", n, 1);
        boolean ceil = a.i("ceil_mode", 0) != 0;
        return List.of(n == 1 ? Pool.maxPool1d(p.x(), k[0], s[0], p.pads()[0], d[0], ceil)
                : Pool.maxPool2d(p.x(), k, s, p.pads(), d, ceil));
    }

    private static List<Tensor> avgPool(List<Tensor> in, OnnxOps.Attributes a) {
        Tensor x = in.get(0);
        int n = spatial("AveragePool", x);
        if (a.ints("dilations") != null && Arrays.stream(a.ints("dilations")).anyMatch(v -> v != 1)) {
            throw new IllegalArgumentException("AveragePool with dilations " + Arrays.toString(a.ints("dilations"))
                    + " is not supported");
        }
        boolean includePad = a.i("count_include_pad", 0) != 0;
        int[] raw = ints(a, "pads", 2 * n, 0);
        if (!includePad && !Arrays.equals(Arrays.copyOf(raw, n), Arrays.copyOfRange(raw, n, 2 * n))) {
            throw new IllegalArgumentException("AveragePool with unequal pads " + Arrays.toString(raw)
                    + " and count_include_pad=0 is not supported");
        }
        Padded p = Padded.of("AveragePool", x, a, 0);
        int[] k = a.ints("kernel_shape");
        int[] s = ints(a, "strides", n, 1);
        boolean ceil = a.i("ceil_mode", 0) != 0;
        return List.of(n == 1 ? Pool.avgPool1d(p.x(), k[0], s[0], p.pads()[0], ceil, includePad)
                : Pool.avgPool2d(p.x(), k, s, p.pads(), ceil, includePad, null));
    }

    /** {@code (x - mean) / sqrt(var + epsilon) * scale + B} over each sample's channel (biased variance). */
    private static List<Tensor> instanceNorm(List<Tensor> in, OnnxOps.Attributes a) {
        Tensor x = in.get(0);
        int[] dims = spatialDims(x);
        Tensor centered = x.sub(x.mean(dims, true));
        Tensor y = centered.mul(centered.mul(centered).mean(dims, true).add(a.f("epsilon", 1e-5)).rsqrt());
        int[] channel = new int[x.dim()];
        Arrays.fill(channel, 1);
        channel[1] = x.size(1);
        return List.of(y.mul(in.get(1).reshape(channel)).add(in.get(2).reshape(channel)));
    }

    /**
     * ONNX DepthToSpace of {@code [N, C r^2, H, W]}: mode CRD (PyTorch's pixel shuffle, channels
     * {@code (C, r, r)}) or DCR (the default, channels {@code (r, r, C)}).
     */
    private static List<Tensor> depthToSpace(List<Tensor> in, OnnxOps.Attributes a) {
        Tensor x = in.get(0);
        int r = (int) a.i("blocksize", 0);
        if (x.dim() != 4 || r < 1 || x.size(1) % (r * r) != 0) {
            throw new IllegalArgumentException("DepthToSpace with blocksize " + r + " needs [N, C * r^2, H, W], got "
                    + Arrays.toString(x.shape()));
        }
        int n = x.size(0);
        int c = x.size(1) / (r * r);
        int h = x.size(2);
        int w = x.size(3);
        Tensor t = a.s("mode", "DCR").equals("CRD")
                ? x.reshape(n, c, r, r, h, w).permute(0, 1, 4, 2, 5, 3)
                : x.reshape(n, r, r, c, h, w).permute(0, 3, 4, 1, 5, 2);
        return List.of(t.reshape(n, c, h * r, w * r));
    }

    /** ONNX Pad (opset 11+): pads {@code [b..., e...]} over all dims or over the {@code axes} input. */
    private static List<Tensor> pad(List<Tensor> in, OnnxOps.Attributes a) {
        Tensor x = in.get(0);
        int[] p = OnnxOps.ints(in.get(1));
        int[] axes;
        if (in.size() > 3 && in.get(3) != null) {
            axes = Arrays.stream(OnnxOps.ints(in.get(3))).map(v -> v < 0 ? v + x.dim() : v).toArray();
        } else {
            axes = new int[x.dim()];
            Arrays.setAll(axes, i -> i);
        }
        int k = axes.length;
        int[] torch = new int[2 * x.dim()];
        for (int i = 0; i < k; i++) {
            int d = x.dim() - 1 - axes[i];
            torch[2 * d] = p[i];
            torch[2 * d + 1] = p[k + i];
        }
        String mode = switch (a.s("mode", "constant")) {
            case "constant" -> "constant";
            case "reflect" -> "reflect";
            case "edge" -> "replicate";
            case "wrap" -> "circular";
            default -> throw new IllegalArgumentException("Pad mode '" + a.s("mode", "") + "' is not supported");
        };
        double value = in.size() > 2 && in.get(2) != null ? in.get(2).toDoubleArray()[0] : 0;
        return List.of(Pad.pad(x, torch, mode, value));
    }

    /**
     * ONNX Resize (opset 13+) of the spatial dims by {@code scales} or {@code sizes} (over all
     * dims, the batch and channel ones 1 / unchanged, or over {@code axes} 2..).
     */
    private static List<Tensor> resize(List<Tensor> in, OnnxOps.Attributes a) {
        Tensor x = in.get(0);
        int n = spatial("Resize", x);
        String mode = a.s("mode", "nearest");
        String transform = a.s("coordinate_transformation_mode", "half_pixel");
        Boolean alignCorners;
        String m;
        if (mode.equals("nearest")) {
            String rounding = a.s("nearest_mode", "round_prefer_floor");
            if (transform.equals("asymmetric") && rounding.equals("floor")) {
                m = "nearest";
            } else if (transform.equals("half_pixel") && rounding.equals("round_prefer_ceil")) {
                m = "nearest-exact"; // round((i + 0.5) / s - 0.5), ties up, is floor((i + 0.5) / s)
            } else {
                throw new IllegalArgumentException("Resize nearest with coordinate_transformation_mode=" + transform
                        + ", nearest_mode=" + rounding + " is not supported (asymmetric and floor, as PyTorch's nearest,"
                        + " or half_pixel and round_prefer_ceil, as its nearest-exact)");
            }
            alignCorners = null;
        } else if (mode.equals("linear") || (mode.equals("cubic") && n == 2)) {
            if (mode.equals("cubic") && (a.f("cubic_coeff_a", -0.75) != -0.75 || a.i("exclude_outside", 0) != 0)) {
                throw new IllegalArgumentException("Resize cubic is supported with cubic_coeff_a=-0.75 and exclude_outside=0"
                        + " (PyTorch's bicubic) only");
            }
            alignCorners = switch (transform) {
                case "half_pixel", "pytorch_half_pixel" -> false;
                case "align_corners" -> true;
                default -> throw new IllegalArgumentException("Resize " + mode + " with coordinate_transformation_mode="
                        + transform + " is not supported");
            };
            m = mode.equals("cubic") ? "bicubic" : n == 1 ? "linear" : "bilinear";
        } else {
            throw new IllegalArgumentException("Resize mode '" + mode + "' is not supported"
                    + (mode.equals("cubic") ? " over " + n + " spatial dim(s) (2, as PyTorch's bicubic)" : ""));
        }
        int[] axes = a.ints("axes");
        Tensor scales = in.size() > 2 ? in.get(2) : null;
        Tensor sizes = in.size() > 3 ? in.get(3) : null;
        int[] size = null;
        double[] factor = null;
        if (sizes != null && sizes.numel() > 0) {
            int[] all = OnnxOps.ints(sizes);
            size = axes == null ? spatialOf(all, x.shape(), "sizes") : all;
        } else if (scales != null && scales.numel() > 0) {
            double[] all = scales.toDoubleArray();
            if (axes == null) {
                if (all.length != x.dim() || all[0] != 1 || all[1] != 1) {
                    throw new IllegalArgumentException("Resize scales " + Arrays.toString(all)
                            + " must leave the batch and channel dims unchanged");
                }
                all = Arrays.copyOfRange(all, 2, all.length);
            }
            factor = all;
        } else {
            throw new IllegalArgumentException("Resize needs scales or sizes");
        }
        if (axes != null && !Arrays.equals(Arrays.stream(axes).map(v -> v < 0 ? v + x.dim() : v).toArray(), spatialDims(x))) {
            throw new IllegalArgumentException("Resize over axes " + Arrays.toString(axes) + " is not supported (only the spatial dims)");
        }
        if (transform.equals("pytorch_half_pixel")) {
            return List.of(collapsingToFirst(x, size, factor, m));
        }
        return List.of(Interpolate.interpolate(x, size, factor, m, alignCorners));
    }

    /**
     * pytorch_half_pixel: half_pixel, except that a dim resized to length 1 takes source
     * position 0 (so the input is first cut to its first position there).
     */
    private static Tensor collapsingToFirst(Tensor x, int[] size, double[] factor, String mode) {
        int n = x.dim() - 2;
        int[] out = new int[n];
        boolean cut = false;
        for (int i = 0; i < n; i++) {
            out[i] = size != null ? size[size.length == 1 ? 0 : i]
                    : (int) Math.floor(x.size(2 + i) * factor[factor.length == 1 ? 0 : i]);
            if (out[i] == 1 && x.size(2 + i) > 1) {
                x = x.slice(2 + i, 0, 1, 1);
                cut = true;
            }
        }
        return cut ? Interpolate.interpolate(x, out, null, mode, false)
                : Interpolate.interpolate(x, size, factor, mode, false);
    }

    private static int[] spatialOf(int[] all, int[] shape, String what) {
        if (all.length != shape.length || all[0] != shape[0] || all[1] != shape[1]) {
            throw new IllegalArgumentException("Resize " + what + " " + Arrays.toString(all)
                    + " must leave the batch and channel dims of input " + Arrays.toString(shape) + " unchanged");
        }
        return Arrays.copyOfRange(all, 2, all.length);
    }

    /** ONNX ReduceMean over the {@code axes} input (opset 18) or attribute (earlier); all dims when absent. */
    private static List<Tensor> reduceMean(List<Tensor> in, OnnxOps.Attributes a) {
        Tensor x = in.get(0);
        int[] axes = in.size() > 1 && in.get(1) != null ? OnnxOps.ints(in.get(1)) : a.ints("axes");
        if (axes == null || axes.length == 0) {
            if (a.i("noop_with_empty_axes", 0) != 0) {
                return List.of(x);
            }
            axes = new int[x.dim()];
            Arrays.setAll(axes, i -> i);
        }
        return List.of(x.mean(axes, a.i("keepdims", 1) != 0));
    }
}
