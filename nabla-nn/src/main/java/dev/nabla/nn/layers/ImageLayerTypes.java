package dev.nabla.nn.layers;

import dev.nabla.nn.LayerConfig;
import dev.nabla.nn.LayerProvider;
import dev.nabla.nn.LayerType;
import dev.nabla.tensor.Generator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The image layers of {@code nabla-nn} for model files, with PyTorch's constructor argument
 * names as config keys and sizes as lists, one value per spatial dim: {@code Conv1d},
 * {@code Conv2d}, {@code ConvTranspose2d}, {@code MaxPool2d}, {@code AvgPool2d},
 * {@code AdaptiveAvgPool2d}, {@code BatchNorm2d}, {@code GroupNorm}, {@code RMSNorm},
 * {@code Dropout2d}, {@code Upsample}, {@code Unflatten}.
 */
public final class ImageLayerTypes implements LayerProvider {

    @Override
    public List<LayerType> layerTypes() {
        List<LayerType> types = new ArrayList<>();
        types.add(LayerType.of("Conv2d", Conv2d.class, ImageLayerTypes::conv, (c, ch) -> {
            allocateConv(c);
            Object padding = padding(c);
            int[] k = c.getIntArray("kernel_size");
            return padding instanceof String s
                    ? new Conv2d(c.getInt("in_channels"), c.getInt("out_channels"), k, c.getIntArray("stride"), s,
                            c.getIntArray("dilation"), c.getInt("groups"), c.getBoolean("bias"), c.getString("padding_mode"),
                            scratch())
                    : new Conv2d(c.getInt("in_channels"), c.getInt("out_channels"), k, c.getIntArray("stride"),
                            (int[]) padding, c.getIntArray("dilation"), c.getInt("groups"), c.getBoolean("bias"),
                            c.getString("padding_mode"), scratch());
        }));
        types.add(LayerType.of("Conv1d", Conv1d.class, ImageLayerTypes::conv, (c, ch) -> {
            allocateConv(c);
            Object padding = padding(c);
            int k = c.getIntArray("kernel_size")[0];
            int s = c.getIntArray("stride")[0];
            int d = c.getIntArray("dilation")[0];
            return padding instanceof String p
                    ? new Conv1d(c.getInt("in_channels"), c.getInt("out_channels"), k, s, p, d, c.getInt("groups"),
                            c.getBoolean("bias"), c.getString("padding_mode"), scratch())
                    : new Conv1d(c.getInt("in_channels"), c.getInt("out_channels"), k, s, ((int[]) padding)[0], d,
                            c.getInt("groups"), c.getBoolean("bias"), c.getString("padding_mode"), scratch());
        }));
        types.add(LayerType.of("ConvTranspose2d", ConvTranspose2d.class, m -> {
            Map<String, Object> c = conv(m);
            c.put("output_padding", list(m.outputPadding()));
            return c;
        }, (c, ch) -> {
            allocateConv(c);
            return new ConvTranspose2d(c.getInt("in_channels"), c.getInt("out_channels"), c.getIntArray("kernel_size"),
                    c.getIntArray("stride"), c.getIntArray("padding"), c.getIntArray("output_padding"), c.getInt("groups"),
                    c.getBoolean("bias"), c.getIntArray("dilation"), scratch());
        }));
        types.add(LayerType.of("MaxPool2d", MaxPool2d.class,
                m -> cfg("kernel_size", list(m.kernelSize()), "stride", list(m.stride()), "padding", list(m.padding()),
                        "dilation", list(m.dilation()), "ceil_mode", m.ceilMode()),
                (c, ch) -> new MaxPool2d(c.getIntArray("kernel_size"), c.getIntArray("stride"), c.getIntArray("padding"),
                        c.getIntArray("dilation"), c.getBoolean("ceil_mode"))));
        types.add(LayerType.of("AvgPool2d", AvgPool2d.class,
                m -> cfg("kernel_size", list(m.kernelSize()), "stride", list(m.stride()), "padding", list(m.padding()),
                        "ceil_mode", m.ceilMode(), "count_include_pad", m.countIncludePad(),
                        "divisor_override", m.divisorOverride()),
                (c, ch) -> new AvgPool2d(c.getIntArray("kernel_size"), c.getIntArray("stride"), c.getIntArray("padding"),
                        c.getBoolean("ceil_mode"), c.getBoolean("count_include_pad"), c.getIntOrNull("divisor_override"))));
        types.add(LayerType.of("AdaptiveAvgPool2d", AdaptiveAvgPool2d.class,
                m -> cfg("output_size", list(m.outputSize())),
                (c, ch) -> {
                    int[] o = c.getIntArray("output_size");
                    if (o.length != 2) {
                        throw new IllegalArgumentException("output_size must hold 2 sizes");
                    }
                    return new AdaptiveAvgPool2d(o[0], o[1]);
                }));
        types.add(LayerType.of("BatchNorm2d", BatchNorm2d.class,
                m -> cfg("num_features", m.numFeatures(), "eps", m.eps(), "momentum", m.momentum(),
                        "affine", m.weight != null, "track_running_stats", m.runningMean() != null),
                (c, ch) -> {
                    c.allocate(c.getInt("num_features"));
                    return new BatchNorm2d(c.getInt("num_features"), c.getDouble("eps"), c.getDouble("momentum"),
                            c.getBoolean("affine"), c.getBoolean("track_running_stats"));
                }));
        types.add(LayerType.of("GroupNorm", GroupNorm.class,
                m -> cfg("num_groups", m.numGroups(), "num_channels", m.numChannels(), "eps", m.eps(),
                        "affine", m.weight != null),
                (c, ch) -> {
                    c.allocate(c.getInt("num_channels"));
                    return new GroupNorm(c.getInt("num_groups"), c.getInt("num_channels"), c.getDouble("eps"),
                            c.getBoolean("affine"));
                }));
        types.add(LayerType.of("RMSNorm", RMSNorm.class,
                m -> cfg("normalized_shape", list(m.normalizedShape()), "eps", m.eps(),
                        "elementwise_affine", m.weight != null),
                (c, ch) -> {
                    int[] shape = c.getIntArray("normalized_shape");
                    c.allocate(java.util.Arrays.stream(shape).asLongStream().toArray());
                    return new RMSNorm(shape, c.isNull("eps") ? null : c.getDouble("eps"),
                            c.getBoolean("elementwise_affine"));
                }));
        types.add(LayerType.of("Dropout2d", Dropout2d.class, m -> cfg("p", m.p()),
                (c, ch) -> new Dropout2d(c.getDouble("p"))));
        types.add(LayerType.of("Upsample", Upsample.class, m -> {
            List<Object> scale = null;
            if (m.scaleFactor() != null) {
                scale = new ArrayList<>();
                for (double v : m.scaleFactor()) {
                    scale.add(v);
                }
            }
            return cfg("size", m.size() == null ? null : list(m.size()), "scale_factor", scale, "mode", m.mode(),
                    "align_corners", m.alignCorners());
        }, (c, ch) -> new Upsample(c.isNull("size") ? null : c.getIntArray("size"),
                c.isNull("scale_factor") ? null : c.getDoubleArray("scale_factor"), c.getString("mode"),
                c.isNull("align_corners") ? null : c.getBoolean("align_corners"))));
        types.add(LayerType.of("Unflatten", Unflatten.class, m -> cfg("dim", m.dim(), "unflattened_size", list(m.sizes())),
                (c, ch) -> new Unflatten(c.getInt("dim"), c.getIntArray("unflattened_size"))));
        return types;
    }

