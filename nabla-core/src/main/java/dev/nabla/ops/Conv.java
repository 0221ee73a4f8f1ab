package dev.nabla.ops;

import dev.nabla.autograd.GradMode;
import dev.nabla.backend.Backend;
import dev.nabla.backend.Conv2dGrads;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.backend.Window2d;
import dev.nabla.tensor.Tensor;

/**
 * Convolutions, as {@code torch.nn.functional.conv1d}, {@code conv2d}, {@code conv_transpose1d}
 * and {@code conv_transpose2d} (cross-correlation, NCHW). A convolution is
 * {@code weight [G, O/G, C/G*kh*kw] @ unfold(x) [N, G, C/G*kh*kw, L]}: one backend primitive
 * ({@code Backend.conv2d} and its backward), or these tensor ops for a double backward; a
 * transposed convolution is the adjoint, {@code fold(weight^T @ x)} (built from {@link Unfold}).
 *
 * <p>Shape (conv2d): input {@code [N, C, H, W]} (or unbatched {@code [C, H, W]}), weight
 * {@code [O, C/groups, kh, kw]}, bias {@code [O]} or null; output {@code [N, O, oh, ow]} with
 * {@code oh = floor((H + 2*ph - dh*(kh-1) - 1) / sh) + 1}. conv1d drops the H dims.
 * Transposed (conv_transpose2d): weight {@code [C, O/groups, kh, kw]}, output height
 * {@code (H-1)*sh - 2*ph + dh*(kh-1) + output_padding + 1}.
 *
 * <p>Stride, padding, dilation are one number for every spatial dim or one per dim. String
 * padding {@code "valid"} is no padding; {@code "same"} pads so that the output has the input's
 * size (stride 1 only), the odd unit of an odd total going to the end, as PyTorch does.
 */
public final class Conv {
    private Conv() {
    }

    /** {@code F.conv2d(input, weight, bias, stride, padding, dilation, groups)}. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                                int groups) {
        if (x.dim() == 3) {
            return conv2d(x.unsqueeze(0), weight, bias, stride, padding, dilation, groups).squeeze(0);
        }
        Unfold.expectDims("conv2d", x, 4, "[N, C, H, W]");
        if (weight.dim() != 4) {
            throw new IllegalArgumentException("conv2d: expected a 4-D weight [out, in/groups, kh, kw], got "
                    + Shape.str(weight.data().shapeRef()));
        }
        int c = x.size(1);
        int out = weight.size(0);
        checkGroups("conv2d", x, weight, bias, groups, c, out, weight.size(1));
        int[] k = {weight.size(2), weight.size(3)};
        Window2d g = Unfold.geometry("conv2d", x.size(2), x.size(3), k, stride, padding, dilation);
        if (x.dtype() != weight.dtype() || (bias != null && bias.dtype() != x.dtype())) {
            return composite(x, weight, bias, g, groups);
        }
        OpSupport.requireFloat("conv2d", x);
        if (bias != null) {
            OpSupport.sameBackend("conv2d", x, bias);
        }
        Backend be = x.backend();
        NDArray y = be.conv2d(x.data(), weight.data(), bias == null ? null : bias.data(), g, groups);
        return OpSupport.saving(OpSupport.result("conv2d", y, x, gy -> {
            if (GradMode.isEnabled()) {
                return OpSupport.viaComposite(gy, t -> composite(t[0], t[1], t[2], g, groups), x, weight, bias);
            }
            Conv2dGrads d = be.conv2dBackward(gy.data(), x.data(), weight.data(), g, groups, x.requiresGrad(),
                    weight.requiresGrad(), bias != null && bias.requiresGrad());
            return new Tensor[] {wrap(d.dx(), be), wrap(d.dw(), be), wrap(d.db(), be)};
        }, x, weight, bias), x.data(), weight.data());
    }

    /**
     * conv2d in differentiable tensor ops, {@code weight @ unfold(x)} per group (double backward
     * and mixed dtypes go this way).
     */
    private static Tensor composite(Tensor x, Tensor weight, Tensor bias, Window2d g, int groups) {
        int n = x.size(0);
        int c = x.size(1);
        int out = weight.size(0);
        boolean pointwise = g.kernelSize() == 1 && g.sh() == 1 && g.sw() == 1 && g.ph() == 0 && g.pw() == 0;
        Tensor cols = pointwise ? x.reshape(n, c, g.windows()) : Unfold.apply(x, g);
        Tensor y;
        if (groups == 1) {
            y = weight.reshape(out, c * g.kernelSize()).matmul(cols);
        } else {
            int kg = c / groups * g.kernelSize();
            y = weight.reshape(groups, out / groups, kg).matmul(cols.reshape(n, groups, kg, g.windows()));
        }
        y = y.reshape(n, out, g.oh(), g.ow());
        return bias == null ? y : y.add(bias.reshape(1, out, 1, 1));
    }

