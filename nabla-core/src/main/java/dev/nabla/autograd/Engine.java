package dev.nabla.autograd;

import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse-mode automatic differentiation: walks the recorded graph from a root tensor in reverse
 * topological order, applying each node's derivative rule (the chain rule) and summing the
 * gradients that reach the same tensor. Leaves and tensors that {@code retainGrad()} accumulate
 * into {@link Tensor#grad()}.
 */
public final class Engine {
    private Engine() {
    }

    /**
     * Backpropagates {@code gradient} (same shape as {@code root}; {@code null} means 1 for a
     * one-element root) through the graph that produced {@code root}.
     *
     * @param retainGraph keep the derivative rules so that backward can run through them again
     */
    public static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: the tensor does not require grad and has no grad_fn; "
                    + "call requiresGrad(true) on the inputs you want gradients for");
        }
        Tensor seed = gradient != null ? gradient : implicitGradient(root);
        if (!Arrays.equals(seed.shape(), root.shape())) {
            throw new IllegalArgumentException("backward: gradient shape " + Shape.str(seed.shape())
                    + " does not match the tensor's shape " + Shape.str(root.shape()));
        }
        try (GradMode.NoGrad ignored = GradMode.noGrad()) {
            if (root.gradFn() == null) {
                accumulate(root, seed);
                return;
            }
            Map<Tensor, Tensor> pending = new IdentityHashMap<>();
            pending.put(root, seed);
            for (Tensor t : topologicalOrder(root)) {
                Tensor g = pending.remove(t);
                if (g == null) {
                    continue;
                }
                if (t.retainsGrad()) {
                    accumulate(t, g);
                }
                Node node = t.gradFn();
                Tensor[] grads = node.apply(g);
                Tensor[] inputs = node.inputs();
                for (int i = 0; i < inputs.length; i++) {
                    Tensor in = inputs[i];
                    if (in == null || grads[i] == null || !in.requiresGrad()) {
                        continue;
                    }
                    checkShape(node, in, grads[i]);
                    if (in.gradFn() == null) {
                        accumulate(in, grads[i]);
                    } else {
                        pending.merge(in, grads[i], Tensor::add);
                    }
                }
                if (!retainGraph) {
                    node.release();
                }
            }
        }
    }

    private static Tensor implicitGradient(Tensor root) {
        if (root.numel() != 1) {
            throw new IllegalArgumentException("backward: grad can be implicitly created only for one-element "
                    + "outputs, but the tensor has shape " + Shape.str(root.shape()) + "; pass a gradient");
        }
        return Tensor.onesLike(root);
    }

    private static void checkShape(Node node, Tensor input, Tensor grad) {
        if (!Arrays.equals(input.shape(), grad.shape())) {
            throw new IllegalStateException("backward of " + node.name() + " returned a gradient of shape "
                    + Shape.str(grad.shape()) + " for an input of shape " + Shape.str(input.shape()));
        }
    }

    /**
     * Adds {@code g} into {@code t.grad()}: a private copy the first time, then in place (as
     * PyTorch accumulates {@code .grad}), or into a new tensor when the existing gradient is a
     * strided view, of another shape or type, or on another backend.
     */
    private static void accumulate(Tensor t, Tensor g) {
        Tensor cast = g.dtype() == t.dtype() ? g : g.to(t.dtype());
        Tensor acc = t.grad();
        if (acc == null) {
            t.setGrad(cast.clone());
        } else if (acc.isContiguous() && acc.dtype() == cast.dtype() && acc.backend() == cast.backend()
                && !acc.requiresGrad() && Arrays.equals(acc.shape(), cast.shape())) {
            acc.backend().addInPlace(acc.data(), cast.data());
            acc.data().storage().bumpVersion();
        } else {
            t.setGrad(acc.add(cast));
        }
    }

    /** Non-leaf tensors reachable from {@code root}, each after every tensor that consumes it. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> postOrder = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            Tensor[] inputs = t.gradFn().inputs();
            int next = (Integer) frame[1];
            if (next < inputs.length) {
                frame[1] = next + 1;
                Tensor in = inputs[next];
                if (in != null && in.gradFn() != null && in.requiresGrad() && visited.put(in, Boolean.TRUE) == null) {
                    stack.push(new Object[] {in, 0});
                }
            } else {
                stack.pop();
                postOrder.add(t);
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }
}
