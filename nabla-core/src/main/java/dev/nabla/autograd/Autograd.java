package dev.nabla.autograd;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * {@code torch.autograd.grad}: gradients of outputs with respect to chosen inputs, returned
 * rather than accumulated into {@code grad()}. With {@code createGraph} the returned gradients
 * are themselves differentiable, e.g. for a gradient penalty:
 * <pre>{@code
 * Tensor g = Autograd.grad(List.of(critic.forward(x)), List.of(x), null, true, true).get(0);
 * Tensor penalty = g.norm(2, new int[] {1}, false).sub(1).pow(2).mean();
 * }</pre>
 */
public final class Autograd {
    private Autograd() {
    }

    /**
     * The gradients of {@code outputs} with respect to {@code inputs} (tensors that require grad).
     *
     * @param gradOutputs one weight per output, of its shape; null (or a null entry) means 1 for a
     *                    one-element output
     * @param retainGraph keep the graph for another backward
     * @param createGraph record the backward pass, so the gradients can be differentiated again
     * @throws IllegalArgumentException if an input is not used by the outputs (see the overload with allowUnused)
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                                    boolean retainGraph, boolean createGraph) {
        return grad(outputs, inputs, gradOutputs, retainGraph, createGraph, false);
    }

    /** As the five-argument form; with {@code allowUnused}, inputs the outputs do not use get null. */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                                    boolean retainGraph, boolean createGraph, boolean allowUnused) {
        if (gradOutputs != null && gradOutputs.size() != outputs.size()) {
            throw new IllegalArgumentException("grad: got " + gradOutputs.size() + " gradOutputs for "
                    + outputs.size() + " outputs");
        }
        for (Tensor o : outputs) {
            if (!o.requiresGrad()) {
                throw new IllegalStateException("grad: an output does not require grad and has no grad_fn");
            }
        }
        for (Tensor in : inputs) {
            if (!in.requiresGrad()) {
                throw new IllegalStateException("grad: one of the differentiated tensors does not require grad");
            }
        }
        Tensor[] grads = Engine.grad(outputs, inputs, gradOutputs, retainGraph, createGraph);
        for (Tensor g : grads) {
            if (g == null && !allowUnused) {
                throw new IllegalStateException("grad: one of the differentiated tensors appears to not have been "
                        + "used in the graph; pass allowUnused = true if this is the desired behavior");
            }
        }
        return java.util.Arrays.asList(grads);
    }
}
