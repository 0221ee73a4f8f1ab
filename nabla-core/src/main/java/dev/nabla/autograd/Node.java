package dev.nabla.autograd;

import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;

/**
 * A recorded op in the autograd graph ({@code grad_fn} in PyTorch): its inputs and its derivative
 * rule. The rule (and with it every tensor it saved) is dropped after a backward pass unless the
 * graph is retained.
 *
 * <p>The arrays the rule reads are registered with {@link #save}, which records their storage's
 * version; the backward pass refuses to run the rule if an in-place op has changed one since
 * (PyTorch's saved-tensor version check). Ops that read nothing saved (views, add) save nothing.
 */
public final class Node {
    private static final NDArray[] NONE = new NDArray[0];
    private final String name;
    private final Tensor[] inputs;
    private Backward backward;
    private NDArray[] saved = NONE;
    private int[] versions;
    /**
     * For each input already updated in place under autograd when this node was made, its
     * {@code gradFn} then (which version of it this node read); null for the others.
     */
    private Node[] readAt;

    public Node(String name, Tensor[] inputs, Backward backward) {
        this.name = name;
        this.inputs = inputs;
        this.backward = backward;
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            if (in == null) {
                continue;
            }
            in.refreshView(name);
            if (in.priorVersion() != null) {
                if (readAt == null) {
                    readAt = new Node[inputs.length];
                }
                readAt[i] = in.gradFn();
            }
        }
    }

    /** The op's name, e.g. {@code "matmul"}. */
    public String name() {
        return name;
    }

    /** The recorded inputs (not a copy; do not modify). */
    public Tensor[] inputs() {
        return inputs;
    }

    /**
     * The inputs as this node read them, for the backward pass: an input updated in place (under
     * autograd) since then stands for the version it had, one of its {@link Tensor#priorVersion()}s.
     */
    Tensor[] inputsRead() {
        Tensor[] read = inputs;
        for (int i = 0; i < inputs.length; i++) {
            Tensor v = readVersion(i);
            if (v != inputs[i]) {
                read = read == inputs ? inputs.clone() : read;
                read[i] = v;
            }
        }
        return read;
    }

    private Tensor readVersion(int i) {
        Tensor v = inputs[i];
        if (v == null || v.priorVersion() == null) {
            return v;
        }
        Node at = readAt == null ? null : readAt[i];
        while (v.gradFn() != at && v.priorVersion() != null) {
            v = v.priorVersion();
        }
        return v;
    }

    /**
     * The input that {@code output}, this node's result, is a view of, when that input has been
     * updated in place under autograd since this node was made (the view's history is then stale);
     * else null.
     */
    public Tensor updatedBase(Tensor output) {
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            if (in != null && in.priorVersion() != null && readVersion(i) != in
                    && output.data().sharesStorage(in.data())) {
                return in;
            }
        }
        return null;
    }

    /** Registers the arrays the derivative rule reads (nulls are skipped), at their current versions. */
    public void save(NDArray... arrays) {
        int n = saved.length;
        int k = 0;
        for (NDArray a : arrays) {
            k += a == null ? 0 : 1;
        }
        NDArray[] all = java.util.Arrays.copyOf(saved, n + k);
        int[] v = versions == null ? new int[k] : java.util.Arrays.copyOf(versions, n + k);
        for (NDArray a : arrays) {
            if (a != null) {
                all[n] = a;
                v[n++] = a.version();
            }
        }
        saved = all;
        versions = v;
    }

    Tensor[] apply(Tensor grad) {
        if (backward == null) {
            throw new IllegalStateException("backward: trying to backward through the graph a second time (the "
                    + name + " node's saved tensors were freed after the first backward); call "
                    + "backward(gradient, true) to retain the graph if you need to backward twice");
        }
        checkVersions();
        return backward.apply(grad);
    }

    private void checkVersions() {
        for (int i = 0; i < saved.length; i++) {
            int now = saved[i].version();
            if (now != versions[i]) {
                throw new IllegalStateException("one of the variables needed for gradient computation has been "
                        + "modified by an inplace operation: [" + saved[i].dtype().shortName() + " "
                        + Shape.str(saved[i].shapeRef()) + "], which is " + role(saved[i]) + " of " + name
                        + ", is at version " + now + "; expected version " + versions[i] + " instead. Hint: modify "
                        + "a clone() of the tensor, or do the in-place update after backward");
            }
        }
    }

    private String role(NDArray a) {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null && inputs[i].data().sharesStorage(a)) {
                return "input " + i;
            }
        }
        return "the output";
    }

    void release() {
        backward = null;
        saved = NONE;
    }

    @Override
    public String toString() {
        return "<" + name + ">";
    }
}
