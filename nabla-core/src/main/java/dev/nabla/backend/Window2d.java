package dev.nabla.backend;

/**
 * The geometry of a sliding 2-D window over an {@code [N, C, h, w]} input, as
 * {@code torch.nn.functional.unfold} and the pooling ops take it: kernel {@code kh x kw}, stride,
 * zero (or, for max pooling, minus-infinity) padding on both sides, dilation. Window
 * {@code (i, j)} of the {@code oh x ow} output covers rows {@code i*sh - ph + a*dh} and columns
 * {@code j*sw - pw + b*dw} for {@code a < kh}, {@code b < kw}; positions outside the input are padding.
 * {@code oh} and {@code ow} are given (pooling's {@code ceil_mode} makes them differ from
 * {@link #outSize}).
 */
public record Window2d(int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, int oh, int ow) {

    /** The geometry with the floor output size of {@link #outSize}. */
    public static Window2d of(int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw) {
        return new Window2d(h, w, kh, kw, sh, sw, ph, pw, dh, dw,
                outSize(h, kh, sh, ph, dh, false), outSize(w, kw, sw, pw, dw, false));
    }

    /**
     * Windows along one dim: {@code floor((size + 2*pad - dil*(k-1) - 1) / stride) + 1}, or with
     * {@code ceil} rounded up, dropping a last window that would start in the right padding
     * (PyTorch's pooling rule, rounding towards minus infinity: with {@code ceil} a window wider
     * than the padded input still gives one output when it starts inside); 0 when none fits.
     */
    public static int outSize(int size, int k, int stride, int pad, int dil, boolean ceil) {
        int span = size + 2 * pad - dil * (k - 1) - 1;
        int out = Math.floorDiv(ceil ? span + stride - 1 : span, stride) + 1;
        if (ceil && out > 0 && (out - 1) * stride >= size + pad) {
            out--;
        }
        return Math.max(out, 0);
    }

    /** Number of windows, {@code oh * ow}. */
    public int windows() {
        return oh * ow;
    }

    /** Elements per window, {@code kh * kw}. */
    public int kernelSize() {
        return kh * kw;
    }
}
