package dev.nabla.ops;

import dev.nabla.backend.DType;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.ValuesIndices;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Order statistics along one dim: {@code sort}, {@code argsort}, {@code topk}, {@code median},
 * {@code quantile}. The backend's stable {@code argsort} gives the order (NaN above every number);
 * values are gathered from the input, so gradients flow to the selected elements.
 */
public final class Sorting {
    private Sorting() {
    }

    /** INT64 indices that sort {@code x} along {@code dim}; stable (ties keep their order) either way. */
    public static Tensor argsort(Tensor x, int dim, boolean descending) {
        if (x.dim() == 0) {
            Shape.dim("argsort", dim, 0);
            return Tensor.zeros(DType.INT64).to(x.backend());
        }
        int d = Shape.dim("argsort", dim, x.dim());
        return new Tensor(x.backend().argsort(x.data(), d, descending), x.backend());
    }

    /** The sorted values and the indices they came from. */
    public static ValuesIndices sort(Tensor x, int dim, boolean descending) {
        Tensor idx = argsort(x, dim, descending);
        return new ValuesIndices(x.dim() == 0 ? x.clone() : x.gather(dim, idx), idx);
    }

    /** The {@code k} largest ({@code largest}) or smallest elements along {@code dim}, in sorted order. */
    public static ValuesIndices topk(Tensor x, int k, int dim, boolean largest) {
        int n = x.dim() == 0 ? 1 : x.size(Shape.dim("topk", dim, x.dim()));
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("topk: k (" + k + ") is out of range for dimension of size " + n
                    + " in shape " + Shape.str(x.shape()));
        }
        if (x.dim() == 0) {
            return sort(x, dim, largest);
        }
        Tensor idx = argsort(x, dim, largest).narrow(dim, 0, k);
        return new ValuesIndices(x.gather(dim, idx), idx);
    }

    /**
     * The median along {@code dim}: the lower of the two middle values for an even count (as
     * {@code torch.median}); a row holding NaN gives NaN and the index of its first NaN.
     */
    public static ValuesIndices median(Tensor x, int dim, boolean keepDim) {
        return middle("median", x, dim, keepDim, false);
    }

    /**
     * As {@link #median(Tensor, int, boolean)} over the values that are not NaN, as
     * {@code torch.nanmedian}; a row of NaNs only gives NaN.
     */
    public static ValuesIndices nanmedian(Tensor x, int dim, boolean keepDim) {
        return middle("nanmedian", x, dim, keepDim, true);
    }

    /**
     * The median of all elements (lower middle value; NaN if any is NaN). As in PyTorch, its
     * gradient is shared evenly among the elements equal to it (among the NaNs when it is NaN),
     * not sent to one of them as with a dim.
     */
    public static Tensor median(Tensor x) {
        return middle("median", x, false);
    }

    /** {@link #median(Tensor)} of the values that are not NaN (NaN when all are). */
    public static Tensor nanmedian(Tensor x) {
        return middle("nanmedian", x, true);
    }

    /**
     * The most frequent value along {@code dim} (the smallest of equally frequent ones) and the
     * index of its last occurrence, as {@code torch.mode}; the gradient goes to that element.
     */
    public static ValuesIndices mode(Tensor x, int dim, boolean keepDim) {
        int d = Shape.dim("mode", dim, Math.max(x.dim(), 1));
        Tensor in = x.dim() == 0 ? x.reshape(1) : x;
        int n = in.size(d);
        if (n == 0) {
            throw new IllegalArgumentException("mode: cannot compute the mode of an empty dimension in shape "
                    + Shape.str(x.shape()));
        }
        double[] rows = in.detach().movedim(d, -1).contiguous().toDoubleArray();
        long[] at = new long[rows.length / n];
        Integer[] order = new Integer[n];
        for (int r = 0; r < at.length; r++) {
            int base = r * n;
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (p, q) -> Double.compare(rows[base + p], rows[base + q]));
            int best = 0;
            int bestCount = 0;
            for (int i = 0; i < n; ) {
                int j = i;
                int last = order[i];
                while (j < n && Double.compare(rows[base + order[j]], rows[base + order[i]]) == 0) {
                    last = Math.max(last, order[j++]);
                }
                if (j - i > bestCount) {
                    bestCount = j - i;
                    best = last;
                }
                i = j;
            }
            at[r] = best;
        }
        int[] moved = in.movedim(d, -1).shape();
        moved[moved.length - 1] = 1;
        Tensor indices = Tensor.of(at).reshape(moved).to(x.backend()).movedim(-1, d);
        Tensor values = in.gather(d, indices);
        if (x.dim() == 0) {
            return new ValuesIndices(values.reshape(), indices.reshape());
        }
        return keepDim ? new ValuesIndices(values, indices) : new ValuesIndices(values.squeeze(d), indices.squeeze(d));
    }

    private static ValuesIndices middle(String op, Tensor x, int dim, boolean keepDim, boolean ignoreNan) {
        if (x.dim() == 0) {
            Shape.dim(op, dim, 0);
            return new ValuesIndices(x.clone(), Tensor.zeros(DType.INT64).to(x.backend()));
        }
        int d = Shape.dim(op, dim, x.dim());
        int n = x.size(d);
        if (n == 0) {
            throw new IllegalArgumentException(op + ": cannot compute the median of an empty dimension in shape "
                    + Shape.str(x.shape()));
        }
        ValuesIndices sorted = sort(x, d, false);
        Tensor nans = nanCount(x, d); // NaNs sort last
        Tensor pos = ignoreNan ? nans.rsub(n - 1).floorDivide(2).clampMin(0)
                : Tensor.where(nans.gt(0), nans.rsub(n), OpSupport.scalarLike(nans, (n - 1) / 2));
        Tensor values = sorted.values().gather(d, pos);
        Tensor indices = sorted.indices().gather(d, pos);
        return keepDim ? new ValuesIndices(values, indices) : new ValuesIndices(values.squeeze(d), indices.squeeze(d));
    }

    private static Tensor middle(String op, Tensor x, boolean ignoreNan) {
        if (x.numel() == 0) {
            throw new IllegalArgumentException(op + ": cannot compute the median of an empty tensor");
        }
        Tensor m = middle(op, x.detach().reshape(-1), 0, false, ignoreNan).values();
        return OpSupport.result(op, m.data(), x, g -> {
            Tensor mask = (Double.isNaN(m.item()) ? x.ne(x) : x.eq(m)).to(g.dtype());
            return new Tensor[] {mask.div(mask.sum()).mul(g)};
        }, x);
    }

    /**
     * The {@code q}-quantiles along {@code dim} ({@code null}: of all elements), as
     * {@code torch.quantile}: with the rank {@code r = q (n - 1)} in the sorted values {@code v},
     * {@code linear} gives {@code v[floor r] + (r - floor r) (v[ceil r] - v[floor r])}; {@code lower},
     * {@code higher}, {@code nearest} (halves to even) and {@code midpoint} as in PyTorch. A row with
     * NaN gives NaN. Shape: the reduced shape, preceded by {@code q.length} when {@code qIsVector}.
     */
    public static Tensor quantile(Tensor x, double[] q, boolean qIsVector, Integer dim, boolean keepDim,
                                  String interpolation) {
        OpSupport.requireFloat("quantile", x);
        String mode = interpolation.toLowerCase(Locale.ROOT);
        if (!List.of("linear", "lower", "higher", "nearest", "midpoint").contains(mode)) {
            throw new IllegalArgumentException("quantile: interpolation must be one of linear, lower, higher, "
                    + "nearest, midpoint; got '" + interpolation + "'");
        }
        for (double v : q) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("quantile: q values must be in the range [0, 1], got " + v);
            }
        }
        Tensor in = dim == null ? x.reshape(-1) : x;
        int d = dim == null ? 0 : Shape.dim("quantile", dim, Math.max(x.dim(), 1));
        if (in.dim() == 0) {
            in = in.reshape(1);
        }
        int n = in.size(d);
        if (n == 0) {
            throw new IllegalArgumentException("quantile: input tensor must be non-empty, got shape " + Shape.str(x.shape()));
        }
        Tensor sorted = sort(in, d, false).values();
        Tensor hasNaN = nanCount(in, d).gt(0);
        Tensor last = sorted.narrow(d, n - 1, 1);
        List<Tensor> out = new ArrayList<>();
        for (double qi : q) {
            double rank = qi * (n - 1);
            int lo = (int) Math.floor(rank);
            int hi = (int) Math.ceil(rank);
            Tensor below = sorted.narrow(d, lo, 1);
            Tensor above = sorted.narrow(d, hi, 1);
            Tensor value = switch (mode) {
                case "lower" -> below;
                case "higher" -> above;
                case "nearest" -> sorted.narrow(d, (int) Math.rint(rank), 1);
                case "midpoint" -> lerp(below, above, 0.5);
                default -> lerp(below, above, rank - lo);
            };
            value = Tensor.where(hasNaN, last, value);
            if (dim == null) {
                value = keepDim ? value.reshape(ones(x.dim())) : value.reshape();
            } else if (!keepDim) {
                value = value.squeeze(d);
            }
            out.add(value);
        }
        return qIsVector ? Tensor.stack(out, 0) : out.get(0);
    }

    /** PyTorch's {@code lerp}: {@code a + w (b - a)} for {@code w < 0.5}, else {@code b - (b - a)(1 - w)}. */
    private static Tensor lerp(Tensor a, Tensor b, double w) {
        return w < 0.5 ? a.add(b.sub(a).mul(w)) : b.sub(b.sub(a).mul(1 - w));
    }

    /** The number of NaNs along {@code d}, kept as a size-1 dim (INT64). */
    private static Tensor nanCount(Tensor x, int d) {
        return x.ne(x).to(DType.INT64).sum(d, true);
    }

    private static int[] ones(int rank) {
        int[] s = new int[rank];
        java.util.Arrays.fill(s, 1);
        return s;
    }
}
