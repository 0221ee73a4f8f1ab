package dev.nabla.tensor;

import dev.nabla.ops.Reduce;
import dev.nabla.ops.Statistics;

/**
 * Reductions over chosen dims. With {@code keepDim} the reduced dims stay with size 1 (so the
 * result broadcasts against the input), else they are removed. An empty dims array means all.
 */
public sealed interface TensorReductions permits Tensor {

    private Tensor self() {
        return (Tensor) this;
    }

    /** Sum of all elements (a scalar). */
    default Tensor sum() { return Reduce.sum(self(), new int[0], false); }

    /** Sum along {@code dim} (removed). */
    default Tensor sum(int dim) { return Reduce.sum(self(), new int[] {dim}, false); }

    default Tensor sum(int dim, boolean keepDim) { return Reduce.sum(self(), new int[] {dim}, keepDim); }

    default Tensor sum(int[] dims, boolean keepDim) { return Reduce.sum(self(), dims, keepDim); }

    /** Mean of all elements; integer and bool tensors are refused, as in PyTorch. */
    default Tensor mean() { return Statistics.mean(self(), new int[0], false); }

    default Tensor mean(int dim) { return Statistics.mean(self(), new int[] {dim}, false); }

    default Tensor mean(int dim, boolean keepDim) { return Statistics.mean(self(), new int[] {dim}, keepDim); }

    default Tensor mean(int[] dims, boolean keepDim) { return Statistics.mean(self(), dims, keepDim); }

    /** Largest element (a scalar). */
    default Tensor max() { return Reduce.extremeOfAll(self(), true); }

    /** Smallest element (a scalar). */
    default Tensor min() { return Reduce.extremeOfAll(self(), false); }

    /** Largest values and their (first) indices along {@code dim}, like {@code torch.max(x, dim)}. */
    default ValuesIndices max(int dim, boolean keepDim) { return extreme(dim, keepDim, true); }

    /** Smallest values and their (first) indices along {@code dim}. */
    default ValuesIndices min(int dim, boolean keepDim) { return extreme(dim, keepDim, false); }

    private ValuesIndices extreme(int dim, boolean keepDim, boolean max) {
        Tensor x = self();
        if (x.dim() == 0) { // as PyTorch: the value itself, at index 0
            dev.nabla.backend.Shape.dim(max ? "max" : "min", dim, 0);
            return new ValuesIndices(x.clone(), x.newZeros(dev.nabla.backend.DType.INT64));
        }
        Tensor idx = arg(dim, true, max);
        Tensor values = x.gather(dim, idx);
        return keepDim ? new ValuesIndices(values, idx) : new ValuesIndices(values.squeeze(dim), idx.squeeze(dim));
    }

    /** Largest values over {@code dims} (gradient shared among ties), like {@code torch.amax}. */
    default Tensor amax(int[] dims, boolean keepDim) { return Reduce.extreme(self(), dims, keepDim, true); }

    /** Smallest values over {@code dims}, like {@code torch.amin}. */
    default Tensor amin(int[] dims, boolean keepDim) { return Reduce.extreme(self(), dims, keepDim, false); }

    /** Flat index (INT64 scalar) of the first largest element. */
    default Tensor argmax() { return self().reshape(-1).argmax(0, false); }

    /** Index (INT64) of the first largest element along {@code dim}. */
    default Tensor argmax(int dim, boolean keepDim) { return arg(dim, keepDim, true); }

    /** Flat index of the first smallest element. */
    default Tensor argmin() { return self().reshape(-1).argmin(0, false); }

    /** Index (INT64) of the first smallest element along {@code dim}. */
    default Tensor argmin(int dim, boolean keepDim) { return arg(dim, keepDim, false); }

    private Tensor arg(int dim, boolean keepDim, boolean max) {
        Tensor x = self();
        String op = max ? "argmax" : "argmin";
        if (x.dim() == 0) {
            return Tensor.zeros(dev.nabla.backend.DType.INT64);
        }
        int d = dev.nabla.backend.Shape.dim(op, dim, x.dim());
        if (x.size(d) == 0) {
            throw new IllegalArgumentException(op + ": cannot reduce an empty dim");
        }
        return new Tensor(x.backend().argReduce(max, x.data(), d, keepDim), x.backend());
    }

