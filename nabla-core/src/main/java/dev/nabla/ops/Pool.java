package dev.nabla.ops;

import dev.nabla.backend.MaxPoolOutput;
import dev.nabla.backend.Shape;
import dev.nabla.backend.Window2d;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.ValuesIndices;

/**
 * Pooling, as {@code torch.nn.functional.max_pool1d/2d}, {@code avg_pool1d/2d},
 * {@code adaptive_avg_pool1d/2d} and {@code adaptive_max_pool1d/2d}, over {@code [N, C, H, W]}
 * (or unbatched {@code [C, H, W]}; the 1-D forms over {@code [N, C, L]} or {@code [C, L]}).
 *
 * <p>Window sizes: {@code oh = floor((H + 2*ph - dh*(kh-1) - 1) / sh) + 1}, rounded up with
 * {@code ceilMode} (a last window starting in the right padding is dropped). A null or empty
 * stride means the kernel size; padding is at most half the kernel. Max pooling pads with minus
 * infinity and returns the position {@code row * W + col} of each maximum; its backward sends the
 * gradient to those positions. Average pooling divides by the window's size within the padded
 * input ({@code countIncludePad}) or by its elements inside the input, or by
 * {@code divisorOverride} when given. Adaptive average pooling averages the rows
 * {@code floor(i*H/oh) .. ceil((i+1)*H/oh) - 1} (likewise columns) of output row {@code i};
 * adaptive max pooling takes their largest.
 */
public final class Pool {
    private Pool() {
    }

    /** {@code F.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode)}. */
    public static Tensor maxPool2d(Tensor x, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                                   boolean ceilMode) {
        return maxPool2dWithIndices(x, kernelSize, stride, padding, dilation, ceilMode).values();
    }

    /** {@link #maxPool2d} and the INT64 positions of the maxima ({@code return_indices=True}). */
    public static ValuesIndices maxPool2dWithIndices(Tensor x, int[] kernelSize, int[] stride, int[] padding,
                                                     int[] dilation, boolean ceilMode) {
        if (x.dim() == 3) {
            ValuesIndices r = maxPool2dWithIndices(x.unsqueeze(0), kernelSize, stride, padding, dilation, ceilMode);
            return new ValuesIndices(r.values().squeeze(0), r.indices().squeeze(0));
        }
        Unfold.expectDims("maxPool2d", x, 4, "[N, C, H, W]");
        OpSupport.requireFloat("maxPool2d", x);
        Window2d g = geometry("maxPool2d", x, kernelSize, stride, padding, dilation, ceilMode);
        MaxPoolOutput out = x.backend().maxPool2d(x.data(), g);
        Tensor indices = new Tensor(out.indices(), x.backend());
        Tensor values = OpSupport.result("maxPool2d", out.values(), x, gr -> new Tensor[] {
            new Tensor(x.backend().maxPool2dBackward(gr.data(), out.indices(), g), x.backend())}, x);
        return new ValuesIndices(values, indices);
    }

    /** {@code F.max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode)}. */
    public static Tensor maxPool1d(Tensor x, int kernelSize, int stride, int padding, int dilation, boolean ceilMode) {
        return maxPool1dWithIndices(x, kernelSize, stride, padding, dilation, ceilMode).values();
    }

    /** {@link #maxPool1d} with the INT64 positions of the maxima along L. */
    public static ValuesIndices maxPool1dWithIndices(Tensor x, int kernelSize, int stride, int padding, int dilation,
                                                     boolean ceilMode) {
        expect1d("maxPool1d", x);
        ValuesIndices r = maxPool2dWithIndices(x.unsqueeze(-2), new int[] {1, kernelSize},
                new int[] {1, stride <= 0 ? kernelSize : stride}, new int[] {0, padding}, new int[] {1, dilation}, ceilMode);
        return new ValuesIndices(r.values().squeeze(-2), r.indices().squeeze(-2));
    }

