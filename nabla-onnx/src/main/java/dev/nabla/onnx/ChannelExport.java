package dev.nabla.onnx;

import static dev.nabla.onnx.GraphBuilder.attr;

import dev.nabla.nn.Module;
import dev.nabla.nn.layers.ChannelShuffle;
import dev.nabla.nn.layers.Dropout1d;
import dev.nabla.nn.layers.LocalResponseNorm;
import dev.nabla.nn.layers.Softmax2d;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Layers that mix or drop channels as ONNX ops: Softmax2d ({@code Softmax} over axis -3),
 * ChannelShuffle ({@code Reshape}, {@code Transpose}, {@code Reshape}), LocalResponseNorm
 * ({@code LRN}; an even size is refused, as ONNX centres its window one channel later than
 * PyTorch) and Dropout1d ({@code Identity}).
 */
final class ChannelExport {
    private ChannelExport() {
    }

    static void register(Map<Class<? extends Module>, LayerExport.Converter> converters) {
        converters.put(Softmax2d.class, (m, x, in, g) -> g.node("Softmax", List.of(in), attr("axis", -3L)));
        converters.put(Dropout1d.class, (m, x, in, g) -> g.node("Identity", List.of(in)));
        converters.put(ChannelShuffle.class, (m, x, in, g) -> shuffle((ChannelShuffle) m, x, in, g));
        converters.put(LocalResponseNorm.class, (m, x, in, g) -> lrn((LocalResponseNorm) m, in, g));
    }

    private static String shuffle(ChannelShuffle s, Tensor x, String in, GraphBuilder g) {
        long groups = s.config().groups();
        long[] split = new long[x.dim() + 1];
        long[] merged = new long[x.dim()];
        long[] perm = new long[x.dim() + 1];
        split[1] = groups;
        split[2] = x.size(1) / groups;
        merged[1] = x.size(1);
        for (int i = 2; i < x.dim(); i++) {
            split[i + 1] = x.size(i);
            merged[i] = x.size(i);
        }
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i == 1 ? 2 : i == 2 ? 1 : i;
        }
        String grouped = g.node("Reshape", List.of(in, g.longs("shuffle_split", split)));
        String swapped = g.node("Transpose", List.of(grouped), attr("perm", perm));
        return g.node("Reshape", List.of(swapped, g.longs("shuffle_merge", merged)));
    }

    private static String lrn(LocalResponseNorm n, String in, GraphBuilder g) {
        LocalResponseNorm.Config c = n.config();
        if (c.size() % 2 == 0) {
            throw new IllegalArgumentException("ONNX export: LocalResponseNorm(size=" + c.size() + ") has no ONNX form: "
                    + "ONNX's LRN centres an even window one channel later than PyTorch's");
        }
        return g.node("LRN", List.of(in), attr("size", (long) c.size()), attr("alpha", c.alpha()), attr("beta", c.beta()),
                attr("bias", c.k()));
    }
}
