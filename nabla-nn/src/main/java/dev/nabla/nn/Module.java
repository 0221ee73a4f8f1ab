package dev.nabla.nn;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.Device;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The base class of every layer and model, as {@code torch.nn.Module}.
 *
 * <p>A module holds {@linkplain Parameter parameters}, buffers (state that is saved but not
 * trained, such as BatchNorm's running mean) and child modules, each under a name. Subclasses
 * register them from their constructor and compute the output in {@link #forward}:
 *
 * <pre>{@code
 * class Mlp extends Module {
 *     final Linear fc1 = registerModule("fc1", new Linear(3, 4));
 *     final Linear fc2 = registerModule("fc2", new Linear(4, 2));
 *     public Tensor forward(Tensor x) { return fc2.forward(fc1.forward(x).relu()); }
 * }
 * }</pre>
 *
 * <p>Names are hierarchical, joined by dots as in PyTorch ({@code "fc1.weight"},
 * {@code "layers.0.bias"}), so state dicts can be exchanged with PyTorch models of the same
 * structure. Everything is kept in registration order.
 */
public abstract class Module {
    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> modules = new LinkedHashMap<>();
    private boolean training = true;

    /**
     * Computes the module's output for {@code input}; shapes are documented by each layer.
     */
    public abstract Tensor forward(Tensor input);

    /**
     * This module's forward followed by {@code next}'s as one fused computation (e.g. a linear
     * layer and its activation in one op), or null when this pair has none; {@link Sequential}
     * then calls the two in turn. The result must equal {@code next.forward(forward(input))}.
     */
    protected Tensor forwardFused(Tensor input, Module next) {
        return null;
    }

    // ---- registration -----------------------------------------------------------------------

    /**
     * Registers {@code value} as the trainable parameter {@code name} (wrapping it in a
     * {@link Parameter} that shares its storage, unless it is one already); returns the parameter.
     */
    protected final Parameter registerParameter(String name, Tensor value) {
        checkName(name);
        Parameter p = value instanceof Parameter q ? q : new Parameter(value);
        params.put(name, p);
        return p;
    }

    /**
     * Registers {@code value} as the buffer {@code name}: saved in the {@link #stateDict()} but
     * not returned by {@link #parameters()} (e.g. running statistics). Returns {@code value}.
     */
    protected final <T extends Tensor> T registerBuffer(String name, T value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    /** Registers {@code module} as the child {@code name}; returns {@code module}. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        if (module == this) {
            throw new IllegalArgumentException("registerModule: a module cannot be its own child");
        }
        modules.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("module attribute name must be non-empty and contain no '.', got '"
                    + name + "'");
        }
        if (params.containsKey(name) || buffers.containsKey(name) || modules.containsKey(name)) {
            throw new IllegalArgumentException("'" + name + "' is already registered in " + getClass().getSimpleName());
        }
    }

    // ---- traversal ----------------------------------------------------------------------------

    /** All parameters of this module and its descendants (each once, in registration order). */
    public final List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        collectTensors(this, m -> m.params.values(), out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    /** All buffers of this module and its descendants (each once, in registration order; none null). */
    public final List<Tensor> buffers() {
        List<Tensor> out = new ArrayList<>();
        collectTensors(this, m -> m.buffers.values(), out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    /**
     * The tensors {@code of} gives for {@code m} and its descendants, in the order of
     * {@link #namedParameters()}, without building the names (optimizers ask every step).
     */
    private static <T extends Tensor> void collectTensors(Module m, Function<Module, Collection<? extends T>> of,
                                                          List<T> out, Set<Object> seen) {
        if (!seen.add(m)) {
            return;
        }
        for (T t : of.apply(m)) {
            if (t != null && seen.add(t)) {
                out.add(t);
            }
        }
        for (Module child : m.modules.values()) {
            collectTensors(child, of, out, seen);
        }
    }

    /** All parameters by hierarchical name; a parameter shared by two modules appears once. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (var e : namedModules().entrySet()) {
            for (var p : e.getValue().params.entrySet()) {
                if (seen.add(p.getValue())) {
                    out.put(join(e.getKey(), p.getKey()), p.getValue());
                }
            }
        }
        return out;
    }

    /** All buffers of this module and its descendants by hierarchical name. */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : namedModules().entrySet()) {
            e.getValue().buffers.forEach((k, v) -> out.put(join(e.getKey(), k), v));
        }
        return out;
    }

    /** The direct children, in registration order. */
    public final List<Module> children() {
        return new ArrayList<>(modules.values());
    }

    /** The direct children by name. */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(modules);
    }

    /** This module and all its descendants, depth first (each module once; this one named ""). */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collect("", this, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    /** This module and all its descendants, depth first. */
    public final List<Module> modules() {
        return new ArrayList<>(namedModules().values());
    }

    private static void collect(String prefix, Module m, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(m)) {
            return;
        }
        out.put(prefix, m);
        m.modules.forEach((name, child) -> collect(join(prefix, name), child, out, seen));
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /**
     * Calls {@code fn} on every descendant (children first) and then on this module, as
     * PyTorch's {@code apply}; e.g. {@code model.apply(m -> { if (m instanceof Linear l) Init.zeros(l.bias); })}.
     */
    public final Module apply(Consumer<? super Module> fn) {
        for (Module child : modules.values()) {
            child.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    // ---- modes and gradients ------------------------------------------------------------------

    /**
     * Whether the module computes in training mode: its mode is training (the default) and this
     * thread is not in an {@link #inference()} scope. Affects Dropout and BatchNorm.
     */
    public final boolean isTraining() {
        return training && INFERENCE_DEPTH.get()[0] == 0;
    }

    // ---- inference scope (thread-local; changes no module) ----------------------------------
    private static final ThreadLocal<int[]> INFERENCE_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    /**
     * A scope in which every module computes as in eval mode on this thread only, without
     * changing any module's mode: {@code try (var s = Module.inference()) { y = net.forward(x); }}.
     * Unlike {@link #eval()} it is safe while other threads use the same module, so that
     * predictions can run from many threads at once. Scopes nest.
     */
    public static Inference inference() {
        INFERENCE_DEPTH.get()[0]++;
        return new Inference();
    }

    /** An {@link #inference()} scope; {@link #close()} ends it. */
    public static final class Inference implements AutoCloseable {
        private boolean closed;

        private Inference() {
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                INFERENCE_DEPTH.get()[0]--;
            }
        }
    }
    // ---- end of inference scope --------------------------------------------------------------

    /** Sets training mode on this module and all descendants; returns {@code this}. */
    public Module train(boolean mode) {
        for (Module m : modules()) {
            m.training = mode;
        }
        return this;
    }

    /** {@code train(true)}. */
    public final Module train() {
        return train(true);
    }

    /** Evaluation (inference) mode: {@code train(false)}. */
    public final Module eval() {
        return train(false);
    }

    // ---- devices -------------------------------------------------------------------------------

    /**
     * Moves every parameter and buffer of this module and its descendants (and their gradients)
     * to {@code target}, in place: the tensors keep their identity, so an optimizer holding them
     * follows (its state moves at its next step). Floats take the target's float type, as
     * {@link Tensor#to(Backend)}. Returns {@code this}, as PyTorch's {@code module.to(device)}.
     */
    public final Module to(Backend target) {
        for (Module m : modules()) {
            m.params.values().forEach(p -> moveTo(p, target));
            m.buffers.values().forEach(b -> moveTo(b, target));
        }
        return this;
    }

    /** {@link #to(Backend)} the backend of {@code device}, e.g. {@code "cuda:0"}. */
    public final Module to(String device) {
        return to(Backends.byName(device));
    }

    /** {@link #to(Backend)} the backend of {@code device}. */
    public final Module to(Device device) {
        return to(Backends.byDevice(device));
    }

    private static void moveTo(Tensor t, Backend target) {
        if (t.backend() != target) {
            Tensor grad = t.grad();
            t.setData(t.detach().to(target));
            t.setGrad(grad == null ? null : grad.to(target));
        }
    }

    /** Clears the gradients of all parameters (PyTorch's {@code zero_grad(set_to_none=True)}). */
    public final void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    /** Stops gradients to all parameters ({@code requiresGrad(false)}); returns {@code this}. */
    public final Module freeze() {
        parameters().forEach(p -> p.requiresGrad(false));
        return this;
    }

    /** Makes all parameters trainable again; returns {@code this}. */
    public final Module unfreeze() {
        parameters().forEach(p -> p.requiresGrad(true));
        return this;
    }

    /** Number of scalar parameters, trainable and frozen. */
    public final long numParameters() {
        return parameters().stream().mapToLong(Tensor::numel).sum();
    }

    /** Number of scalar parameters that require grad. */
    public final long numTrainableParameters() {
        return parameters().stream().filter(Tensor::requiresGrad).mapToLong(Tensor::numel).sum();
    }

    /** Number of scalar parameters that are frozen. */
    public final long numFrozenParameters() {
        return numParameters() - numTrainableParameters();
    }

    // ---- state --------------------------------------------------------------------------------

    /**
     * Parameters and buffers by hierarchical name, detached. Like PyTorch the tensors share
     * storage with the module (clone them for a snapshot that later training will not change).
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : namedModules().entrySet()) {
            Module m = e.getValue();
            m.params.forEach((k, v) -> out.putIfAbsent(join(e.getKey(), k), v.detach()));
            m.buffers.forEach((k, v) -> out.putIfAbsent(join(e.getKey(), k), v.detach()));
        }
        return out;
    }

    /** {@link #loadStateDict(Map, boolean)} in strict mode. */
    public final void loadStateDict(Map<String, ? extends Tensor> state) {
        loadStateDict(state, true);
    }

    /**
     * Copies {@code state} into the parameters and buffers with the same names (converting
     * type and backend). Nothing is changed unless every shape matches and, when {@code strict},
     * the keys match exactly.
     *
     * @return the keys the module has but {@code state} lacks, and those it does not expect
     * @throws IllegalArgumentException listing the missing, unexpected and wrongly shaped keys
     */
    public final LoadResult loadStateDict(Map<String, ? extends Tensor> state, boolean strict) {
        Map<String, Tensor> own = new LinkedHashMap<>();
        for (var e : namedModules().entrySet()) {
            e.getValue().params.forEach((k, v) -> own.putIfAbsent(join(e.getKey(), k), v));
            e.getValue().buffers.forEach((k, v) -> own.putIfAbsent(join(e.getKey(), k), v));
        }
        List<String> missing = own.keySet().stream().filter(k -> !state.containsKey(k)).toList();
        List<String> unexpected = state.keySet().stream().filter(k -> !own.containsKey(k)).toList();
        List<String> wrongShape = new ArrayList<>();
        own.forEach((k, v) -> {
            Tensor src = state.get(k);
            if (src != null && !Arrays.equals(src.shape(), v.shape())) {
                wrongShape.add(k + ": shape " + Shape.str(src.shape()) + " in the state dict, "
                        + Shape.str(v.shape()) + " in the module");
            }
        });
        if (!wrongShape.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()))) {
            StringBuilder msg = new StringBuilder("Error(s) in loading state dict for " + getClass().getSimpleName() + ":");
            if (strict && !missing.isEmpty()) {
                msg.append("\n  Missing key(s): ").append(String.join(", ", missing));
            }
            if (strict && !unexpected.isEmpty()) {
                msg.append("\n  Unexpected key(s): ").append(String.join(", ", unexpected));
            }
            for (String s : wrongShape) {
                msg.append("\n  Size mismatch for ").append(s);
            }
            throw new IllegalArgumentException(msg.toString());
        }
        try (var g = Tensor.noGrad()) {
            own.forEach((k, v) -> {
                Tensor src = state.get(k);
                if (src != null) {
                    v.assign(src.backend() == v.backend() ? src : src.to(v.backend()));
                }
            });
        }
        return new LoadResult(missing, unexpected);
    }

    /**
     * The outcome of a non-strict {@link #loadStateDict(Map, boolean)}.
     *
     * @param missingKeys    keys of the module absent from the state dict (left unchanged)
     * @param unexpectedKeys keys of the state dict the module does not have (ignored)
     */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {
    }

    // ---- printing -----------------------------------------------------------------------------

    /**
     * The options this module was built with, as a record its constructor accepts (e.g.
     * {@code Linear.Config}), or null for a module without one (containers such as
     * {@link Sequential}, whose children are their configuration). Layers override this with
     * their own record type; model files store it and {@link #toString()} prints it.
     *
     * <p>Components are int, Integer, double, Double, boolean, Boolean, String, int[], Integer[]
     * (sizes that may be None), double[], an enum, or an Object holding an int[], an Integer or a
     * String (a convolution's padding); boxed types, arrays and Object may be null.
     */
    public Record config() {
        return null;
    }

    /**
     * The configuration shown between the parentheses of {@link #toString()}: the
     * {@link #config()} record as PyTorch prints options ({@code in_features=4, out_features=3,
     * bias=True}), else nothing.
     */
    protected String extraRepr() {
        Record config = config();
        return config == null ? "" : ConfigRecord.repr(config);
    }

    /** The module tree as PyTorch prints it, e.g. {@code Sequential(\n  (0): Linear(...)\n)}. */
    @Override
    public String toString() {
        String name = getClass().getSimpleName();
        String extra = extraRepr();
        if (modules.isEmpty()) {
            return name + "(" + extra + ")";
        }
        StringBuilder sb = new StringBuilder(name).append("(");
        if (!extra.isEmpty()) {
            sb.append("\n  ").append(extra.replace("\n", "\n  "));
        }
        modules.forEach((k, m) -> sb.append("\n  (").append(k).append("): ")
                .append(m.toString().replace("\n", "\n  ")));
        return sb.append("\n)").toString();
    }
}