    /** {@code F.avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override)}. */
    public static Tensor avgPool2d(Tensor x, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode,
                                   boolean countIncludePad, Integer divisorOverride) {
        if (x.dim() == 3) {
            return avgPool2d(x.unsqueeze(0), kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride)
                    .squeeze(0);
        }
        Unfold.expectDims("avgPool2d", x, 4, "[N, C, H, W]");
        OpSupport.requireFloat("avgPool2d", x);
        if (divisorOverride != null && divisorOverride <= 0) {
            throw new IllegalArgumentException("avgPool2d: divisor_override must be positive, got " + divisorOverride);
        }
        Window2d g = geometry("avgPool2d", x, kernelSize, stride, padding, new int[] {1}, ceilMode);
        int n = x.size(0);
        int c = x.size(1);
        Tensor sums = Unfold.apply(x.reshape(n * c, 1, g.h(), g.w()), g).sum(1);
        double[] divisor = new double[g.windows()];
        for (int i = 0; i < g.oh(); i++) {
            for (int j = 0; j < g.ow(); j++) {
                divisor[i * g.ow() + j] = divisorOverride != null ? divisorOverride
                        : (double) span(i, g.sh(), g.ph(), g.kh(), g.h(), countIncludePad)
                                * span(j, g.sw(), g.pw(), g.kw(), g.w(), countIncludePad);
            }
        }
        return sums.div(constant(x, divisor, g.windows())).reshape(n, c, g.oh(), g.ow());
    }

    /** {@code F.avg_pool1d(input, kernel_size, stride, padding, ceil_mode, count_include_pad)}. */
    public static Tensor avgPool1d(Tensor x, int kernelSize, int stride, int padding, boolean ceilMode,
                                   boolean countIncludePad) {
        expect1d("avgPool1d", x);
        return avgPool2d(x.unsqueeze(-2), new int[] {1, kernelSize}, new int[] {1, stride <= 0 ? kernelSize : stride},
                new int[] {0, padding}, ceilMode, countIncludePad, null).squeeze(-2);
    }

    /**
     * {@code F.adaptive_avg_pool2d(input, output_size)}: output {@code [N, C, oh, ow]};
     * {@code outputSize} is one number (square) or two.
     */
    public static Tensor adaptiveAvgPool2d(Tensor x, int... outputSize) {
        if (x.dim() == 3) {
            return adaptiveAvgPool2d(x.unsqueeze(0), outputSize).squeeze(0);
        }
        Unfold.expectDims("adaptiveAvgPool2d", x, 4, "[N, C, H, W]");
        OpSupport.requireFloat("adaptiveAvgPool2d", x);
        int[] o = Conv.pair("adaptiveAvgPool2d", "output_size", outputSize);
        if (o[0] < 0 || o[1] < 0) { // 0 gives an empty output, as in PyTorch
            throw new IllegalArgumentException("adaptiveAvgPool2d: output_size must not be negative, got " + Shape.str(o));
        }
        return averaging(x, x.size(2), o[0]).matmul(x).matmul(averaging(x, x.size(3), o[1]).transpose(0, 1));
    }

    /** {@code F.adaptive_avg_pool1d(input, output_size)}: output {@code [N, C, o]}. */
    public static Tensor adaptiveAvgPool1d(Tensor x, int outputSize) {
        expect1d("adaptiveAvgPool1d", x);
        return adaptiveAvgPool2d(x.unsqueeze(-2), new int[] {1, outputSize}).squeeze(-2);
    }

