package dev.nabla.onnx;

import static dev.nabla.onnx.GraphBuilder.attr;

import dev.nabla.backend.Window2d;
import dev.nabla.nn.Module;
import dev.nabla.nn.layers.AdaptiveAvgPool1d;
import dev.nabla.nn.layers.AdaptiveAvgPool2d;
import dev.nabla.nn.layers.AdaptiveMaxPool1d;
import dev.nabla.nn.layers.AdaptiveMaxPool2d;
import dev.nabla.nn.layers.AdaptivePool1d;
import dev.nabla.nn.layers.AdaptivePool2d;
import dev.nabla.nn.layers.AvgPool1d;
import dev.nabla.nn.layers.AvgPool2d;
import dev.nabla.nn.layers.MaxPool1d;
import dev.nabla.nn.layers.MaxPool2d;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Pooling layers as ONNX ops: MaxPool1d/2d ({@code MaxPool}), AvgPool1d/2d ({@code AveragePool};
 * {@code divisor_override} as a scaled {@code AveragePool} without ceil mode), and the adaptive
 * poolings ({@code GlobalAveragePool}/{@code GlobalMaxPool} for an output of 1, else an
 * {@code AveragePool}/{@code MaxPool} when the sample's size divides evenly).
 */
final class PoolExport {
    private PoolExport() {
    }

    static void register(Map<Class<? extends Module>, LayerExport.Converter> converters) {
        converters.put(MaxPool2d.class, (m, x, in, g) -> {
            MaxPool2d p = (MaxPool2d) m;
            return maxPool(p.kernelSize(), p.stride(), p.padding(), p.dilation(), p.ceilMode(), ImageExport.batched(m, x, 4, in), g);
        });
        converters.put(MaxPool1d.class, (m, x, in, g) -> {
            MaxPool1d.Config c = ((MaxPool1d) m).config();
            return maxPool(new int[] {c.kernelSize()}, new int[] {c.stride()}, new int[] {c.padding()},
                    new int[] {c.dilation()}, c.ceilMode(), ImageExport.batched(m, x, 3, in), g);
        });
        converters.put(AvgPool2d.class, (m, x, in, g) -> {
            AvgPool2d p = (AvgPool2d) m;
            return avgPool(new Window("AvgPool2d", p.kernelSize(), p.stride(), p.padding(), p.ceilMode(),
                    p.countIncludePad(), p.divisorOverride()), x, ImageExport.batched(m, x, 4, in), g);
        });
        converters.put(AvgPool1d.class, (m, x, in, g) -> {
            AvgPool1d.Config c = ((AvgPool1d) m).config();
            return avgPool(new Window("AvgPool1d", new int[] {c.kernelSize()}, new int[] {c.stride()},
                    new int[] {c.padding()}, c.ceilMode(), c.countIncludePad(), null), x, ImageExport.batched(m, x, 3, in), g);
        });
        converters.put(AdaptiveAvgPool2d.class, (m, x, in, g) -> adaptive(m, "Average", size2d(m, x), x, in, g));
        converters.put(AdaptiveMaxPool2d.class, (m, x, in, g) -> adaptive(m, "Max", size2d(m, x), x, in, g));
        converters.put(AdaptiveAvgPool1d.class, (m, x, in, g) -> adaptive(m, "Average",
                new int[] {((AdaptivePool1d) m).outputSize()}, x, in, g));
        converters.put(AdaptiveMaxPool1d.class, (m, x, in, g) -> adaptive(m, "Max",
                new int[] {((AdaptivePool1d) m).outputSize()}, x, in, g));
    }

    /** An average pooling's options, one value per spatial dim. */
    private record Window(String layer, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
                          Integer divisor) {
    }

    private static String maxPool(int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode, String in,
                                  GraphBuilder g) {
        return g.node("MaxPool", List.of(in), attr("kernel_shape", ImageExport.longs(kernel)), attr("strides", ImageExport.longs(stride)),
                attr("pads", ImageExport.symmetric(padding)), attr("dilations", ImageExport.longs(dilation)), attr("ceil_mode", ceilMode ? 1L : 0L));
    }

    /**
     * {@code AveragePool}. Where the padding counts ({@code count_include_pad}, or a
     * {@code divisor_override}) it is an explicit zero {@code Pad} first, so that windows count
     * exactly the padded positions they cover, as PyTorch's do (ONNX Runtime's own
     * {@code count_include_pad} counts otherwise at the edges); in ceil mode a last window that
     * would start in the right padding, which PyTorch drops, is sliced off. A {@code divisor_override d}
     * without ceil mode is then the average times {@code prod(kernel) / d}; with ceil mode ONNX
     * cannot express it.
     */
    private static String avgPool(Window w, Tensor x, String in, GraphBuilder g) {
        if (w.divisor() != null && w.ceilMode()) {
            throw new IllegalArgumentException("ONNX export: " + w.layer() + "(divisor_override=" + w.divisor()
                    + ", ceil_mode=True) has no ONNX form (AveragePool has no divisor; the partial windows of ceil mode "
                    + "cannot be rescaled)");
        }
        int n = w.kernel().length;
        long[] axes = new long[n];
        Arrays.setAll(axes, i -> 2 + i);
        long[] pads = ImageExport.symmetric(w.padding());
        String padded = in;
        if ((w.countIncludePad() || w.divisor() != null) && Arrays.stream(pads).anyMatch(v -> v > 0)) {
            padded = g.node("Pad", List.of(in, g.longs("avg_pool_pads", pads), "", g.longs("avg_pool_pad_axes", axes)));
            pads = new long[pads.length];
        }
        String y = g.node("AveragePool", List.of(padded), attr("kernel_shape", ImageExport.longs(w.kernel())),
                attr("strides", ImageExport.longs(w.stride())), attr("pads", pads),
                attr("ceil_mode", w.ceilMode() ? 1L : 0L), attr("count_include_pad", 0L));
        if (!padded.equals(in) && w.ceilMode()) {
            long[] sizes = new long[n];
            for (int i = 0; i < n; i++) {
                sizes[i] = Window2d.outSize(x.size(2 + i), w.kernel()[i], w.stride()[i], w.padding()[i], 1, true);
            }
            y = g.node("Slice", List.of(y, g.longs("avg_pool_starts", new long[n]), g.longs("avg_pool_ends", sizes),
                    g.longs("avg_pool_axes", axes)));
        }
        if (w.divisor() == null) {
            return y;
        }
        float window = 1;
        for (int k : w.kernel()) {
            window *= k;
        }
        return g.node("Mul", List.of(y, g.floats("divisor_scale", new float[] {window / w.divisor()})));
    }

    private static int[] size2d(Module m, Tensor x) {
        return ((AdaptivePool2d) m).outputSizeFor(x.size(-2), x.size(-1));
    }

    /** {@code Global<kind>Pool} for an output of 1; a {@code <kind>Pool} when the sample's size divides evenly. */
    private static String adaptive(Module m, String kind, int[] out, Tensor x, String in, GraphBuilder g) {
        int n = out.length;
        int[] size = Arrays.copyOfRange(x.shape(), x.dim() - n, x.dim());
        String layer = m.getClass().getSimpleName() + "(output_size=" + join(out) + ")";
        if (Arrays.stream(out).allMatch(o -> o == 1)) {
            return g.node("Global" + kind + "Pool", List.of(in));
        }
        if (Arrays.stream(out).anyMatch(o -> o == 0)) {
            throw new IllegalArgumentException("ONNX export: " + layer + " gives an empty output, which ONNX's pooling "
                    + "cannot express");
        }
        long[] k = new long[n];
        for (int i = 0; i < n; i++) {
            if (size[i] % out[i] != 0) {
                throw new IllegalArgumentException("ONNX export: " + layer + " on a " + join(size)
                        + " input has uneven bins, which ONNX's pooling cannot express");
            }
            k[i] = size[i] / out[i];
        }
        return g.node(kind + "Pool", List.of(in), attr("kernel_shape", k), attr("strides", k));
    }

    private static String join(int[] v) {
        return Arrays.stream(v).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }
}
