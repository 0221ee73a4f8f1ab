package dev.nabla.onnx;

import static dev.nabla.onnx.GraphBuilder.attr;

import dev.nabla.nn.Module;
import dev.nabla.nn.layers.AdaptiveAvgPool1d;
import dev.nabla.nn.layers.AdaptiveAvgPool2d;
import dev.nabla.nn.layers.AdaptiveMaxPool1d;
import dev.nabla.nn.layers.AdaptiveMaxPool2d;
import dev.nabla.nn.layers.AvgPool1d;
import dev.nabla.nn.layers.AvgPool2d;
import dev.nabla.nn.layers.BatchNorm2d;
import dev.nabla.nn.layers.ChannelShuffle;
import dev.nabla.nn.layers.ConstantPad2d;
import dev.nabla.nn.layers.Conv1d;
import dev.nabla.nn.layers.Conv2d;
import dev.nabla.nn.layers.ConvNd;
import dev.nabla.nn.layers.ConvTranspose1d;
import dev.nabla.nn.layers.ConvTranspose2d;
import dev.nabla.nn.layers.Dropout1d;
import dev.nabla.nn.layers.Dropout2d;
import dev.nabla.nn.layers.GroupNorm;
import dev.nabla.nn.layers.InstanceNorm1d;
import dev.nabla.nn.layers.InstanceNorm2d;
import dev.nabla.nn.layers.InstanceNorm;
import dev.nabla.nn.layers.LocalResponseNorm;
import dev.nabla.nn.layers.MaxPool1d;
import dev.nabla.nn.layers.MaxPool2d;
import dev.nabla.nn.layers.Pad2d;
import dev.nabla.nn.layers.PixelShuffle;
import dev.nabla.nn.layers.PixelUnshuffle;
import dev.nabla.nn.layers.RMSNorm;
import dev.nabla.nn.layers.ReflectionPad2d;
import dev.nabla.nn.layers.ReplicationPad2d;
import dev.nabla.nn.layers.Softmax2d;
import dev.nabla.nn.layers.Unflatten;
import dev.nabla.nn.layers.Upsample;
import dev.nabla.nn.layers.ZeroPad2d;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Convolution, pooling and image-norm layers as ONNX ops: Conv1d/Conv2d ({@code Conv}; a
 * {@code Pad} first for padding modes other than zeros; {@code "same"} as explicit pads),
 * ConvTranspose1d/2d ({@code ConvTranspose} with {@code output_padding}), the pooling layers (see
 * {@link PoolExport}), GroupNorm and RMSNorm (decomposed with {@code ReduceMean}),
 * InstanceNorm1d/2d ({@code InstanceNormalization}, or {@code BatchNormalization} with running
 * statistics), Dropout2d ({@code Identity}), Upsample ({@code Resize} as PyTorch exports it) and
 * Unflatten ({@code Reshape}). A model with any of these layers has only its batch dim free.
 */
final class ImageExport {
    /** The layers whose models keep every dim but the batch fixed. */
    static final Set<Class<? extends Module>> LAYERS = Set.of(Conv1d.class, Conv2d.class, ConvTranspose1d.class,
            ConvTranspose2d.class, MaxPool1d.class, MaxPool2d.class, AvgPool1d.class, AvgPool2d.class,
            AdaptiveAvgPool1d.class, AdaptiveAvgPool2d.class, AdaptiveMaxPool1d.class, AdaptiveMaxPool2d.class,
            Dropout2d.class, Upsample.class, GroupNorm.class, InstanceNorm1d.class, InstanceNorm2d.class,
            BatchNorm2d.class, Unflatten.class, ChannelShuffle.class, Softmax2d.class, LocalResponseNorm.class,
            Dropout1d.class);

    private ImageExport() {
    }