    /** Unbiased variance of all elements (divides by n - 1). */
    default Tensor var() { return Statistics.var(self(), new int[0], true, false); }

    /** Variance over {@code dims}; {@code unbiased} divides by n - 1, else by n. */
    default Tensor var(int[] dims, boolean unbiased, boolean keepDim) {
        return Statistics.var(self(), dims, unbiased, keepDim);
    }

    /** Unbiased standard deviation of all elements. */
    default Tensor std() { return Statistics.std(self(), new int[0], true, false); }

    /** Standard deviation over {@code dims}. */
    default Tensor std(int[] dims, boolean unbiased, boolean keepDim) {
        return Statistics.std(self(), dims, unbiased, keepDim);
    }

    /** {@code log(sum(exp(x)))} along {@code dim}, computed stably. */
    default Tensor logSumExp(int dim, boolean keepDim) {
        return Statistics.logSumExp(self(), new int[] {dim}, keepDim);
    }

    default Tensor logSumExp(int[] dims, boolean keepDim) { return Statistics.logSumExp(self(), dims, keepDim); }

    /** Euclidean (2-) norm of all elements. */
    default Tensor norm() { return Statistics.norm(self(), 2, new int[0], false); }

    /** The p-norm over {@code dims} ({@code p = Double.POSITIVE_INFINITY} for the max norm). */
    default Tensor norm(double p, int[] dims, boolean keepDim) { return Statistics.norm(self(), p, dims, keepDim); }

    /** The p-norm of {@code this - other} (broadcast), over all elements. */
    default Tensor dist(Tensor other, double p) { return self().sub(other).norm(p, new int[0], false); }

    /** {@link #dist(Tensor, double)} with p = 2. */
    default Tensor dist(Tensor other) { return dist(other, 2); }

    /**
     * The p-norm distances between the rows of {@code [n, m]}, for each pair {@code i < j} in
     * row-major order: {@code [n (n - 1) / 2]} ({@code torch.pdist}).
     */
    default Tensor pdist(double p) {
        Tensor x = self();
        if (x.dim() != 2) {
            throw new IllegalArgumentException("pdist: expected a 2-D tensor [n, m], got " + dev.nabla.backend.Shape.str(x.shape()));
        }
        Tensor pairs = Tensor.triuIndices(x.size(0), x.size(0), 1).to(x.backend());
        return x.indexSelect(0, pairs.select(0, 0)).sub(x.indexSelect(0, pairs.select(0, 1)))
                .norm(p, new int[] {1}, false);
    }

    /** {@link #pdist(double)} with p = 2. */
    default Tensor pdist() { return pdist(2); }

    /**
     * Each slice {@code select(dim, i)} whose p-norm exceeds {@code maxnorm} scaled to that norm
     * (by {@code maxnorm / (norm + 1e-7)}, as {@code torch.renorm}); the others unchanged.
     */
    default Tensor renorm(double p, int dim, double maxnorm) {
        Tensor x = self();
        int d = dev.nabla.backend.Shape.dim("renorm", dim, x.dim());
        int[] others = new int[x.dim() - 1];
        for (int i = 0, j = 0; i < x.dim(); i++) {
            if (i != d) {
                others[j++] = i;
            }
        }
        Tensor norms = x.norm(p, others, true);
        return x.mul(Tensor.where(norms.gt(maxnorm), norms.add(1e-7).reciprocal().mul(maxnorm), 1.0));
    }

    /** The smallest and largest element ({@code torch.aminmax}). */
    default MinMax aminmax() { return new MinMax(self().amin(new int[0], false), self().amax(new int[0], false)); }

    /** The smallest and largest elements along {@code dim}. */
    default MinMax aminmax(int dim, boolean keepDim) {
        int[] dims = {dim};
        return new MinMax(self().amin(dims, keepDim), self().amax(dims, keepDim));
    }

