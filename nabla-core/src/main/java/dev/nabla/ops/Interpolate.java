package dev.nabla.ops;

import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Locale;

/**
 * Resizing, as {@code torch.nn.functional.interpolate} over the spatial dims of {@code [N, C, L]}
 * ({@code "nearest"}, {@code "nearest-exact"}, {@code "linear"}, {@code "area"}) or
 * {@code [N, C, H, W]} ({@code "nearest"}, {@code "nearest-exact"}, {@code "bilinear"},
 * {@code "bicubic"}, {@code "area"}), given the output {@code size} or a {@code scaleFactor} per
 * spatial dim (one value for all). Each dim is resized on its own (the modes are separable), from
 * index vectors and weights computed on the host, so the backward is that of indexSelect;
 * {@code "area"} is adaptive average pooling.
 *
 * <p>With scale {@code r = in / out}, or {@code 1 / scaleFactor} when a scale factor is given
 * (PyTorch's default {@code recompute_scale_factor=None}): nearest takes source
 * {@code min(floor(i * r), in - 1)}, nearest-exact {@code min(floor((i + 0.5) * r), in - 1)};
 * linear takes source {@code x = (i + 0.5) * r - 0.5} clamped at 0, or with {@code alignCorners}
 * {@code x = i * (in - 1) / (out - 1)}, and mixes {@code floor(x)} and the next position by the
 * fractional part {@code t}; bicubic takes the same {@code x} unclamped and mixes the four
 * positions {@code floor(x) - 1 .. floor(x) + 2} (clamped to the input) with Keys' cubic
 * convolution weights for {@code a = -0.75}, as PyTorch.
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
        boolean interpolating = linear || m.equals("bicubic");
        if (!m.equals("nearest") && !m.equals("nearest-exact") && !m.equals("area")
                && !(m.equals("linear") && spatial == 1) && !(m.equals("bilinear") && spatial == 2)
                && !(m.equals("bicubic") && spatial == 2)) {
            throw new IllegalArgumentException("interpolate: mode \"" + mode + "\" does not apply to a " + x.dim()
                    + "-D input (nearest, nearest-exact or area, or linear for 3-D, or bilinear or bicubic for 4-D)");
        }
        if (alignCorners != null && !interpolating) {
            throw new IllegalArgumentException("interpolate: align_corners applies only to the linear and cubic modes, not "
                    + mode);
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
            boolean corners = alignCorners != null && alignCorners;
            y = switch (m) {
                case "nearest" -> nearest(y, dim, in, out, scale, 0);
                case "nearest-exact" -> nearest(y, dim, in, out, scale, 0.5);
                case "bicubic" -> cubic(y, dim, in, out, scale, corners);
                case "area" -> area(y, dim, out);
                default -> linear(y, dim, in, out, scale, corners);
            };
        }
        return y;
    }

    /** Source {@code min(floor((i + offset) * scale), in - 1)} (in float32, as PyTorch's nearest kernels). */
    private static Tensor nearest(Tensor x, int dim, int in, int out, double scale, double offset) {
        long[] idx = new long[out];
        for (int i = 0; i < out; i++) {
            idx[i] = Math.min((long) Math.floor((float) ((i + offset) * (float) scale)), in - 1);
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
        Tensor a = x.indexSelect(dim, Tensor.of(lo, out).to(x.backend()));
        Tensor b = x.indexSelect(dim, Tensor.of(hi, out).to(x.backend()));
        return a.add(b.sub(a).mul(weights(x, dim, frac)));
    }

    /** PyTorch's bicubic source positions and Keys' weights ({@code a = -0.75}) along {@code dim}. */
    private static Tensor cubic(Tensor x, int dim, int in, int out, double scale, boolean alignCorners) {
        long[][] idx = new long[4][out];
        double[][] w = new double[4][out];
        for (int i = 0; i < out; i++) {
            double src = alignCorners ? (out > 1 ? (double) i * (in - 1) / (out - 1) : 0) : (i + 0.5) * scale - 0.5;
            long base = (long) Math.floor(src);
            double t = src - base;
            for (int k = 0; k < 4; k++) {
                idx[k][i] = Math.clamp(base - 1 + k, 0, in - 1);
            }
            w[0][i] = keysOuter(t + 1);
            w[1][i] = keysInner(t);
            w[2][i] = keysInner(1 - t);
            w[3][i] = keysOuter(2 - t);
        }
        Tensor y = null;
        for (int k = 0; k < 4; k++) {
            Tensor term = x.indexSelect(dim, Tensor.of(idx[k], out).to(x.backend())).mul(weights(x, dim, w[k]));
            y = y == null ? term : y.add(term);
        }
        return y;
    }

    private static final double A = -0.75;

    /** Keys' kernel for {@code |x| <= 1}: {@code ((A + 2) x - (A + 3)) x^2 + 1}. */
    private static double keysInner(double x) {
        return ((A + 2) * x - (A + 3)) * x * x + 1;
    }

    /** Keys' kernel for {@code 1 < |x| < 2}: {@code ((A x - 5A) x + 8A) x - 4A}. */
    private static double keysOuter(double x) {
        return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
    }

    /** Adaptive average pooling of {@code dim} (2 or 3) to {@code out}, the other spatial dim kept. */
    private static Tensor area(Tensor x, int dim, int out) {
        if (x.dim() == 3) {
            return Pool.adaptiveAvgPool1d(x, out);
        }
        return dim == 2 ? Pool.adaptiveAvgPool2d(x, out, x.size(3)) : Pool.adaptiveAvgPool2d(x, x.size(2), out);
    }

    /** {@code values} as a tensor of x's type shaped to broadcast along {@code dim}. */
    private static Tensor weights(Tensor x, int dim, double[] values) {
        int[] shape = new int[x.dim()];
        java.util.Arrays.fill(shape, 1);
        shape[dim] = values.length;
        return Tensor.of(values, shape).to(x.backend()).to(x.dtype());
    }
}