    static void register(Map<Class<? extends Module>, LayerExport.Converter> converters) {
        converters.put(BatchNorm2d.class, (m, x, in, g) -> LayerExport.batchNorm((BatchNorm2d) m, in, g));
        converters.put(Conv1d.class, (m, x, in, g) -> conv((ConvNd) m, batched(m, x, 3, in), g));
        converters.put(Conv2d.class, (m, x, in, g) -> conv((ConvNd) m, batched(m, x, 4, in), g));
        converters.put(ConvTranspose2d.class, (m, x, in, g) -> convTranspose((ConvNd) m,
                ((ConvTranspose2d) m).outputPadding(), batched(m, x, 4, in), g));
        converters.put(ConvTranspose1d.class, (m, x, in, g) -> convTranspose((ConvNd) m,
                new int[] {((ConvTranspose1d) m).outputPadding()}, batched(m, x, 3, in), g));
        converters.put(Dropout2d.class, (m, x, in, g) -> g.node("Identity", List.of(in)));
        converters.put(GroupNorm.class, (m, x, in, g) -> groupNorm((GroupNorm) m, x, in, g));
        converters.put(InstanceNorm1d.class, (m, x, in, g) -> instanceNorm((InstanceNorm) m, batched(m, x, 3, in), g));
        converters.put(InstanceNorm2d.class, (m, x, in, g) -> instanceNorm((InstanceNorm) m, batched(m, x, 4, in), g));
        PoolExport.register(converters);
        converters.put(RMSNorm.class, (m, x, in, g) -> rmsNorm((RMSNorm) m, x, in, g));
        converters.put(Upsample.class, (m, x, in, g) -> upsample((Upsample) m, x, in, g));
        converters.put(Unflatten.class, (m, x, in, g) -> unflatten((Unflatten) m, x, in, g));
        converters.put(PixelShuffle.class, (m, x, in, g) -> g.node("DepthToSpace", List.of(batched(m, x, 4, in)),
                attr("blocksize", (long) ((PixelShuffle) m).config().upscaleFactor()), attr("mode", "CRD")));
        converters.put(PixelUnshuffle.class, (m, x, in, g) -> pixelUnshuffle((PixelUnshuffle) m, x, batched(m, x, 4, in), g));
        for (Class<? extends Pad2d> pad : List.of(ZeroPad2d.class, ConstantPad2d.class, ReflectionPad2d.class,
                ReplicationPad2d.class)) {
            converters.put(pad, (m, x, in, g) -> pad2d((Pad2d) m, in, g));
        }
    }

    /**
     * {@code in}, once the sample {@code x} is seen to have {@code dims} dims (a batch, channels
     * and the spatial dims): ONNX's convolutions and pools have no unbatched form.
     */
    static String batched(Module m, Tensor x, int dims, String in) {
        if (x.dim() != dims) {
            throw new IllegalArgumentException("ONNX export: " + m.getClass().getSimpleName() + " needs a batched "
                    + dims + "-d sample input, got " + OnnxTensors.shape(x.shape()));
        }
        return in;
    }

    static long[] longs(int[] v) {
        return Arrays.stream(v).asLongStream().toArray();
    }

    /** ONNX pads {@code [b1, b2, ..., e1, e2, ...]} for symmetric per-dim padding {@code p}. */
    static long[] symmetric(int[] p) {
        long[] pads = new long[2 * p.length];
        for (int i = 0; i < p.length; i++) {
            pads[i] = p[i];
            pads[p.length + i] = p[i];
        }
        return pads;
    }

    /** The conv's ONNX pads: {@code "same"} puts the odd unit of an odd total at the end, as PyTorch does. */
    private static long[] convPads(ConvNd c) {
        if (!"same".equals(c.paddingString())) {
            return symmetric(c.padding());
        }
        int[] k = c.kernelSize();
        int[] d = c.dilation();
        long[] pads = new long[2 * k.length];
        for (int i = 0; i < k.length; i++) {
            int total = d[i] * (k[i] - 1);
            pads[i] = total / 2;
            pads[k.length + i] = total - total / 2;
        }
        return pads;
    }

    /** {@code Conv}, after a {@code Pad} (reflect, edge or wrap over the spatial axes) for the non-zero padding modes. */
    private static String conv(ConvNd c, String in, GraphBuilder g) {
        long[] pads = convPads(c);
        int n = c.kernelSize().length;
        String padded = in;
        if (!c.paddingMode().equals("zeros")) {
            String mode = switch (c.paddingMode()) {
                case "reflect" -> "reflect";
                case "replicate" -> "edge";
                default -> "wrap";
            };
            long[] axes = new long[n];
            Arrays.setAll(axes, i -> 2 + i);
            padded = g.node("Pad", List.of(in, g.longs("conv_pads", pads), "", g.longs("conv_pad_axes", axes)),
                    attr("mode", mode));
            pads = new long[2 * n];
        }
        List<String> inputs = new ArrayList<>(List.of(padded, g.initializer("conv_weight", c.weight)));
        if (c.bias != null) {
            inputs.add(g.initializer("conv_bias", c.bias));
        }
        return g.node("Conv", inputs, attr("kernel_shape", longs(c.kernelSize())), attr("strides", longs(c.stride())),
                attr("pads", pads), attr("dilations", longs(c.dilation())), attr("group", (long) c.groups()));
    }

