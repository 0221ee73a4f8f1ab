package dev.nabla.autograd;

import dev.nabla.tensor.Tensor;

/**
 * A recorded op in the autograd graph ({@code grad_fn} in PyTorch): its inputs and its derivative
 * rule. The rule (and with it every tensor it saved) is dropped after a backward pass unless the
 * graph is retained.
 */
public final class Node {
    private final String name;
    private final Tensor[] inputs;
    private Backward backward;

    public Node(String name, Tensor[] inputs, Backward backward) {
        this.name = name;
        this.inputs = inputs;
        this.backward = backward;
    }

    /** The op's name, e.g. {@code "matmul"}. */
    public String name() {
        return name;
    }

    /** The recorded inputs (not a copy; do not modify). */
    public Tensor[] inputs() {
        return inputs;
    }

    Tensor[] apply(Tensor grad) {
        if (backward == null) {
            throw new IllegalStateException("backward: trying to backward through the graph a second time (the "
                    + name + " node's saved tensors were freed after the first backward); call "
                    + "backward(gradient, true) to retain the graph if you need to backward twice");
        }
        return backward.apply(grad);
    }

    void release() {
        backward = null;
    }

    @Override
    public String toString() {
        return "<" + name + ">";
    }
}