    private static Map<String, Object> conv(ConvNd m) {
        return cfg("in_channels", m.inChannels(), "out_channels", m.outChannels(), "kernel_size", list(m.kernelSize()),
                "stride", list(m.stride()), "padding", m.paddingString() != null ? m.paddingString() : list(m.padding()),
                "dilation", list(m.dilation()), "groups", m.groups(), "bias", m.bias != null,
                "padding_mode", m.paddingMode());
    }

    /** The "padding" of a convolution config: "same"/"valid", or a list of sizes. */
    private static Object padding(LayerConfig c) {
        try {
            return c.getIntArray("padding");
        } catch (IllegalArgumentException e) {
            return c.getString("padding");
        }
    }

    private static void allocateConv(LayerConfig c) {
        int groups = Math.max(1, c.getInt("groups"));
        long weights = (long) c.getInt("in_channels") / groups * c.getInt("out_channels");
        for (int k : c.getIntArray("kernel_size")) {
            weights *= k;
        }
        c.allocate(weights + c.getInt("out_channels"));
    }

    private static List<Object> list(int[] v) {
        List<Object> l = new ArrayList<>();
        for (int x : v) {
            l.add(x);
        }
        return l;
    }

    private static Map<String, Object> cfg(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Generator scratch() {
        return new Generator(0);
    }
}