    /**
     * {@code F.adaptive_max_pool2d(input, output_size)}: output cell {@code (i, j)} is the largest
     * element of rows {@code floor(i*H/oh) .. ceil((i+1)*H/oh) - 1} and the likewise columns;
     * its gradient goes to that element (the first of equal ones). {@code [N, C, H, W]} or
     * {@code [C, H, W]}.
     */
    public static Tensor adaptiveMaxPool2d(Tensor x, int... outputSize) {
        if (x.dim() == 3) {
            return adaptiveMaxPool2d(x.unsqueeze(0), outputSize).squeeze(0);
        }
        Unfold.expectDims("adaptiveMaxPool2d", x, 4, "[N, C, H, W]");
        OpSupport.requireFloat("adaptiveMaxPool2d", x);
        int[] o = Conv.pair("adaptiveMaxPool2d", "output_size", outputSize);
        int h = x.size(2);
        int w = x.size(3);
        if (o[0] <= 0 || o[1] <= 0 || h == 0 || w == 0) {
            throw new IllegalArgumentException("adaptiveMaxPool2d: expected a positive output_size and a non-empty input, got "
                    + Shape.str(o) + " for input " + Shape.str(x.shape()));
        }
        java.util.List<Tensor> cells = new java.util.ArrayList<>();
        for (int i = 0; i < o[0]; i++) {
            int r0 = (int) ((long) i * h / o[0]);
            int r1 = (int) (((long) (i + 1) * h + o[0] - 1) / o[0]);
            for (int j = 0; j < o[1]; j++) {
                int c0 = (int) ((long) j * w / o[1]);
                int c1 = (int) (((long) (j + 1) * w + o[1] - 1) / o[1]);
                Tensor window = x.narrow(2, r0, r1 - r0).narrow(3, c0, c1 - c0).reshape(x.size(0), x.size(1), -1);
                cells.add(window.max(2, false).values());
            }
        }
        return Tensor.stack(cells, 2).reshape(x.size(0), x.size(1), o[0], o[1]);
    }

    /** {@code F.adaptive_max_pool1d(input, output_size)}: output {@code [N, C, o]}. */
    public static Tensor adaptiveMaxPool1d(Tensor x, int outputSize) {
        expect1d("adaptiveMaxPool1d", x);
        return adaptiveMaxPool2d(x.unsqueeze(-2), new int[] {1, outputSize}).squeeze(-2);
    }

    /** The {@code [out, in]} matrix whose row {@code i} averages adaptive bin {@code i}. */
    private static Tensor averaging(Tensor like, int in, int out) {
        double[] a = new double[out * in];
        for (int i = 0; i < out; i++) {
            int start = (int) ((long) i * in / out);
            int end = (int) (((long) (i + 1) * in + out - 1) / out);
            for (int k = start; k < end; k++) {
                a[i * in + k] = 1.0 / (end - start);
            }
        }
        return constant(like, a, out, in);
    }

    private static Tensor constant(Tensor like, double[] values, int... shape) {
        return Tensor.of(values, shape).to(like.backend()).to(like.dtype());
    }

    /** Elements of window {@code i} along one dim that the divisor counts. */
    private static int span(int i, int stride, int pad, int k, int size, boolean includePad) {
        int start = i * stride - pad;
        int end = Math.min(start + k, size + pad);
        return includePad ? end - start : Math.min(end, size) - Math.max(start, 0);
    }

    private static Window2d geometry(String op, Tensor x, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                                     boolean ceilMode) {
        int[] k = Conv.pair(op, "kernel_size", kernelSize);
        int[] s = stride == null || stride.length == 0 ? k : Conv.pair(op, "stride", stride);
        int[] p = Conv.pair(op, "padding", padding);
        int[] d = Conv.pair(op, "dilation", dilation);
        Conv.positive(op, "kernel_size", k);
        Conv.positive(op, "stride", s);
        Conv.positive(op, "dilation", d);
        if (p[0] < 0 || p[1] < 0 || p[0] > k[0] / 2 || p[1] > k[1] / 2) {
            throw new IllegalArgumentException(op + ": padding " + Shape.str(p) + " must be non-negative and at most half"
                    + " the kernel size " + Shape.str(k));
        }
        int h = x.size(2);
        int w = x.size(3);
        Window2d g = new Window2d(h, w, k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1],
                Window2d.outSize(h, k[0], s[0], p[0], d[0], ceilMode), Window2d.outSize(w, k[1], s[1], p[1], d[1], ceilMode));
        if (g.oh() <= 0 || g.ow() <= 0) {
            throw new IllegalArgumentException(op + ": input " + Shape.str(x.data().shapeRef()) + " is too small for kernel "
                    + Shape.str(k) + " with padding " + Shape.str(p) + " and dilation " + Shape.str(d));
        }
        return g;
    }

    private static void expect1d(String op, Tensor x) {
        if (x.dim() != 2 && x.dim() != 3) {
            throw new IllegalArgumentException(op + ": expected a 3-D input [N, C, L], got " + Shape.str(x.data().shapeRef()));
        }
    }
}
