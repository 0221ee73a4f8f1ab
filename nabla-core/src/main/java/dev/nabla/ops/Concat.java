package dev.nabla.ops;

import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Joins tensors along an existing dim ({@code concat}) or a new one ({@code stack}). Shape:
 * {@code [.., n_i, ..]} for each input gives {@code [.., sum n_i, ..]}. Backward: each input gets
 * its slice of the gradient.
 */
public final class Concat {
    private Concat() {
    }

    public static Tensor apply(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("concat: expected at least one tensor");
        }
        Tensor first = tensors.get(0);
        int d = Shape.dim("concat", dim, first.dim());
        int[] shape = first.shape();
        int total = 0;
        for (Tensor t : tensors) {
            OpSupport.sameBackend("concat", first, t);
            int[] s = t.data().shapeRef();
            boolean compatible = s.length == shape.length && t.dtype() == first.dtype();
            for (int i = 0; compatible && i < s.length; i++) {
                compatible = i == d || s[i] == shape[i];
            }
            if (!compatible) {
                throw new IllegalArgumentException("concat: " + t.dtype().shortName() + " tensor of shape "
                        + Shape.str(s) + " does not match " + first.dtype().shortName() + " "
                        + Shape.str(first.data().shapeRef()) + " outside dim " + d);
            }
            total += s[d];
        }
        shape[d] = total;
        Tensor out = first.newZeros(shape);
        int offset = 0;
        for (Tensor t : tensors) {
            int n = t.data().shapeRef()[d];
            first.backend().assign(Window.narrow(out, d, offset, n).data(), t.data());
            offset += n;
        }
        Tensor[] inputs = tensors.toArray(new Tensor[0]);
        return OpSupport.result("concat", out.data(), first, g -> {
            Tensor[] grads = new Tensor[inputs.length];
            int at = 0;
            for (int i = 0; i < inputs.length; i++) {
                int n = inputs[i].data().shapeRef()[d];
                grads[i] = Window.narrow(g, d, at, n);
                at += n;
            }
            return grads;
        }, inputs);
    }

    /** Equal-shape tensors stacked along a new dim {@code dim} (in {@code [-(r+1), r]}). */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: expected at least one tensor");
        }
        int d = Shape.dim("stack", dim, tensors.get(0).dim() + 1);
        for (Tensor t : tensors) {
            if (!java.util.Arrays.equals(t.data().shapeRef(), tensors.get(0).data().shapeRef())) {
                throw new IllegalArgumentException("stack: all tensors must have the same shape, got "
                        + Shape.str(tensors.get(0).data().shapeRef()) + " and " + Shape.str(t.data().shapeRef()));
            }
        }
        return apply(tensors.stream().map(t -> t.unsqueeze(d)).toList(), d);
    }
}
