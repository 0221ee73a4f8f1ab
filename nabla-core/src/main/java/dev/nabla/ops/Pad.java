package dev.nabla.ops;

import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Padding, as {@code torch.nn.functional.pad}: {@code pad} lists (before, after) pairs starting
 * from the last dim ({@code {left, right, top, bottom, ...}}). Modes: {@code "constant"}
 * ({@code value}; negative amounts crop), {@code "reflect"} (mirror without repeating the edge,
 * amounts below the dim's size), {@code "replicate"} (repeat the edge), {@code "circular"} (wrap
 * around, amounts at most the dim's size). Built from concat and indexSelect, whose backward it
 * inherits.
 */
public final class Pad {
    private Pad() {
    }

    public static Tensor pad(Tensor x, int[] pad, String mode, double value) {
        if (pad.length % 2 != 0 || pad.length / 2 > x.dim()) {
            throw new IllegalArgumentException("pad: padding " + Shape.str(pad) + " must be (before, after) pairs for at most "
                    + x.dim() + " dims of input " + Shape.str(x.data().shapeRef()));
        }
        if (!List.of("constant", "reflect", "replicate", "circular").contains(mode)) {
            throw new IllegalArgumentException("pad: mode must be constant, reflect, replicate or circular, got \"" + mode + "\"");
        }
        Tensor y = x;
        for (int i = 0; i < pad.length / 2; i++) {
            int dim = x.dim() - 1 - i;
            y = mode.equals("constant") ? constant(y, dim, pad[2 * i], pad[2 * i + 1], value)
                    : y.indexSelect(dim, sourceIndex(mode, y, dim, pad[2 * i], pad[2 * i + 1]));
        }
        return y;
    }

    private static Tensor constant(Tensor x, int dim, int before, int after, double value) {
        int size = x.size(dim);
        if (size + before + after < 0) {
            throw new IllegalArgumentException("pad: padding (" + before + ", " + after + ") leaves a negative size for dim "
                    + dim + " of size " + size);
        }
        Tensor y = x.narrow(dim, Math.max(0, -before), Math.max(0, size + Math.min(0, before) + Math.min(0, after)));
        List<Tensor> parts = new ArrayList<>();
        if (before > 0) {
            parts.add(filled(y, dim, before, value));
        }
        parts.add(y);
        if (after > 0) {
            parts.add(filled(y, dim, after, value));
        }
        return parts.size() == 1 ? y : Tensor.concat(parts, dim);
    }

    private static Tensor filled(Tensor like, int dim, int size, double value) {
        int[] shape = like.shape();
        shape[dim] = size;
        return Tensor.full(like.dtype(), value, shape).to(like.backend()).to(like.dtype());
    }

    /** For each output position along {@code dim}, the input position it copies. */
    private static Tensor sourceIndex(String mode, Tensor x, int dim, int before, int after) {
        int size = x.size(dim);
        int limit = mode.equals("reflect") ? size - 1 : mode.equals("circular") ? size : Integer.MAX_VALUE;
        if (before < 0 || after < 0 || before > limit || after > limit || size == 0) {
            throw new IllegalArgumentException("pad: " + mode + " padding (" + before + ", " + after + ") of dim " + dim
                    + " must be non-negative and at most " + (mode.equals("reflect") ? "size - 1 = " + limit : "size = "
                    + size) + " for input " + Shape.str(x.data().shapeRef()));
        }
        long[] idx = new long[before + size + after];
        for (int o = 0; o < idx.length; o++) {
            int i = o - before;
            idx[o] = switch (mode) {
                case "reflect" -> i < 0 ? -i : i >= size ? 2L * (size - 1) - i : i;
                case "replicate" -> Math.max(0, Math.min(size - 1, i));
                default -> Math.floorMod(i, size);
            };
        }
        return Tensor.of(idx, idx.length).to(x.backend());
    }
}
