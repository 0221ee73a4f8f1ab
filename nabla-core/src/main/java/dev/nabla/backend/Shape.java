package dev.nabla.backend;

import java.util.Arrays;

/** Static helpers for shapes ({@code int[]} sizes, outermost first) and row-major strides. */
public final class Shape {
    private Shape() {
    }

    /** Product of the sizes; 1 for a scalar shape {@code []}. */
    public static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31-1 elements");
        }
        return (int) n;
    }

    /** Row-major (C-contiguous) strides for {@code shape}. */
    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /**
     * The NumPy broadcast of two shapes: aligned from the right, each pair of sizes must be equal
     * or one of them 1.
     *
     * @throws IllegalArgumentException naming {@code op} and both shapes when they do not broadcast
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast: size " + da + " vs " + db + " at dim " + i);
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * Normalizes a possibly negative dim ({@code -1} is the last) for a tensor of rank {@code rank}.
     *
     * @throws IllegalArgumentException naming {@code op} when the dim is out of range
     */
    public static int dim(String op, int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r) {
            throw new IllegalArgumentException(op + ": dim " + dim + " is out of range for a tensor of rank "
                    + rank + " (expected " + -r + " to " + (r - 1) + ")");
        }
        return dim < 0 ? dim + r : dim;
    }

    /** Shape formatted as PyTorch prints it, e.g. {@code [32, 8]}. */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