    /**
     * The covariance matrix of the variables in the rows of {@code [vars, obs]} (a vector: one
     * variable, a scalar result): {@code (X - mean) (X - mean)^T / (obs - correction)}.
     */
    default Tensor cov(int correction) {
        Tensor x = self();
        if (x.dim() > 2) {
            throw new IllegalArgumentException("cov: expected a vector or a matrix [vars, obs], got shape "
                    + dev.nabla.backend.Shape.str(x.shape()));
        }
        Tensor m = x.dim() < 2 ? x.reshape(1, -1) : x;
        m = m.dtype().isFloatingPoint() ? m : m.to(m.backend().floatType()); // integers, as PyTorch promotes them
        Tensor centred = m.sub(m.mean(1, true));
        Tensor c = centred.matmul(centred.transpose(0, 1)).div(Math.max(0, m.size(1) - correction));
        return x.dim() < 2 ? c.reshape() : c;
    }

    /** {@link #cov(int)} with Bessel's correction 1. */
    default Tensor cov() { return cov(1); }

    /** Pearson correlation coefficients of the rows of {@code [vars, obs]}: {@code cov / (std_i std_j)}, in [-1, 1]. */
    default Tensor corrcoef() {
        Tensor c = cov();
        if (c.dim() == 0) {
            return c.div(c);
        }
        Tensor sd = c.diagonal().sqrt();
        return c.div(sd.reshape(-1, 1)).div(sd.reshape(1, -1)).clamp(-1, 1);
    }

    /** The sum of all elements, NaN counted as 0 (as {@code torch.nansum}). */
    default Tensor nansum() { return nanAsZero(self()).sum(); }

    /** The sum over {@code dims}, NaN counted as 0. */
    default Tensor nansum(int[] dims, boolean keepDim) { return nanAsZero(self()).sum(dims, keepDim); }

    /** The mean of the elements that are not NaN (NaN when all are). */
    default Tensor nanmean() { return self().nansum().div(self().isNan().logicalNot().sum()); }

    /** The mean over {@code dims} of the elements that are not NaN. */
    default Tensor nanmean(int[] dims, boolean keepDim) {
        return self().nansum(dims, keepDim).div(self().isNan().logicalNot().sum(dims, keepDim));
    }

    private static Tensor nanAsZero(Tensor x) {
        return x.dtype().isFloatingPoint() ? Tensor.where(x.isNan(), 0, x) : x;
    }

    /**
     * {@code log(cumsum(exp(x)))} along {@code dim}, computed stably: within blocks of up to 256
     * elements as the log-sum-exp of each prefix (O(n * 256) memory), blocks joined by
     * {@link TensorFunctions#logaddexp}.
     */
    default Tensor logcumsumexp(int dim) {
        Tensor x = self().dtype().isFloatingPoint() ? self() : self().to(self().backend().floatType());
        if (x.dim() == 0 || x.numel() == 0) {
            return x.clone();
        }
        int d = dev.nabla.backend.Shape.dim("logcumsumexp", dim, x.dim());
        Tensor rows = x.movedim(d, -1);
        int n = rows.size(-1);
        int[] square = java.util.Arrays.copyOf(rows.shape(), rows.dim() + 1);
        java.util.List<Tensor> parts = new java.util.ArrayList<>();
        int block = Math.min(256, n);
        Tensor after = x.newOnes(block, block).triu(1).ne(0); // [j, i]: element i comes after position j
        Tensor carry = null;
        for (int start = 0; start < n; start += block) {
            int len = Math.min(block, n - start);
            square[square.length - 2] = len;
            square[square.length - 1] = len;
            Tensor later = len == block ? after : after.narrow(0, 0, len).narrow(1, 0, len);
            Tensor prefix = rows.narrow(-1, start, len).unsqueeze(-2).expand(square)
                    .maskedFill(later, Double.NEGATIVE_INFINITY).logSumExp(-1, false);
            if (carry != null) {
                prefix = prefix.logaddexp(carry);
            }
            parts.add(prefix);
            carry = prefix.narrow(-1, len - 1, 1);
        }
        return Tensor.concat(parts, -1).movedim(-1, d);
    }

