package dev.nabla.ops;

import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;

/**
 * A broadcast view: size-1 dims (and new leading dims) repeated to {@code shape} without copying
 * (stride 0); {@code -1} keeps a size. Backward: the gradient summed back to the input's shape.
 */
public final class Expand {
    private Expand() {
    }

    public static Tensor apply(Tensor x, int... shape) {
        int[] from = x.data().shapeRef();
        if (shape.length < from.length) {
            throw new IllegalArgumentException("expand: cannot expand shape " + Shape.str(from) + " to "
                    + Shape.str(shape) + " with fewer dims");
        }
        int[] target = shape.clone();
        int lead = target.length - from.length;
        for (int i = 0; i < target.length; i++) {
            int src = i < lead ? 1 : from[i - lead];
            if (target[i] == -1 && i >= lead) {
                target[i] = src;
            }
            if (target[i] < 0 || (src != 1 && src != target[i])) {
                throw new IllegalArgumentException("expand: cannot expand shape " + Shape.str(from) + " to "
                        + Shape.str(shape) + ": size " + src + " at dim " + i + " is not 1");
            }
        }
        if (java.util.Arrays.equals(from, target)) {
            return x;
        }
        return OpSupport.result("expand", x.data().broadcastTo(target), x,
                g -> new Tensor[] {OpSupport.sumTo(g, from)}, x);
    }
}