    /**
     * {@code ConvTranspose}. An output padding of at least the stride (PyTorch allows it up to the
     * dilation) becomes a smaller end pad instead, which is the same sum: ONNX Runtime computes
     * such an {@code output_padding} otherwise.
     */
    private static String convTranspose(ConvNd c, int[] outputPaddings, String in, GraphBuilder g) {
        List<String> inputs = new ArrayList<>(List.of(in, g.initializer("conv_transpose_weight", c.weight)));
        if (c.bias != null) {
            inputs.add(g.initializer("conv_transpose_bias", c.bias));
        }
        int[] p = c.padding();
        long[] pads = symmetric(p);
        long[] outputPadding = longs(outputPaddings);
        for (int i = 0; i < p.length; i++) {
            if (outputPadding[i] >= c.stride()[i]) {
                if (outputPadding[i] > p[i]) {
                    throw new IllegalArgumentException("ONNX export: " + c.getClass().getSimpleName() + "(stride="
                            + Arrays.toString(c.stride()) + ", padding=" + Arrays.toString(p) + ", output_padding="
                            + Arrays.toString(outputPaddings)
                            + ") has no ONNX form: an output padding of at least the stride needs as much padding to take it from");
                }
                pads[p.length + i] = p[i] - outputPadding[i];
                outputPadding[i] = 0;
            }
        }
        return g.node("ConvTranspose", inputs, attr("kernel_shape", longs(c.kernelSize())),
                attr("strides", longs(c.stride())), attr("pads", pads),
                attr("dilations", longs(c.dilation())), attr("output_padding", outputPadding),
                attr("group", (long) c.groups()));
    }

    /**
     * {@code InstanceNormalization} (scale ones and bias zeros when not affine); with running
     * statistics, which evaluation normalizes with, {@code BatchNormalization}.
     */
    private static String instanceNorm(InstanceNorm n, String in, GraphBuilder g) {
        int c = n.numFeatures();
        Tensor scale = n.weight != null ? n.weight : Tensor.ones(c);
        Tensor bias = n.bias != null ? n.bias : Tensor.zeros(c);
        if (n.runningMean() != null) {
            return LayerExport.batchNormalization(in, scale, bias, n.runningMean(), n.runningVar(), n.eps(), g);
        }
        return g.node("InstanceNormalization", List.of(in, g.initializer("instance_norm_scale", scale),
                g.initializer("instance_norm_bias", bias)), attr("epsilon", n.eps()));
    }

    /** {@code (x - mean) / sqrt(var + eps)} over each group of {@code [N, G, -1]}, back to the input's shape, then the affine map. */
    private static String groupNorm(GroupNorm gn, Tensor x, String in, GraphBuilder g) {
        String grouped = g.node("Reshape", List.of(in, g.longs("group_shape", 0, gn.numGroups(), -1)));
        String normed = normalize(grouped, g.longs("group_axes", 2), true, gn.eps(), g);
        String y = g.node("Reshape", List.of(normed, g.node("Shape", List.of(in))));
        if (gn.weight == null) {
            return y;
        }
        int[] channel = new int[x.dim() - 1];
        Arrays.fill(channel, 1);
        channel[0] = gn.numChannels();
        y = g.node("Mul", List.of(y, g.initializer("group_norm_weight", gn.weight.reshape(channel))));
        return g.node("Add", List.of(y, g.initializer("group_norm_bias", gn.bias.reshape(channel))));
    }

    /** {@code x / sqrt(mean(x^2) + eps) * weight} over the normalized dims (eps defaults to float32's machine epsilon). */
    private static String rmsNorm(RMSNorm r, Tensor x, String in, GraphBuilder g) {
        int k = r.normalizedShape().length;
        long[] axes = new long[k];
        Arrays.setAll(axes, i -> i - k);
        double eps = r.eps() != null ? r.eps() : Math.ulp(1.0f);
        String y = normalize(in, g.longs("rms_axes", axes), false, eps, g);
        return r.weight == null ? y : g.node("Mul", List.of(y, g.initializer("rms_weight", r.weight)));
    }

    /** {@code c / sqrt(mean(c^2, axes) + eps)} with {@code c = x - mean(x, axes)} when centering, else {@code x}. */
    private static String normalize(String x, String axes, boolean center, double eps, GraphBuilder g) {
        String c = center ? g.node("Sub", List.of(x, g.node("ReduceMean", List.of(x, axes), attr("keepdims", 1L)))) : x;
        String ms = g.node("ReduceMean", List.of(g.node("Mul", List.of(c, c)), axes), attr("keepdims", 1L));
        String root = g.node("Sqrt", List.of(g.node("Add", List.of(ms, g.floats("eps", new float[] {(float) eps})))));
        return g.node("Div", List.of(c, root));
    }

