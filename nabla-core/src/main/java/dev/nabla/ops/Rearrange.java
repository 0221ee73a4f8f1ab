package dev.nabla.ops;

import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Copies that move, repeat or mask elements, composed from indexing, views and {@code where}
 * (their gradients come from those ops): {@code flip}, {@code roll}, {@code repeat},
 * {@code tile}, {@code tril}, {@code triu}.
 */
public final class Rearrange {
    private Rearrange() {
    }

    /** The elements in reverse order along each of {@code dims}. */
    public static Tensor flip(Tensor x, int... dims) {
        if (dims.length == 0 || x.dim() == 0) {
            return x.clone();
        }
        Tensor out = x;
        for (int k : OpSupport.dims("flip", dims, x.dim())) {
            int n = x.size(k);
            out = out.indexSelect(k, Tensor.arange(n - 1, -1, -1).to(x.backend()));
        }
        return out;
    }

    /**
     * Rotates by {@code shifts[i]} along {@code dims[i]} (element {@code j} moves to
     * {@code (j + shift) mod n}); with no dims, the flattened tensor is rolled and reshaped back.
     */
    public static Tensor roll(Tensor x, int[] shifts, int[] dims) {
        if (dims.length == 0) {
            if (shifts.length != 1) {
                throw new IllegalArgumentException("roll: without dims, expected one shift, got " + shifts.length);
            }
            return roll(x.reshape(-1), shifts, new int[] {0}).reshape(x.shape());
        }
        if (shifts.length != dims.length) {
            throw new IllegalArgumentException("roll: shifts and dims must have the same length, got "
                    + shifts.length + " and " + dims.length);
        }
        Tensor out = x;
        for (int i = 0; i < dims.length; i++) {
            int d = Shape.dim("roll", dims[i], x.dim());
            int n = x.size(d);
            int s = n == 0 ? 0 : Math.floorMod(shifts[i], n);
            if (s != 0) {
                out = Tensor.concat(List.of(out.narrow(d, n - s, s), out.narrow(d, 0, n - s)), d);
            }
        }
        return out == x ? x.clone() : out;
    }

    /**
     * The tensor repeated {@code sizes[i]} times along dim {@code i} ({@code torch.Tensor.repeat}):
     * {@code sizes} has at least {@code x.dim()} entries; extra leading ones add dims.
     */
    public static Tensor repeat(Tensor x, int... sizes) {
        int r = sizes.length;
        if (r < x.dim()) {
            throw new IllegalArgumentException("repeat: number of repeat dims " + r
                    + " can not be smaller than the number of dims of the tensor " + Shape.str(x.shape()));
        }
        int[] padded = new int[r];
        Arrays.fill(padded, 1);
        System.arraycopy(x.shape(), 0, padded, r - x.dim(), x.dim());
        int[] split = new int[2 * r];
        int[] expanded = new int[2 * r];
        int[] result = new int[r];
        for (int i = 0; i < r; i++) {
            if (sizes[i] < 0) {
                throw new IllegalArgumentException("repeat: repeats must be non-negative, got " + Arrays.toString(sizes));
            }
            split[2 * i] = 1;
            split[2 * i + 1] = padded[i];
            expanded[2 * i] = sizes[i];
            expanded[2 * i + 1] = padded[i];
            result[i] = sizes[i] * padded[i];
        }
        return x.reshape(split).expand(expanded).reshape(result);
    }

    /** {@code torch.tile}: as {@link #repeat}, with missing leading entries of {@code dims} taken as 1. */
    public static Tensor tile(Tensor x, int... dims) {
        if (dims.length >= x.dim()) {
            return repeat(x, dims);
        }
        int[] full = new int[x.dim()];
        Arrays.fill(full, 1);
        System.arraycopy(dims, 0, full, x.dim() - dims.length, dims.length);
        return repeat(x, full);
    }

    /**
     * The lower ({@code lower}) or upper triangle of the last two dims: element {@code (i, j)} is
     * kept where {@code j - i <= diagonal} (tril) or {@code j - i >= diagonal} (triu), else 0.
     */
    public static Tensor triangle(Tensor x, int diagonal, boolean lower) {
        String name = lower ? "tril" : "triu";
        if (x.dim() < 2) {
            throw new IllegalArgumentException(name + ": input must have at least 2 dims, got shape " + Shape.str(x.shape()));
        }
        int rows = x.size(-2);
        int cols = x.size(-1);
        Tensor offset = Tensor.arange(cols).to(x.backend()).unsqueeze(0)
                .sub(Tensor.arange(rows).to(x.backend()).unsqueeze(1));
        Tensor keep = lower ? offset.le(diagonal) : offset.ge(diagonal);
        return Tensor.where(keep, x, OpSupport.sameTypeScalar(x, 0));
    }
}