    private static Tensor wrap(NDArray a, Backend be) {
        return a == null ? null : new Tensor(a, be);
    }

    /** {@code F.conv2d} with {@code padding="same"} or {@code "valid"}. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation,
                                int groups) {
        if (x.dim() == 3) {
            return conv2d(x.unsqueeze(0), weight, bias, stride, padding, dilation, groups).squeeze(0);
        }
        Unfold.expectDims("conv2d", x, 4, "[N, C, H, W]");
        if (weight.dim() != 4) {
            throw new IllegalArgumentException("conv2d: expected a 4-D weight [out, in/groups, kh, kw], got "
                    + Shape.str(weight.data().shapeRef()));
        }
        if (padding.equals("valid")) {
            return conv2d(x, weight, bias, stride, new int[] {0}, dilation, groups);
        }
        if (!padding.equals("same")) {
            throw new IllegalArgumentException("conv2d: padding must be \"valid\", \"same\" or numbers, got \""
                    + padding + "\"");
        }
        int[] s = pair("conv2d", "stride", stride);
        if (s[0] != 1 || s[1] != 1) {
            throw new IllegalArgumentException("conv2d: padding=\"same\" is not supported for strided convolutions");
        }
        int[] d = pair("conv2d", "dilation", dilation);
        int th = d[0] * (weight.size(2) - 1);
        int tw = d[1] * (weight.size(3) - 1);
        Tensor padded = th % 2 == 0 && tw % 2 == 0 ? x : Pad.pad(x, new int[] {0, tw % 2, 0, th % 2}, "constant", 0);
        return conv2d(padded, weight, bias, s, new int[] {th / 2, tw / 2}, d, groups);
    }

    /** {@code F.conv1d(input, weight, bias, stride, padding, dilation, groups)}: input {@code [N, C, L]}, weight {@code [O, C/groups, k]}. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return as1d("conv1d", x, weight, (x2, w2) -> conv2d(x2, w2, bias, new int[] {1, stride},
                new int[] {0, padding}, new int[] {1, dilation}, groups));
    }

    /** {@code F.conv1d} with {@code padding="same"} or {@code "valid"}. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, String padding, int dilation,
                                int groups) {
        return as1d("conv1d", x, weight, (x2, w2) -> conv2d(x2, w2, bias, new int[] {1, stride}, padding,
                new int[] {1, dilation}, groups));
    }

    /**
     * {@code F.conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups, dilation)}:
     * the gradient of {@link #conv2d} with respect to its input, weight {@code [C, O/groups, kh, kw]}.
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int groups, int[] dilation) {
        if (x.dim() == 3) {
            return convTranspose2d(x.unsqueeze(0), weight, bias, stride, padding, outputPadding, groups, dilation)
                    .squeeze(0);
        }
        Unfold.expectDims("convTranspose2d", x, 4, "[N, C, H, W]");
        if (weight.dim() != 4) {
            throw new IllegalArgumentException("convTranspose2d: expected a 4-D weight [in, out/groups, kh, kw], got "
                    + Shape.str(weight.data().shapeRef()));
        }
        int n = x.size(0);
        int c = x.size(1);
        int out = weight.size(1) * groups;
        checkGroups("convTranspose2d", x, weight, bias, groups, c, out, -1);
        if (weight.size(0) != c) {
            throw new IllegalArgumentException("convTranspose2d: weight " + Shape.str(weight.data().shapeRef())
                    + " expects " + weight.size(0) + " input channels, got input " + Shape.str(x.data().shapeRef()));
        }
        int[] k = {weight.size(2), weight.size(3)};
        int[] s = pair("convTranspose2d", "stride", stride);
        int[] p = pair("convTranspose2d", "padding", padding);
        int[] d = pair("convTranspose2d", "dilation", dilation);
        int[] op = pair("convTranspose2d", "output_padding", outputPadding);
        positive("convTranspose2d", "stride", s);
        positive("convTranspose2d", "dilation", d);
        int[] size = new int[2];
        for (int i = 0; i < 2; i++) {
            if (op[i] < 0 || op[i] >= Math.max(s[i], d[i])) {
                throw new IllegalArgumentException("convTranspose2d: output_padding " + Shape.str(op)
                        + " must be smaller than either stride " + Shape.str(s) + " or dilation " + Shape.str(d));
            }
            size[i] = (x.size(2 + i) - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + op[i] + 1;
        }
        if (size[0] <= 0 || size[1] <= 0 || p[0] < 0 || p[1] < 0) {
            throw new IllegalArgumentException("convTranspose2d: input " + Shape.str(x.data().shapeRef())
                    + " with padding " + Shape.str(p) + " gives an empty output " + size[0] + "x" + size[1]);
        }
        Window2d g = new Window2d(size[0], size[1], k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], x.size(2), x.size(3));
        int cg = c / groups;
        int rows = out / groups * g.kernelSize();
        Tensor w = weight.reshape(groups, cg, rows).transpose(1, 2);
        Tensor cols = w.matmul(x.reshape(n, groups, cg, g.windows())).reshape(n, out * g.kernelSize(), g.windows());
        Tensor y = Unfold.fold(cols, g);
        return bias == null ? y : y.add(bias.reshape(1, out, 1, 1));
    }

    /** {@code F.conv_transpose1d(input, weight, bias, stride, padding, output_padding, groups, dilation)}. */
    public static Tensor convTranspose1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding,
                                         int outputPadding, int groups, int dilation) {
        return as1d("convTranspose1d", x, weight, (x2, w2) -> convTranspose2d(x2, w2, bias, new int[] {1, stride},
                new int[] {0, padding}, new int[] {0, outputPadding}, groups, new int[] {1, dilation}));
    }

    private static Tensor as1d(String op, Tensor x, Tensor weight,
                               java.util.function.BinaryOperator<Tensor> conv2d) {
        if (x.dim() != 2 && x.dim() != 3) {
            throw new IllegalArgumentException(op + ": expected a 3-D input [N, C, L], got " + Shape.str(x.data().shapeRef()));
        }
        if (weight.dim() != 3) {
            throw new IllegalArgumentException(op + ": expected a 3-D weight, got " + Shape.str(weight.data().shapeRef()));
        }
        return conv2d.apply(x.unsqueeze(-2), weight.unsqueeze(2)).squeeze(-2);
    }

    private static void checkGroups(String op, Tensor x, Tensor weight, Tensor bias, int groups, int c, int out,
                                    int inPerGroup) {
        OpSupport.sameBackend(op, x, weight);
        if (groups <= 0 || c % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(op + ": groups " + groups + " must be positive and divide the "
                    + c + " input and " + out + " output channels");
        }
        if (inPerGroup >= 0 && inPerGroup * groups != c) {
            throw new IllegalArgumentException(op + ": weight " + Shape.str(weight.data().shapeRef()) + " with groups "
                    + groups + " expects " + inPerGroup * groups + " input channels, got input "
                    + Shape.str(x.data().shapeRef()));
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != out)) {
            throw new IllegalArgumentException(op + ": expected bias [" + out + "], got " + Shape.str(bias.data().shapeRef()));
        }
    }

    /** {@code v} as an (h, w) pair: one number is used for both. */
    static int[] pair(String op, String name, int[] v) {
        if (v == null || (v.length != 1 && v.length != 2)) {
            throw new IllegalArgumentException(op + ": " + name + " must be one number or two, got "
                    + (v == null ? "null" : Shape.str(v)));
        }
        return v.length == 1 ? new int[] {v[0], v[0]} : v.clone();
    }

    static void positive(String op, String name, int[] v) {
        if (v[0] <= 0 || v[1] <= 0) {
            throw new IllegalArgumentException(op + ": " + name + " must be positive, got " + Shape.str(v));
        }
    }
}
