package dev.nabla.ops;

import dev.nabla.backend.DType;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Counting and bucketing, as PyTorch's {@code searchsorted}, {@code bucketize}, {@code bincount}
 * and {@code histc}: integer positions and counts, computed on the host, not differentiable.
 */
public final class Bucketing {
    private Bucketing() {
    }

    /** See {@link Tensor#searchsorted}. */
    public static Tensor searchsorted(Tensor sorted, Tensor values, boolean right) {
        OpSupport.sameBackend("searchsorted", sorted, values);
        int[] ss = sorted.shape();
        int[] vs = values.shape();
        boolean shared = ss.length == 1;
        if (ss.length == 0 || !shared && (ss.length != vs.length
                || !Arrays.equals(Arrays.copyOf(ss, ss.length - 1), Arrays.copyOf(vs, vs.length - 1)))) {
            throw new IllegalArgumentException("searchsorted: the sorted sequence must be 1-D or have the leading dims "
                    + "of the values, got shapes " + Shape.str(ss) + " and " + Shape.str(vs));
        }
        double[] seq = sorted.to(DType.FLOAT64).contiguous().toDoubleArray();
        double[] v = values.to(DType.FLOAT64).contiguous().toDoubleArray();
        int m = ss[ss.length - 1];
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            int row = shared ? 0 : i / vs[vs.length - 1];
            out[i] = insertionPoint(seq, row * m, m, v[i], right);
        }
        return Tensor.of(out, out.length).reshape(vs).to(values.backend());
    }

    /**
     * The first position {@code p} in {@code seq[from, from + m)} with {@code seq[p] > v}
     * ({@code right}) or {@code seq[p] >= v}; NaN sorts above every number.
     */
    private static int insertionPoint(double[] seq, int from, int m, double v, boolean right) {
        int lo = 0;
        int hi = m;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = Double.compare(seq[from + mid], v); // NaN compares above everything, as PyTorch sorts it
            if (right ? c <= 0 : c < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The bucket of each element of {@code input} among the ascending {@code boundaries} (1-D):
     * {@code i} with {@code b[i-1] < x <= b[i]}, or {@code b[i-1] <= x < b[i]} when {@code right}.
     */
    public static Tensor bucketize(Tensor input, Tensor boundaries, boolean right) {
        if (boundaries.dim() != 1) {
            throw new IllegalArgumentException("bucketize: boundaries must be 1-D, got shape "
                    + Shape.str(boundaries.shape()));
        }
        return searchsorted(boundaries, input, right);
    }

    /**
     * How often each value {@code 0, 1, ...} occurs in the 1-D non-negative integer {@code input}
     * (INT64), or the sum of {@code weights} (same length; its dtype) at each; at least
     * {@code minlength} bins.
     */
    public static Tensor bincount(Tensor input, Tensor weights, int minlength) {
        if (input.dim() != 1 || input.dtype().isFloatingPoint() || input.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("bincount: expected a 1-D integer tensor, got "
                    + input.dtype().shortName() + " " + Shape.str(input.shape()));
        }
        if (minlength < 0) {
            throw new IllegalArgumentException("bincount: minlength must be non-negative, got " + minlength);
        }
        long[] x = input.toLongArray();
        long max = -1;
        for (long v : x) {
            if (v < 0) {
                throw new IllegalArgumentException("bincount: input must be non-negative, found " + v);
            }
            max = Math.max(max, v);
        }
        if (max >= Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("bincount: value " + max + " needs too many bins");
        }
        int bins = Math.max((int) max + 1, minlength);
        if (weights == null) {
            long[] counts = new long[bins];
            for (long v : x) {
                counts[(int) v]++;
            }
            return Tensor.of(counts, bins).to(input.backend());
        }
        if (!Arrays.equals(weights.shape(), input.shape())) {
            throw new IllegalArgumentException("bincount: weights of shape " + Shape.str(weights.shape())
                    + " for input of shape " + Shape.str(input.shape()));
        }
        double[] w = weights.to(DType.FLOAT64).toDoubleArray();
        double[] sums = new double[bins];
        for (int i = 0; i < x.length; i++) {
            sums[(int) x[i]] += w[i];
        }
        Tensor out = Tensor.of(sums, bins).to(input.backend());
        return weights.dtype().isFloatingPoint() ? out.to(weights.dtype()) : out;
    }

    /**
     * A histogram of {@code input} in {@code bins} equal bins over {@code [min, max]} (the last
     * bin includes max; elements outside are not counted; with {@code min == max} the data's
     * range is used), of input's float dtype.
     */
    public static Tensor histc(Tensor input, int bins, double min, double max) {
        if (bins < 1) {
            throw new IllegalArgumentException("histc: bins must be positive, got " + bins);
        }
        if (min > max) {
            throw new IllegalArgumentException("histc: max (" + max + ") must be at least min (" + min + ")");
        }
        double[] x = input.to(DType.FLOAT64).contiguous().toDoubleArray();
        double lo = min;
        double hi = max;
        if (lo == hi && x.length > 0) {
            lo = Double.POSITIVE_INFINITY;
            hi = Double.NEGATIVE_INFINITY;
            for (double v : x) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo == hi) {
            lo -= 1;
            hi += 1;
        }
        double[] counts = new double[bins];
        for (double v : x) {
            if (v >= lo && v <= hi) {
                counts[Math.min(bins - 1, (int) ((v - lo) * bins / (hi - lo)))]++;
            }
        }
        Tensor out = Tensor.of(counts, bins).to(input.backend());
        return input.dtype().isFloatingPoint() ? out.to(input.dtype()) : out;
    }
}