    /**
     * {@code Resize} over axes 2.. as PyTorch exports it: nearest with {@code asymmetric} and
     * {@code floor}; nearest-exact with {@code half_pixel} and {@code round_prefer_ceil}; (bi)linear
     * and bicubic ({@code cubic_coeff_a = -0.75}) with {@code half_pixel}, or {@code align_corners}.
     */
    private static String upsample(Upsample u, Tensor x, String in, GraphBuilder g) {
        int spatial = x.dim() - 2;
        String mode = u.mode().toLowerCase(java.util.Locale.ROOT);
        boolean nearest = mode.equals("nearest") || mode.equals("nearest-exact");
        if (!nearest && !mode.equals("linear") && !mode.equals("bilinear") && !mode.equals("bicubic")) {
            throw new IllegalArgumentException("ONNX export: Upsample(mode='" + u.mode() + "') has no ONNX form here");
        }
        long[] axes = new long[spatial];
        Arrays.setAll(axes, i -> 2 + i);
        List<String> inputs = new ArrayList<>(List.of(in, ""));
        if (u.size() != null) {
            int[] s = u.size();
            long[] sizes = new long[spatial];
            Arrays.setAll(sizes, i -> s[s.length == 1 ? 0 : i]);
            inputs.add("");
            inputs.add(g.longs("resize_sizes", sizes));
        } else {
            double[] f = u.scaleFactor();
            float[] scales = new float[spatial];
            for (int i = 0; i < spatial; i++) {
                scales[i] = (float) f[f.length == 1 ? 0 : i];
            }
            inputs.add(g.floats("resize_scales", scales, spatial));
        }
        String transform = mode.equals("nearest") ? "asymmetric"
                : Boolean.TRUE.equals(u.alignCorners()) ? "align_corners" : "half_pixel";
        String onnxMode = nearest ? "nearest" : mode.equals("bicubic") ? "cubic" : "linear";
        return g.node("Resize", inputs, attr("mode", onnxMode), attr("coordinate_transformation_mode", transform),
                attr("nearest_mode", mode.equals("nearest-exact") ? "round_prefer_ceil" : "floor"),
                attr("cubic_coeff_a", -0.75f), attr("axes", axes));
    }

    /** {@code Pad} of the last two axes: ONNX's {@code [top, left, bottom, right]} from PyTorch's (left, right, top, bottom). */
    private static String pad2d(Pad2d p, String in, GraphBuilder g) {
        int[] lrtb = p.padding();
        String mode = p instanceof ReflectionPad2d ? "reflect" : p instanceof ReplicationPad2d ? "edge" : "constant";
        List<String> inputs = new ArrayList<>(List.of(in, g.longs("pad2d_pads", lrtb[2], lrtb[0], lrtb[3], lrtb[1])));
        inputs.add(p instanceof ConstantPad2d c ? g.initializer("pad2d_value",
                Tensor.scalar(c.config().value()).to(dev.nabla.backend.DType.FLOAT32)) : "");
        inputs.add(g.longs("pad2d_axes", -2, -1));
        return g.node("Pad", inputs, attr("mode", mode));
    }

    /**
     * PixelUnshuffle as PyTorch exports it, {@code [N, C, H r, W r]} to {@code [N, C, H, r, W, r]},
     * transposed to {@code [N, C, r, r, H, W]} and merged to {@code [N, C r^2, H, W]} (ONNX's
     * SpaceToDepth orders the channels {@code (r, r, C)} instead).
     */
    private static String pixelUnshuffle(PixelUnshuffle p, Tensor x, String in, GraphBuilder g) {
        long r = p.config().downscaleFactor();
        long c = x.size(1);
        long h = x.size(2) / r;
        long w = x.size(3) / r;
        String split = g.node("Reshape", List.of(in, g.longs("unshuffle_split", 0, c, h, r, w, r)));
        String moved = g.node("Transpose", List.of(split), attr("perm", new long[] {0, 1, 3, 5, 2, 4}));
        return g.node("Reshape", List.of(moved, g.longs("unshuffle_merge", 0, c * r * r, h, w)));
    }

    /** {@code Reshape} to the batch dim (kept as 0), the dims up to {@code dim}, the sizes, and the sample's later dims. */
    private static String unflatten(Unflatten u, Tensor x, String in, GraphBuilder g) {
        int d = u.dim() < 0 ? u.dim() + x.dim() : u.dim();
        if (d == 0) {
            throw new IllegalArgumentException("ONNX export: Unflatten(dim=0) splits the batch dim, which the export keeps free");
        }
        int[] sizes = u.sizes();
        long[] shape = new long[x.dim() - 1 + sizes.length];
        for (int i = 0; i < d; i++) {
            shape[i] = 0;
        }
        for (int i = 0; i < sizes.length; i++) {
            shape[d + i] = sizes[i];
        }
        for (int i = d + 1; i < x.dim(); i++) {
            shape[i - 1 + sizes.length] = x.size(i);
        }
        return g.node("Reshape", List.of(in, g.longs("unflatten_shape", shape)));
    }
}
