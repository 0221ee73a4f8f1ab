package dev.nabla.backend.cpu;

/**
 * An iteration plan over one shape shared by several strided operands (inputs broadcast to the
 * shape, and the output). Dims of size 1 are dropped and neighbouring dims that are contiguous in
 * <em>every</em> operand are merged, so most real cases collapse to one or two dims. The last
 * collapsed dim is walked as a "row" by a kernel; the others enumerate {@link #rows} rows.
 */
final class Layout {
    /** Collapsed sizes, outermost first; never empty (a scalar becomes {@code [1]}). */
    final int[] shape;
    /** Per operand, the strides of the collapsed dims. */
    final int[][] strides;
    /** Length of a row: the last collapsed size. */
    final int inner;
    /** Number of rows: the product of the other collapsed sizes. */
    final int rows;

    Layout(int[] fullShape, int[]... fullStrides) {
        int k = fullStrides.length;
        int[] sh = new int[fullShape.length];
        int[][] st = new int[k][fullShape.length];
        int r = 0; // collapsed dims are built from the right, at index sh.length - 1 - j
        int top = fullShape.length;
        for (int d = fullShape.length - 1; d >= 0; d--) {
            int size = fullShape[d];
            if (size == 1) {
                continue;
            }
            if (r > 0 && mergeable(fullStrides, d, st, top, sh[top])) {
                sh[top] *= size;
                continue;
            }
            top--;
            r++;
            sh[top] = size;
            for (int o = 0; o < k; o++) {
                st[o][top] = fullStrides[o][d];
            }
        }
        if (r == 0) {
            shape = new int[] {1}; // every size is 1: a single element
            strides = new int[k][];
            for (int o = 0; o < k; o++) {
                strides[o] = new int[] {1};
            }
        } else {
            shape = java.util.Arrays.copyOfRange(sh, top, fullShape.length);
            strides = new int[k][];
            for (int o = 0; o < k; o++) {
                strides[o] = java.util.Arrays.copyOfRange(st[o], top, fullShape.length);
            }
        }
        inner = shape[shape.length - 1];
        int n = 1;
        for (int i = 0; i < shape.length - 1; i++) {
            n *= shape[i];
        }
        rows = inner == 0 ? 0 : n;
    }

    private static boolean mergeable(int[][] full, int d, int[][] st, int top, int size) {
        for (int o = 0; o < full.length; o++) {
            if (full[o][d] != st[o][top] * size) {
                return false;
            }
        }
        return true;
    }

    int rank() {
        return shape.length;
    }

    /** Stride of operand {@code k} along the row. */
    int innerStride(int k) {
        return strides[k][shape.length - 1];
    }

    /** Offset (relative to the operand's base) of row {@code row} of operand {@code k}. */
    int rowOffset(int k, int row) {
        return offset(k, row, shape.length - 1);
    }

    /** Offset of the {@code index}-th element of the first {@code dims} collapsed dims. */
    int offset(int k, int index, int dims) {
        int[] s = strides[k];
        int p = 0;
        for (int d = dims - 1; d >= 0 && index != 0; d--) {
            p += (index % shape[d]) * s[d];
            index /= shape[d];
        }
        return p;
    }
}
