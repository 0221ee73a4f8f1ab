package dev.nabla.ops;

import dev.nabla.backend.Shape;
import dev.nabla.backend.Window2d;
import dev.nabla.tensor.Tensor;

/**
 * Sliding local blocks, as {@code torch.nn.functional.unfold} (im2col) and {@code fold} (col2im,
 * its adjoint: overlapping entries are summed). Each is the other's backward.
 *
 * <p>Shape: {@code unfold}: {@code [N, C, H, W]} to {@code [N, C*kh*kw, L]} with {@code L} the
 * number of windows; {@code fold}: {@code [N, C*kh*kw, L]} to {@code [N, C, H, W]} for the given
 * output size. A 3-D input {@code [C, H, W]} / {@code [C*kh*kw, L]} is taken as a batch of one.
 * Each of kernel, dilation, padding, stride is one number for both dims or a pair (h, w).
 */
public final class Unfold {
    private Unfold() {
    }

    /** {@code F.unfold(input, kernel_size, dilation, padding, stride)}. */
    public static Tensor unfold(Tensor x, int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
        if (x.dim() == 3) {
            return unfold(x.unsqueeze(0), kernelSize, dilation, padding, stride).squeeze(0);
        }
        expectDims("unfold", x, 4, "[N, C, H, W]");
        Window2d g = geometry("unfold", x.size(2), x.size(3), kernelSize, stride, padding, dilation);
        return apply(x, g);
    }

    /** {@code F.fold(input, output_size, kernel_size, dilation, padding, stride)}. */
    public static Tensor fold(Tensor cols, int[] outputSize, int[] kernelSize, int[] dilation, int[] padding,
                              int[] stride) {
        if (cols.dim() == 2) {
            return fold(cols.unsqueeze(0), outputSize, kernelSize, dilation, padding, stride).squeeze(0);
        }
        expectDims("fold", cols, 3, "[N, C*kh*kw, L]");
        int[] size = Conv.pair("fold", "output_size", outputSize);
        Window2d g = geometry("fold", size[0], size[1], kernelSize, stride, padding, dilation);
        if (cols.size(1) % g.kernelSize() != 0 || cols.size(2) != g.windows()) {
            throw new IllegalArgumentException("fold: expected input [N, C*" + g.kernelSize() + ", " + g.windows()
                    + "] for output size " + size[0] + "x" + size[1] + ", got " + Shape.str(cols.data().shapeRef()));
        }
        return fold(cols, g);
    }

    /** im2col over {@code x [N, C, g.h, g.w]}; backward: {@link #fold(Tensor, Window2d)}. */
    static Tensor apply(Tensor x, Window2d g) {
        OpSupport.requireFloat("unfold", x);
        return OpSupport.result("unfold", x.backend().unfold(x.data(), g), x, gr -> new Tensor[] {fold(gr, g)}, x);
    }

    /** col2im of {@code cols [N, C*kh*kw, L]}; backward: {@link #apply}. */
    static Tensor fold(Tensor cols, Window2d g) {
        OpSupport.requireFloat("fold", cols);
        return OpSupport.result("fold", cols.backend().fold(cols.data(), g), cols, gr -> new Tensor[] {apply(gr, g)}, cols);
    }

    static Window2d geometry(String op, int h, int w, int[] kernelSize, int[] stride, int[] padding, int[] dilation) {
        int[] k = Conv.pair(op, "kernel_size", kernelSize);
        int[] s = Conv.pair(op, "stride", stride);
        int[] p = Conv.pair(op, "padding", padding);
        int[] d = Conv.pair(op, "dilation", dilation);
        Conv.positive(op, "kernel_size", k);
        Conv.positive(op, "stride", s);
        Conv.positive(op, "dilation", d);
        if (p[0] < 0 || p[1] < 0) {
            throw new IllegalArgumentException(op + ": padding must be non-negative, got " + Shape.str(p));
        }
        Window2d g = Window2d.of(h, w, k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1]);
        if (g.oh() <= 0 || g.ow() <= 0) {
            throw new IllegalArgumentException(op + ": input " + h + "x" + w + " (padded " + (h + 2 * p[0]) + "x"
                    + (w + 2 * p[1]) + ") is smaller than the dilated kernel " + (d[0] * (k[0] - 1) + 1) + "x"
                    + (d[1] * (k[1] - 1) + 1));
        }
        return g;
    }

    static void expectDims(String op, Tensor x, int dims, String layout) {
        if (x.dim() != dims) {
            throw new IllegalArgumentException(op + ": expected a " + dims + "-D input " + layout + ", got "
                    + Shape.str(x.data().shapeRef()));
        }
    }
}
