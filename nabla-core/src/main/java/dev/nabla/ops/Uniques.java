package dev.nabla.ops;

import dev.nabla.backend.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.Unique;
import java.util.Arrays;
import java.util.Comparator;

/**
 * {@code torch.unique} (sorted) and {@code torch.unique_consecutive} over all elements, on the
 * host: the distinct values (or runs of equal neighbours), with each element's position among
 * them and the counts when asked for. NaN equals nothing, so each NaN is a value of its own
 * (sorted last). Not differentiable, as in PyTorch.
 */
public final class Uniques {
    private Uniques() {
    }

    /** The distinct values (sorted), or the runs when {@code consecutive}; inverse and counts null unless asked for. */
    public static Unique unique(Tensor x, boolean consecutive, boolean returnInverse, boolean returnCounts) {
        boolean integral = x.dtype() == DType.INT64;
        long[] ints = integral ? x.contiguous().toLongArray() : null;
        double[] reals = integral ? null : x.to(DType.FLOAT64).contiguous().toDoubleArray();
        int n = integral ? ints.length : reals.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (!consecutive) {
            Arrays.sort(order, integral ? Comparator.comparingLong(i -> ints[i]) : Comparator.comparingDouble(i -> reals[i]));
        }
        long[] inverse = new long[n];
        long[] counts = new long[n];
        int[] first = new int[n];
        int groups = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            boolean same = k > 0 && (integral ? ints[i] == ints[order[k - 1]] : reals[i] == reals[order[k - 1]]);
            if (!same) {
                first[groups++] = i;
            }
            inverse[i] = groups - 1;
            counts[groups - 1]++;
        }
        long[] positions = new long[groups];
        for (int g = 0; g < groups; g++) {
            positions[g] = first[g];
        }
        Tensor values = x.detach().reshape(-1).indexSelect(0, longs(x, positions, groups));
        return new Unique(values, returnInverse ? longs(x, inverse, n).reshape(x.shape()) : null,
                returnCounts ? longs(x, Arrays.copyOf(counts, groups), groups) : null);
    }

    private static Tensor longs(Tensor like, long[] values, int n) {
        return Tensor.of(Arrays.copyOf(values, n), n).to(like.backend());
    }
}
