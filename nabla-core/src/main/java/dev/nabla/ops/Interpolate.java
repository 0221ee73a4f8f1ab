package dev.nabla.ops;

import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Locale;

/**
 * Resizing, as {@code torch.nn.functional.interpolate} over the spatial dims of {@code [N, C, L]}
 * ({@code "nearest"}, {@code "linear"}) or {@code [N, C, H, W]} ({@code "nearest"},
 * {@code "bilinear"}), given the output {@code size} or a {@code scaleFactor} per spatial dim
 * (one value for all). Each dim is resized on its own (both modes are separable), from index
 * vectors and weights computed on the host, so the backward is that of indexSelect.
 *
 * <p>With scale {@code r = in / out}, or {@code 1 / scaleFactor} when a scale factor is given
 * (PyTorch's default {@code recompute_scale_factor=None}): nearest takes source
 * {@code min(floor(i * r), in - 1)}; linear takes source {@code x = (i + 0.5) * r - 0.5} clamped at
 * 0, or with {@code alignCorners} {@code x = i * (in - 1) / (out - 1)}, and mixes
 * {@code floor(x)} and the next position by the fractional part.
 */
public final class Interpolate {
    private Interpolate() {
    }

    /**
     * @param size         output size per spatial dim (one value for all), or null
     * @param scaleFactor  multiplier per spatial dim (one value for all), or null; exactly one of
     *                     size and scaleFactor is given
     * @param alignCorners for the linear modes only (null means false)
     */
    public static Tensor interpolate(Tensor x, int[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException("interpolate: expected an input [N, C, L] or [N, C, H, W], got "
                    + Shape.str(x.data().shapeRef()));
        }
        OpSupport.requireFloat("interpolate", x);
        int spatial = x.dim() - 2;
        String m = mode.toLowerCase(Locale.ROOT);
        boolean linear = m.equals("linear") || m.equals("bilinear");
        if (!m.equals("nearest") && !(m.equals("linear") && spatial == 1) && !(m.equals("bilinear") && spatial == 2)) {
            throw new IllegalArgumentException("interpolate: mode \"" + mode + "\" does not apply to a " + x.dim()
                    + "-D input (nearest, or linear for 3-D and bilinear for 4-D)");
        }
        if (alignCorners != null && !linear) {
            throw new IllegalArgumentException("interpolate: align_corners applies only to the linear modes, not " + mode);
        }
        if ((size == null) == (scaleFactor == null)) {
            throw new IllegalArgumentException("interpolate: give exactly one of size and scale_factor");
        }
        if ((size != null && size.length != 1 && size.length != spatial)
                || (scaleFactor != null && scaleFactor.length != 1 && scaleFactor.length != spatial)) {
            throw new IllegalArgumentException("interpolate: expected 1 or " + spatial + " sizes or scale factors for input "
                    + Shape.str(x.data().shapeRef()));
        }
        Tensor y = x;
        for (int i = 0; i < spatial; i++) {
            int dim = 2 + i;
            int in = x.size(dim);
            int out;
            double scale;
            if (size != null) {
                out = size[size.length == 1 ? 0 : i];
                scale = (double) in / out;
            } else {
                double f = scaleFactor[scaleFactor.length == 1 ? 0 : i];
                if (!(f > 0)) {
                    throw new IllegalArgumentException("interpolate: scale_factor must be positive, got " + f);
                }
                out = (int) Math.floor(in * f);
                scale = 1 / f;
            }
            if (out <= 0) {
                throw new IllegalArgumentException("interpolate: output size " + out + " of dim " + dim + " must be positive");
            }
            y = linear ? linear(y, dim, in, out, scale, alignCorners != null && alignCorners) : nearest(y, dim, in, out, scale);
        }
        return y;
    }

    private static Tensor nearest(Tensor x, int dim, int in, int out, double scale) {
        long[] idx = new long[out];
        for (int i = 0; i < out; i++) {
            idx[i] = Math.min((long) Math.floor(i * (float) scale), in - 1);
        }
        return x.indexSelect(dim, Tensor.of(idx, out).to(x.backend()));
    }

    private static Tensor linear(Tensor x, int dim, int in, int out, double scale, boolean alignCorners) {
        long[] lo = new long[out];
        long[] hi = new long[out];
        double[] frac = new double[out];
        for (int i = 0; i < out; i++) {
            double src = alignCorners ? (out > 1 ? (double) i * (in - 1) / (out - 1) : 0)
                    : Math.max(0, (i + 0.5) * scale - 0.5);
            lo[i] = Math.min((long) Math.floor(src), in - 1);
            hi[i] = Math.min(lo[i] + 1, in - 1);
            frac[i] = src - lo[i];
        }
        int[] shape = new int[x.dim()];
        java.util.Arrays.fill(shape, 1);
        shape[dim] = out;
        Tensor w = Tensor.of(frac, shape).to(x.backend()).to(x.dtype());
        Tensor a = x.indexSelect(dim, Tensor.of(lo, out).to(x.backend()));
        Tensor b = x.indexSelect(dim, Tensor.of(hi, out).to(x.backend()));
        return a.add(b.sub(a).mul(w));
    }
}