    // ---- order statistics (sort, argsort, topk, median, quantile) ----------------------------

    /** Sorted ascending along the last dim, with the indices the values came from. */
    default ValuesIndices sort() { return dev.nabla.ops.Sorting.sort(self(), -1, false); }

    /** Sorted along {@code dim}; equal elements keep their order (NaN sorts above every number). */
    default ValuesIndices sort(int dim, boolean descending) { return dev.nabla.ops.Sorting.sort(self(), dim, descending); }

    /** As {@link #sort(int, boolean)}; the sort is always stable, so {@code stable} changes nothing. */
    default ValuesIndices sort(int dim, boolean descending, boolean stable) { return sort(dim, descending); }

    /**
     * The {@code k}-th smallest element along {@code dim} ({@code k} from 1) and where it was
     * (of equal elements, the first), as {@code torch.kthvalue}.
     */
    default ValuesIndices kthvalue(int k, int dim, boolean keepDim) {
        Tensor x = self();
        if (x.dim() == 0) {
            x = x.reshape(1);
        }
        int d = dev.nabla.backend.Shape.dim("kthvalue", dim, x.dim());
        if (k < 1 || k > x.size(d)) {
            throw new IllegalArgumentException("kthvalue: k = " + k + " is out of range for dim " + dim + " of size "
                    + x.size(d));
        }
        ValuesIndices sorted = x.sort(d, false);
        Tensor values = sorted.values().narrow(d, k - 1, 1);
        Tensor indices = sorted.indices().narrow(d, k - 1, 1);
        if (keepDim && self().dim() > 0) {
            return new ValuesIndices(values, indices);
        }
        return new ValuesIndices(values.squeeze(d), indices.squeeze(d));
    }

    /** The {@code k}-th smallest along the last dim. */
    default ValuesIndices kthvalue(int k) { return kthvalue(k, -1, false); }

    /** The indices that sort the last dim ascending. */
    default Tensor argsort() { return dev.nabla.ops.Sorting.argsort(self(), -1, false); }

    /** The indices that sort along {@code dim} (stable). */
    default Tensor argsort(int dim, boolean descending) { return dev.nabla.ops.Sorting.argsort(self(), dim, descending); }

    /** As {@link #argsort(int, boolean)} (always stable). */
    default Tensor argsort(int dim, boolean descending, boolean stable) { return argsort(dim, descending); }

    /** The {@code k} largest elements of the last dim, largest first. */
    default ValuesIndices topk(int k) { return dev.nabla.ops.Sorting.topk(self(), k, -1, true); }

    /**
     * The {@code k} largest ({@code largest}) or smallest elements along {@code dim}; always in
     * sorted order (which {@code sorted = false} permits).
     */
    default ValuesIndices topk(int k, int dim, boolean largest, boolean sorted) {
        return dev.nabla.ops.Sorting.topk(self(), k, dim, largest);
    }

    /** The median of all elements: the lower middle value for an even count; NaN if any is NaN. */
    default Tensor median() { return dev.nabla.ops.Sorting.median(self()); }

    /** The median along {@code dim} (lower middle value) and its index. */
    default ValuesIndices median(int dim, boolean keepDim) { return dev.nabla.ops.Sorting.median(self(), dim, keepDim); }

    /** The most frequent value along {@code dim} (the smallest of ties) and its last index, as {@code torch.mode}. */
    default ValuesIndices mode(int dim, boolean keepDim) { return dev.nabla.ops.Sorting.mode(self(), dim, keepDim); }

    /** {@link #mode(int, boolean)} along the last dim. */
    default ValuesIndices mode() { return mode(-1, false); }

    /** The median of the elements that are not NaN (NaN when all are), as {@code torch.nanmedian}. */
    default Tensor nanmedian() { return dev.nabla.ops.Sorting.nanmedian(self()); }

    /** The median along {@code dim} of the values that are not NaN, and its index. */
    default ValuesIndices nanmedian(int dim, boolean keepDim) { return dev.nabla.ops.Sorting.nanmedian(self(), dim, keepDim); }

