package dev.nabla.optim;

import dev.nabla.autograd.GradMode;
import dev.nabla.backend.ArrayPool;
import dev.nabla.backend.Backend;
import dev.nabla.backend.BackendGraph;
import dev.nabla.backend.DType;
import dev.nabla.backend.NDArray;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An opt-in training step that is captured once and then replayed, as a CUDA graph is: every
 * call computes {@code optimizer.zeroGrad()}, {@code loss = lossFn(x, y)}, {@code loss.backward()}
 * and {@code optimizer.step()}, and returns the loss before the update.
 *
 * <pre>{@code
 * CompiledStep step = CompiledStep.of(net, opt, (x, y) -> lossFn.forward(net.forward(x), y));
 * for (Batch b : loader) {
 *     double loss = step.run(b.x(), b.y());
 * }
 * }</pre>
 *
 * <p>The first step with new batch shapes runs eagerly. The second {@linkplain BackendGraph#capture
 * captures} the kernels of its forward and backward pass, with the memory they use; later steps
 * of those shapes copy the batch into the captured input arrays and {@linkplain BackendGraph#replay
 * replay} the kernels: no autograd graph, no tensors, no allocation. The optimizer's update runs
 * as usual after each (its step count and learning rate change). Results equal the eager step's.
 * A step is not captured, and runs eagerly, when its forward or backward pass reads a value back
 * to the host, draws random numbers (dropout in training mode), branches on a value it computes
 * or computes outside the backend ({@link #notCapturedReason} says which). Questions the step asks
 * of its batch (do the targets hold the ignore index?) are asked again before each replay; a batch
 * answering otherwise runs eagerly. A capture is made again when a parameter or buffer gets new
 * data ({@code setData}, {@code Module.to}) or a parameter's {@code requiresGrad} changes; the
 * module's mode is part of the batch shapes' key. At most {@value #MAX_GRAPHS} batch shapes are
 * captured (e.g. full batches and an epoch's last, shorter one).
 *
 * <p>Steps that are not replayed still plan their memory: every array allocated on the calling
 * thread, except those behind the module's parameters, their gradients, the module's buffers and
 * the optimizer's state, goes back to the thread's {@link ArrayPool} when the step ends, and the
 * next step takes them again instead of asking the heap.
 *
 * <p>The price is the CUDA-graph rule: the step must compute the same thing from the same shapes
 * every time (Java state read by {@code lossFn}, such as a counter, is seen once, when
 * captured), and tensors made inside it (its outputs, the loss, a state a module carries to the
 * next batch) are valid only until the next step, which is why it returns the loss as a number;
 * a parameter's gradient, until the next step returns. Keep what must outlive a step as a buffer
 * of the module ({@code registerBuffer}), or copy it out. LBFGS, whose history lives outside the
 * parameter state, is refused.
 */
public final class CompiledStep {
    /** Most batch shapes captured at once. */
    static final int MAX_GRAPHS = 4;
    /** Most captures made again because the module changed under them; then steps stay eager. */
    private static final int MAX_STALE = 8;

    private final Module module;
    private final Optimizer optimizer;
    /** The module's forward pass, or null when {@link #lossFn} takes the batch itself. */
    private final Function<Tensor, Tensor> forward;
    /** {@code (x, y) -> loss}, or with a {@link #forward}, {@code (output, y) -> loss}. */
    private final BiFunction<Tensor, Tensor, Tensor> lossFn;
    /** The module's output in the last step, when there is a {@link #forward}. */
    private Tensor output;
    /** The gradient arrays the last eager step left behind, pooled once a later step has replaced them. */
    private List<NDArray> lastGrads = List.of();
    /** By batch shapes: seen once (null), captured, or not capturable (a {@link Captured} with a reason). */
    private final Map<Key, Captured> graphs = new HashMap<>();
    private int staleCaptures;

    private CompiledStep(Module module, Optimizer optimizer, Function<Tensor, Tensor> forward,
                         BiFunction<Tensor, Tensor, Tensor> lossFn) {
        if (optimizer instanceof LBFGS) {
            throw new IllegalArgumentException("CompiledStep: LBFGS keeps its history outside the parameter "
                    + "state and re-evaluates the loss; train it with eager steps");
        }
        this.module = module;
        this.optimizer = optimizer;
        this.forward = forward;
        this.lossFn = lossFn;
    }

    /**
     * The step training {@code module} with {@code optimizer} on the loss {@code lossFn(x, y)},
     * a one-element tensor computed from the batch.
     */
    public static CompiledStep of(Module module, Optimizer optimizer, BiFunction<Tensor, Tensor, Tensor> lossFn) {
        return new CompiledStep(module, optimizer, null, lossFn);
    }

    /**
     * The step training {@code module} with {@code optimizer} on {@code loss(forward(x), y)};
     * {@link #output()} then gives each step's {@code forward(x)}, e.g. for metrics.
     */
    public static CompiledStep of(Module module, Optimizer optimizer, Function<Tensor, Tensor> forward,
                                  BiFunction<Tensor, Tensor, Tensor> loss) {
        return new CompiledStep(module, optimizer, forward, loss);
    }

    /**
     * The module's output in the last step (a step made {@linkplain #of(Module, Optimizer, Function,
     * BiFunction) with a forward function}; else null), valid until the next step.
     */
    public Tensor output() {
        return output;
    }

    /** One training step on the batch {@code x}, {@code y}; returns the loss before the update. */
    public double run(Tensor x, Tensor y) {
        if (!GradMode.isEnabled() || x.requiresGrad() || y.requiresGrad()) {
            return eager(x, y);
        }
        Key key = new Key(x, y, module.isTraining());
        if (!graphs.containsKey(key)) {
            if (graphs.size() < 2 * MAX_GRAPHS) { // remembers a few shapes seen once, not every one
                graphs.put(key, null);
            }
            return eager(x, y);
        }
        Captured c = graphs.get(key);
        if (c != null && c.reason == null && c.current()) {
            try {
                return c.replay(x, y);
            } catch (IllegalStateException e) { // the step allocated otherwise than when captured
                graphs.put(key, new Captured(e.getMessage()));
                return eager(x, y);
            }
        }
        if (c != null && c.reason != null || c == null && captures() >= MAX_GRAPHS) {
            return eager(x, y);
        }
        if (c != null && ++staleCaptures > MAX_STALE) { // a capture of these shapes has gone stale again
            graphs.put(key, new Captured("its parameters or buffers get new data step after step"));
            return eager(x, y);
        }
        return capture(key, x, y);
    }

    /**
     * Why the step with these batch shapes runs eagerly (e.g. {@code "it draws random numbers"}),
     * or null when it is captured or not yet tried.
     */
    public String notCapturedReason(Tensor x, Tensor y) {
        Captured c = graphs.get(new Key(x, y, module.isTraining()));
        return c == null ? null : c.reason;
    }

    /** Whether the next step with these batch shapes replays a capture. */
    public boolean isCaptured(Tensor x, Tensor y) {
        Captured c = graphs.get(new Key(x, y, module.isTraining()));
        return c != null && c.reason == null && c.current();
    }

    /**
     * Runs {@code body}, another step that trains this module with this optimizer (as
     * {@code Model.fit} does with its metrics), under the memory plan of eager steps; its result
     * must hold no tensor made inside it.
     */
    public <T> T call(Supplier<T> body) {
        try (ArrayPool.Recording recording = ArrayPool.record()) {
            T result = body.get();
            List<Parameter> params = module.parameters();
            recording.release(kept(params), lastGrads);
            lastGrads = grads(params);
            return result;
        }
    }

    private double eager(Tensor x, Tensor y) {
        return call(() -> {
            optimizer.zeroGrad();
            Tensor loss = loss(x, y);
            loss.backward();
            optimizer.step();
            return loss.item();
        });
    }

    private int captures() {
        return (int) graphs.values().stream().filter(c -> c != null && c.reason == null).count();
    }

    /** The step's loss on the batch, noting the module's output when there is a forward function. */
    private Tensor loss(Tensor x, Tensor y) {
        if (forward == null) {
            return lossFn.apply(x, y);
        }
        output = forward.apply(x);
        return lossFn.apply(output, y);
    }

    /** Runs the step while capturing its forward and backward pass; keeps the graph if it can be replayed. */
    private double capture(Key key, Tensor x, Tensor y) {
        optimizer.zeroGrad();
        lastGrads = List.of(); // dropped by zeroGrad; the collector takes them
        Tensor xIn = privateCopy(x);
        Tensor yIn = privateCopy(y);
        List<Tensor> params = trained();
        List<Tensor> buffers = module.buffers();
        NDArray[] data = params.stream().map(Tensor::data).toArray(NDArray[]::new);
        NDArray[] bufferData = buffers.stream().map(Tensor::data).toArray(NDArray[]::new);
        Tensor[] loss = new Tensor[1];
        BackendGraph graph = BackendGraph.capture(() -> {
            loss[0] = loss(xIn, yIn);
            loss[0].backward();
        });
        String reason = graph.reason();
        if (reason == null && (!Arrays.equals(data, params.stream().map(Tensor::data).toArray(NDArray[]::new))
                || !Arrays.equals(bufferData, buffers.stream().map(Tensor::data).toArray(NDArray[]::new)))) {
            reason = "it replaces a parameter's or buffer's data (assign in place instead)";
        }
        if (reason == null && loss[0].numel() != 1) {
            reason = "the loss is not one number";
        }
        graphs.put(key, reason != null ? new Captured(reason)
                : new Captured(graph, xIn, yIn, loss[0], output, params, buffers));
        return step(loss[0]);
    }

    /** The module's parameters, then any other tensor the optimizer trains, each once. */
    private List<Tensor> trained() {
        List<Tensor> out = new ArrayList<>(module.parameters());
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.addAll(out);
        for (ParamGroup group : optimizer.paramGroups()) {
            for (Tensor p : group.params()) {
                if (seen.add(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** The optimizer's update (its temporaries pooled), then the loss as a number. */
    private double step(Tensor loss) {
        try (ArrayPool.Recording recording = ArrayPool.record()) {
            optimizer.step();
            if (recording.noted()) {
                recording.release(kept(module.parameters()));
            }
        }
        return loss.item();
    }

    /** A copy of {@code t} that no one else holds: the captured input that each replay overwrites. */
    private static Tensor privateCopy(Tensor t) {
        Backend be = t.backend();
        return new Tensor(be.copy(t.data(), t.dtype()), be);
    }

    /** The arrays that outlive a step: parameters, gradients, buffers, optimizer state. */
    private List<NDArray> kept(List<Parameter> params) {
        List<NDArray> live = new ArrayList<>();
        for (Parameter p : params) {
            add(live, p);
        }
        for (ParamGroup group : optimizer.paramGroups()) {
            for (Tensor p : group.params()) {
                add(live, p);
                ParamState state = optimizer.state(p);
                if (state != null) {
                    state.buffers().values().forEach(t -> live.add(t.data()));
                }
            }
        }
        module.buffers().forEach(t -> live.add(t.data()));
        return live;
    }

    /** The gradients an eager step left (those of a capture stay with it: replays refill them). */
    private List<NDArray> grads(List<Parameter> params) {
        List<NDArray> grads = new ArrayList<>();
        for (Parameter p : params) {
            if (p.grad() != null && graphs.values().stream().noneMatch(c -> c != null && c.holds(p.grad()))) {
                grads.add(p.grad().data());
            }
        }
        return grads;
    }

    private static void add(List<NDArray> live, Tensor p) {
        live.add(p.data());
        if (p.grad() != null) {
            live.add(p.grad().data());
        }
    }

    /** What a captured step depends on: the batch's shapes, types and device, and the module's mode. */
    private record Key(int[] xShape, int[] yShape, DType xType, DType yType, Backend xOn, Backend yOn,
                       boolean training) {
        Key(Tensor x, Tensor y, boolean training) {
            this(x.shape(), y.shape(), x.dtype(), y.dtype(), x.backend(), y.backend(), training);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(xShape, k.xShape) && Arrays.equals(yShape, k.yShape)
                    && xType == k.xType && yType == k.yType && xOn == k.xOn && yOn == k.yOn && training == k.training;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(xShape) + Arrays.hashCode(yShape) + (training ? 1 : 0);
        }
    }

    /** A captured forward and backward pass, its input and output tensors, and what it assumed of the module. */
    private final class Captured {
        final String reason;
        final BackendGraph graph;
        final Tensor x;
        final Tensor y;
        final Tensor loss;
        final Tensor out;
        /** What the step trains: the module's parameters and the optimizer's other tensors. */
        final Tensor[] params;
        final NDArray[] data;
        final Tensor[] grads;
        final boolean[] requiresGrad;
        final Tensor[] buffers;
        final NDArray[] bufferData;

        /** Not capturable, for {@code reason}. */
        Captured(String reason) {
            this.reason = reason;
            graph = null;
            x = y = loss = out = null;
            params = null;
            data = null;
            grads = null;
            requiresGrad = null;
            buffers = null;
            bufferData = null;
        }

        Captured(BackendGraph graph, Tensor x, Tensor y, Tensor loss, Tensor out, List<Tensor> params,
                 List<Tensor> buffers) {
            this.reason = null;
            this.graph = graph;
            this.x = x;
            this.y = y;
            this.loss = loss;
            this.out = out;
            this.params = params.toArray(Tensor[]::new);
            this.data = params.stream().map(Tensor::data).toArray(NDArray[]::new);
            this.grads = params.stream().map(Tensor::grad).toArray(Tensor[]::new);
            this.requiresGrad = new boolean[this.params.length];
            for (int i = 0; i < requiresGrad.length; i++) {
                requiresGrad[i] = this.params[i].requiresGrad();
            }
            this.buffers = buffers.toArray(Tensor[]::new);
            this.bufferData = buffers.stream().map(Tensor::data).toArray(NDArray[]::new);
        }

        /** Whether {@code grad} is one of the gradients the capture fills. */
        boolean holds(Tensor grad) {
            for (int i = 0; grads != null && i < grads.length; i++) {
                if (grads[i] == grad) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the module's parameters and buffers still have the data and gradient flags the capture saw. */
        boolean current() {
            for (int i = 0; i < params.length; i++) {
                if (params[i].data() != data[i] || params[i].requiresGrad() != requiresGrad[i]) {
                    return false;
                }
            }
            for (int i = 0; i < buffers.length; i++) {
                if (buffers[i].data() != bufferData[i]) {
                    return false;
                }
            }
            return true;
        }

        double replay(Tensor xNew, Tensor yNew) {
            Backend be = x.backend();
            be.assign(x.data(), xNew.data());
            be.assign(y.data(), yNew.data());
            if (!graph.replay()) { // this batch takes another path (e.g. its targets hold the ignore index)
                return eager(xNew, yNew);
            }
            for (int i = 0; i < params.length; i++) {
                params[i].setGrad(grads[i]); // the captured arrays, refilled (zeroGrad may have dropped them)
            }
            output = out;
            return step(loss);
        }
    }
}
