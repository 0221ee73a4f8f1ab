package dev.nabla.autograd;

import dev.nabla.backend.ArrayPool;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        backward(root, gradient, retainGraph, false);
    }

    /**
     * As {@link #backward(Tensor, Tensor, boolean)}; with {@code createGraph} the backward pass is
     * itself recorded, so the gradients it leaves in {@code grad()} can be differentiated again.
     */
    public static void backward(Tensor root, Tensor gradient, boolean retainGraph, boolean createGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: the tensor does not require grad and has no grad_fn; "
                    + "call requiresGrad(true) on the inputs you want gradients for");
        }
        run(List.of(root), Collections.singletonList(gradient), null, retainGraph, createGraph);
    }

    /**
     * The gradients of {@code outputs} (weighted by {@code gradOutputs}, null entries meaning 1 for
     * one-element outputs) with respect to {@code inputs}, without touching any {@code grad()};
     * the graph is walked only between them. An input the outputs do not depend on gets null.
     */
    static Tensor[] grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                         boolean retainGraph, boolean createGraph) {
        Map<Tensor, Tensor> captured = new IdentityHashMap<>();
        for (Tensor in : inputs) {
            captured.put(in, null);
        }
        run(outputs, gradOutputs, captured, retainGraph, createGraph);
        Tensor[] out = new Tensor[inputs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = captured.get(inputs.get(i));
        }
        return out;
    }

    /**
     * The backward pass from {@code roots}: the gradients reaching the keys of {@code captured}
     * are stored there (and the walk stops at them), or, when {@code captured} is null, leaves and
     * retaining tensors accumulate into {@code grad()}.
     */
    private static void run(List<Tensor> roots, List<Tensor> seeds, Map<Tensor, Tensor> captured,
                            boolean retainGraph, boolean createGraph) {
        if (createGraph) { // the gradients join a graph that outlives the pass: nothing is recycled
            walk(roots, seeds, captured, retainGraph, true, new ArrayList<>());
            return;
        }
        // Every array the pass allocates is dead when it ends, except those behind the gradients
        // it leaves in grad() or returns: the rest go back to this thread's pool.
        List<Tensor> kept = new ArrayList<>();
        try (ArrayPool.Recording recording = ArrayPool.record()) {
            walk(roots, seeds, captured, retainGraph, false, kept);
            List<NDArray> live = new ArrayList<>(kept.size());
            for (Tensor t : kept) {
                live.add(t.peekGrad().data());
            }
            if (captured != null) {
                for (Tensor g : captured.values()) {
                    live.add(g == null ? null : g.data());
                }
            }
            recording.release(live);
        }
    }

    /** {@link #run}'s walk; the tensors whose {@code grad()} it sets are added to {@code kept}. */
    private static void walk(List<Tensor> roots, List<Tensor> seeds, Map<Tensor, Tensor> captured,
                             boolean retainGraph, boolean createGraph, List<Tensor> kept) {
        Map<Tensor, Tensor> pending = new IdentityHashMap<>();
        // Gradients that a derivative rule (or a sum of two) made and nothing else refers to: a
        // leaf with no grad() yet takes one as it is instead of copying it.
        Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < roots.size(); i++) {
            Tensor root = roots.get(i);
            Tensor gradient = seeds == null ? null : seeds.get(i);
            Tensor seed = gradient != null ? gradient : implicitGradient(root);
            if (!Arrays.equals(seed.shape(), root.shape())) {
                throw new IllegalArgumentException("backward: gradient shape " + Shape.str(seed.shape())
                        + " does not match the tensor's shape " + Shape.str(root.shape()));
            }
            pending.merge(root, seed, Tensor::add);
        }
        GradMode.NoGrad scope = createGraph ? GradMode.enableGrad() : GradMode.noGrad();
        try (scope) {
            for (Tensor t : topologicalOrder(roots, captured)) {
                Tensor g = pending.remove(t);
                if (g == null) {
                    continue;
                }
                if (captured != null && captured.containsKey(t)) {
                    captured.put(t, g);
                    continue;
                }
                if (t.gradFn() == null) {
                    if (captured == null) {
                        t.accumulateGrad(g, owned.contains(g));
                        kept.add(t);
                    }
                    continue;
                }
                if (captured == null && t.retainsGrad()) {
                    t.accumulateGrad(g, false);
                    kept.add(t);
                }
                Node node = t.gradFn();
                Tensor[] grads = node.apply(g);
                Tensor[] inputs = node.inputsRead();
                for (int i = 0; i < inputs.length; i++) {
                    Tensor in = inputs[i];
                    if (in == null || grads[i] == null || !in.requiresGrad()) {
                        continue;
                    }
                    checkShape(node, in, grads[i]);
                    Tensor prev = pending.get(in);
                    Tensor sum = prev == null ? grads[i] : prev.add(grads[i]);
                    pending.put(in, sum);
                    if (prev != null || unshared(grads, i, g, inputs)) {
                        owned.add(sum);
                    }
                }
                if (!retainGraph) {
                    node.release();
                }
            }
        }
    }

    /**
     * Whether {@code grads[i]} owns its whole storage, which neither the incoming gradient
     * {@code g}, nor an input, nor another of {@code grads} uses.
     */
    private static boolean unshared(Tensor[] grads, int i, Tensor g, Tensor[] inputs) {
        NDArray d = grads[i].data();
        if (!d.isWholeStorage() || d.sharesStorage(g.data())) {
            return false;
        }
        for (int j = 0; j < grads.length; j++) {
            if (j != i && grads[j] != null && grads[j].data().sharesStorage(d)) {
                return false;
            }
        }
        for (Tensor in : inputs) {
            if (in != null && in.data().sharesStorage(d)) {
                return false;
            }
        }
        return true;
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
     * The tensors reachable from {@code roots} that lead to a target (the keys of
     * {@code captured}, or every leaf when it is null), each after every tensor that consumes it;
     * the walk does not pass through a target.
     */
    private static List<Tensor> topologicalOrder(List<Tensor> roots, Map<Tensor, Tensor> captured) {
        List<Tensor> postOrder = new ArrayList<>();
        Map<Tensor, Boolean> leadsToTarget = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        for (Tensor root : roots) {
            if (leadsToTarget.containsKey(root)) {
                continue;
            }
            leadsToTarget.put(root, Boolean.FALSE);
            stack.push(new Object[] {root, 0});
            while (!stack.isEmpty()) {
                Object[] frame = stack.peek();
                Tensor t = (Tensor) frame[0];
                boolean target = captured == null ? t.gradFn() == null : captured.containsKey(t);
                Tensor[] inputs = target || t.gradFn() == null ? new Tensor[0] : t.gradFn().inputsRead();
                int next = (Integer) frame[1];
                if (next < inputs.length) {
                    frame[1] = next + 1;
                    Tensor in = inputs[next];
                    if (in != null && in.requiresGrad() && !leadsToTarget.containsKey(in)) {
                        leadsToTarget.put(in, Boolean.FALSE);
                        stack.push(new Object[] {in, 0});
                    }
                } else {
                    stack.pop();
                    boolean leads = target;
                    for (Tensor in : inputs) {
                        leads |= in != null && leadsToTarget.getOrDefault(in, Boolean.FALSE);
                    }
                    leadsToTarget.put(t, leads);
                    if (leads) {
                        postOrder.add(t);
                    }
                }
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }
}