    /** The {@code q}-quantile of all elements, linear interpolation. */
    default Tensor quantile(double q) { return quantile(q, null, false, "linear"); }

    /** The {@code q}-quantile along {@code dim}, linear interpolation. */
    default Tensor quantile(double q, int dim, boolean keepDim) { return quantile(q, dim, keepDim, "linear"); }

    /**
     * The {@code q}-quantile along {@code dim} ({@code null}: all elements) with
     * {@code interpolation} {@code linear}, {@code lower}, {@code higher}, {@code nearest} or {@code midpoint}.
     */
    default Tensor quantile(double q, Integer dim, boolean keepDim, String interpolation) {
        return dev.nabla.ops.Sorting.quantile(self(), new double[] {q}, false, dim, keepDim, interpolation);
    }

    /** Quantiles for each of {@code q} (0-D or 1-D; a 1-D {@code q} adds a leading dim of its length). */
    default Tensor quantile(Tensor q, Integer dim, boolean keepDim, String interpolation) {
        if (q.dim() > 1) {
            throw new IllegalArgumentException("quantile: q must be a scalar or 1-D tensor, got shape "
                    + dev.nabla.backend.Shape.str(q.shape()));
        }
        return dev.nabla.ops.Sorting.quantile(self(), q.toDoubleArray(), q.dim() == 1, dim, keepDim, interpolation);
    }

    /**
     * The distinct values, ascending, as a 1-D tensor of this dtype (as {@code torch.unique} with
     * its default {@code sorted=True}; NaNs, equal to nothing, are each kept, last). Not differentiable.
     */
    default Tensor unique() { return unique(false, false).values(); }

    /**
     * {@link #unique()} with, when asked for, each element's position among the values
     * ({@code return_inverse}) and each value's count ({@code return_counts}).
     */
    default Unique unique(boolean returnInverse, boolean returnCounts) {
        return dev.nabla.ops.Uniques.unique((Tensor) this, false, returnInverse, returnCounts);
    }

    /** The elements (flattened) with each run of equal neighbours collapsed to one, as {@code torch.unique_consecutive}. */
    default Tensor uniqueConsecutive() { return uniqueConsecutive(false, false).values(); }

    /** {@link #uniqueConsecutive()} with, when asked for, each element's run ({@code inverse}) and the runs' lengths. */
    default Unique uniqueConsecutive(boolean returnInverse, boolean returnCounts) {
        return dev.nabla.ops.Uniques.unique((Tensor) this, true, returnInverse, returnCounts);
    }

    /**
     * Running maxima along {@code dim} and where each was found (ties take the later position; a
     * NaN, once met, stays), as {@code torch.cummax}; the values carry the gradient.
     */
    default ValuesIndices cummax(int dim) { return cumulativeExtreme((Tensor) this, dim, true); }

    /** Running minima along {@code dim}, as {@code torch.cummin}; see {@link #cummax}. */
    default ValuesIndices cummin(int dim) { return cumulativeExtreme((Tensor) this, dim, false); }

    private static ValuesIndices cumulativeExtreme(Tensor x, int dim, boolean max) {
        if (x.dim() == 0) {
            return new ValuesIndices(x, Tensor.zeros(dev.nabla.backend.DType.INT64).to(x.backend()));
        }
        int d = dev.nabla.backend.Shape.dim(max ? "cummax" : "cummin", dim, x.dim());
        Tensor rows = x.movedim(d, -1).contiguous();
        double[] v = rows.to(dev.nabla.backend.DType.FLOAT64).toDoubleArray();
        int n = x.size(d);
        long[] index = new long[v.length];
        for (int start = 0; start < v.length; start += n) {
            int best = 0;
            for (int i = 0; i < n; i++) {
                double b = v[start + best];
                double c = v[start + i];
                if (!Double.isNaN(b) && (Double.isNaN(c) || (max ? c >= b : c <= b))) {
                    best = i;
                }
                index[start + i] = best;
            }
        }
        Tensor indices = Tensor.of(index, rows.shape()).to(x.backend()).movedim(-1, d).contiguous();
        return new ValuesIndices(x.gather(d, indices), indices);
    }
}
