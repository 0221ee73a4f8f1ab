package dev.nabla.ops;

import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;

/**
 * A view with the dims reordered: output dim {@code i} is input dim {@code dims[i]}. Backward:
 * the inverse permutation.
 */
public final class Permute {
    private Permute() {
    }

    public static Tensor apply(Tensor x, int... dims) {
        int rank = x.dim();
        if (dims.length != rank) {
            throw new IllegalArgumentException("permute: expected " + rank + " dims for shape "
                    + Shape.str(x.data().shapeRef()) + ", got " + Shape.str(dims));
        }
        int[] p = new int[rank];
        int[] inverse = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = Shape.dim("permute", dims[i], rank);
            if (seen[p[i]]) {
                throw new IllegalArgumentException("permute: dim " + dims[i] + " repeated in " + Shape.str(dims));
            }
            seen[p[i]] = true;
            inverse[p[i]] = i;
        }
        NDArray d = x.data();
        int[] shape = new int[rank];
        int[] strides = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = d.shapeRef()[p[i]];
            strides[i] = d.stridesRef()[p[i]];
        }
        return OpSupport.result("permute", d.view(shape, strides, d.offset()), x,
                g -> new Tensor[] {apply(g, inverse)}, x);
    }

    /** A view with dims {@code a} and {@code b} swapped. */
    public static Tensor transpose(Tensor x, int a, int b) {
        int rank = x.dim();
        if (rank < 2 && a == b || rank == 0) {
            return x;
        }
        int[] p = new int[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = i;
        }
        int da = Shape.dim("transpose", a, rank);
        int db = Shape.dim("transpose", b, rank);
        p[da] = db;
        p[db] = da;
        return apply(x, p);
    }
}
