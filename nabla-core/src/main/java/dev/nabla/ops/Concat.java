package dev.nabla.ops;

import dev.nabla.backend.DType;
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

    /**
     * The tensors joined along {@code dim}, in the promoted type of all of them (as
     * {@code torch.cat}: int64 and float32 give float32). As in PyTorch, 1-D empty tensors (shape
     * {@code [0]}) are skipped whatever the rank of the others.
     */
    public static Tensor apply(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("concat: expected at least one tensor");
        }
        List<Tensor> parts = tensors.stream().filter(t -> !isLegacyEmpty(t)).toList();
        if (parts.isEmpty()) {
            parts = tensors;
        }
        Tensor first = parts.get(0);
        int d = Shape.dim("concat", dim, first.dim());
        int[] shape = first.shape();
        DType type = first.dtype();
        int total = 0;
        for (Tensor t : tensors) {
            OpSupport.sameBackend("concat", first, t);
            type = DType.promote(type, t.dtype());
        }
        for (Tensor t : parts) {
            if (t.dim() == 0) {
                throw new IllegalArgumentException("concat: zero-dim tensors cannot be concatenated; use stack");
            }
            int[] s = t.data().shapeRef();
            boolean compatible = s.length == shape.length;
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
        Tensor out = first.newZeros(type, shape);
        int offset = 0;
        for (Tensor t : parts) {
            int n = t.data().shapeRef()[d];
            first.backend().assign(Window.narrow(out, d, offset, n).data(), t.data());
            offset += n;
        }
        Tensor[] inputs = parts.toArray(new Tensor[0]);
        return OpSupport.result("concat", out.data(), first, g -> {
            Tensor[] grads = new Tensor[inputs.length];
            int at = 0;
            for (int i = 0; i < inputs.length; i++) {
                int n = inputs[i].data().shapeRef()[d];
                Tensor slice = Window.narrow(g, d, at, n);
                grads[i] = !inputs[i].requiresGrad() ? null
                        : slice.dtype() == inputs[i].dtype() ? slice : slice.to(inputs[i].dtype());
                at += n;
            }
            return grads;
        }, inputs);
    }

    private static boolean isLegacyEmpty(Tensor t) {
        return t.dim() == 1 && t.size(0) == 0;
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
