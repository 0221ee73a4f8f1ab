package dev.nabla.optim;

import dev.nabla.backend.ArrayPool;
import dev.nabla.backend.NDArray;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * An opt-in training step that plans its memory once and then reuses it, as a CUDA graph's
 * static memory does: every call runs {@code optimizer.zeroGrad()}, {@code loss = lossFn(x, y)},
 * {@code loss.backward()} and {@code optimizer.step()}, noting every array allocated on the
 * calling thread; when the step ends, all of them except those behind the module's parameters,
 * their gradients, the module's buffers and the optimizer's state go back to the thread's
 * {@link ArrayPool}. The next step (same shapes) takes them again instead of asking
 * the heap: after the first step a training step allocates almost no fresh memory and leaves
 * the garbage collector next to nothing. A step's gradients go back to the pool when the next
 * step has replaced them ({@code zeroGrad} drops them). Numbers equal the eager step's.
 *
 * <pre>{@code
 * CompiledStep step = CompiledStep.of(net, opt, (x, y) -> lossFn.forward(net.forward(x), y));
 * for (Batch b : loader) {
 *     double loss = step.run(b.x(), b.y());
 * }
 * }</pre>
 *
 * <p>The price is the CUDA-graph rule: tensors made inside the step (its outputs, the loss, a
 * state a module carries to the next batch) are valid only until the step returns, which is why
 * it returns the loss as a number; a parameter's gradient, until the next step returns. Keep
 * what must outlive a step as a buffer of the module ({@code registerBuffer}), or copy it out.
 * LBFGS, whose history lives outside the parameter state, is refused.
 */
public final class CompiledStep {
    private final Module module;
    private final Optimizer optimizer;
    private final BiFunction<Tensor, Tensor, Tensor> lossFn;
    /** The gradient arrays the last step left behind, pooled once a later step has replaced them. */
    private List<NDArray> lastGrads = List.of();

    private CompiledStep(Module module, Optimizer optimizer, BiFunction<Tensor, Tensor, Tensor> lossFn) {
        this.module = module;
        this.optimizer = optimizer;
        this.lossFn = lossFn;
    }

    /**
     * The step training {@code module} with {@code optimizer} on the loss {@code lossFn(x, y)},
     * a one-element tensor computed from the batch.
     */
    public static CompiledStep of(Module module, Optimizer optimizer, BiFunction<Tensor, Tensor, Tensor> lossFn) {
        if (optimizer instanceof LBFGS) {
            throw new IllegalArgumentException("CompiledStep: LBFGS keeps its history outside the parameter "
                    + "state and re-evaluates the loss; train it with eager steps");
        }
        return new CompiledStep(module, optimizer, lossFn);
    }

    /** One training step on the batch {@code x}, {@code y}; returns the loss before the update. */
    public double run(Tensor x, Tensor y) {
        return call(() -> {
            optimizer.zeroGrad();
            Tensor loss = lossFn.apply(x, y);
            loss.backward();
            optimizer.step();
            return loss.item();
        });
    }

    /**
     * Runs {@code body}, another step that trains this module with this optimizer (as
     * {@code Model.fit} does with its metrics), under the same memory plan; its result must hold
     * no tensor made inside it.
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
        module.namedBuffers().values().forEach(t -> live.add(t == null ? null : t.data()));
        return live;
    }

    private static List<NDArray> grads(List<Parameter> params) {
        List<NDArray> grads = new ArrayList<>();
        for (Parameter p : params) {
            if (p.grad() != null) {
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
}
