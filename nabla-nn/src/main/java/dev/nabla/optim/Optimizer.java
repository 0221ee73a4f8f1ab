package dev.nabla.optim;

import dev.nabla.tensor.Stateful;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The base of optimizers, as {@code torch.optim.Optimizer}. It loops over parameter groups and
 * parameters, keeps per-parameter {@link ParamState}, saves and restores it; a subclass writes
 * only its update rule, {@link #update}, as plain tensor maths. An optimizer with the option
 * {@code maximize} (all but {@link LBFGS}; default 0) hands its rule {@code -grad}, as PyTorch's
 * {@code maximize=True}.
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), 1e-3);
 * for (...) { opt.zeroGrad(); loss(model).backward(); opt.step(); }
 * }</pre>
 */
public abstract class Optimizer implements Stateful<OptimizerState> {
    private final Map<String, Double> defaults;
    private final List<ParamGroup> groups = new ArrayList<>();
    private final Map<Tensor, ParamState> state = new IdentityHashMap<>();

    /**
     * @param groups   the parameter groups (their own options override the defaults)
     * @param defaults every option the optimizer knows, with its default value
     */
    protected Optimizer(List<ParamGroup> groups, Map<String, Double> defaults) {
        this.defaults = new LinkedHashMap<>(defaults);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameter groups given");
        }
        groups.forEach(this::addParamGroup);
    }

    /** A single group of {@code params}. */
    protected static List<ParamGroup> single(Iterable<? extends Tensor> params) {
        return List.of(new ParamGroup(params));
    }

    /**
     * Updates {@code param} in place (with {@code param.assign(...)}) from its gradient; called
     * under {@code noGrad} for every parameter that has a gradient, after {@code state.step()}
     * has been incremented.
     */
    protected abstract void update(Tensor param, Tensor grad, ParamState state, ParamGroup group);

    /**
     * Performs one optimization step on every parameter that has a gradient. The update rules of
     * this package keep no reference to the gradients they are handed, so {@code zeroGrad} may
     * recycle them ({@link Tensor#peekGrad()}); another subclass's rule gets them as
     * {@link Tensor#grad()} gives them.
     */
    public void step() {
        groups.forEach(this::checkCombination);
        boolean builtIn = getClass().getPackageName().equals(Optimizer.class.getPackageName());
        try (var g = Tensor.noGrad()) {
            for (ParamGroup group : groups) {
                boolean maximize = maximizes(group);
                for (Tensor p : group.params()) {
                    Tensor grad = builtIn ? p.peekGrad() : p.grad();
                    if (grad == null) {
                        continue;
                    }
                    ParamState s = stateFor(p);
                    s.setStep(s.step() + 1);
                    update(p, maximize ? grad.neg() : grad, s, group);
                }
            }
        }
    }

    /** Whether the group's {@code maximize} option (if the optimizer has one) is on. */
    private boolean maximizes(ParamGroup group) {
        return defaults.containsKey("maximize") && group.flag("maximize");
    }

    /**
     * Evaluates {@code closure} (which clears the gradients, computes the loss, calls
     * {@code backward} and returns the loss), then performs one {@link #step()}; returns the loss,
     * as PyTorch's {@code optimizer.step(closure)}. {@link LBFGS} needs the closure, as it
     * re-evaluates the loss several times per step.
     */
    public Tensor step(Supplier<Tensor> closure) {
        Tensor loss = closure.get();
        step();
        return loss;
    }

    /**
     * The gradient with the group's weight decay applied: the L2 term {@code g + weightDecay * p},
     * or, where the group has the flag {@code decoupledWeightDecay}, {@code g} unchanged after
     * {@code p = p * (1 - lr * weightDecay)} (as AdamW).
     */
    protected static Tensor decayWeights(Tensor param, Tensor grad, ParamGroup group) {
        double weightDecay = group.get("weightDecay");
        if (weightDecay == 0) {
            return grad;
        }
        if (group.flag("decoupledWeightDecay")) {
            param.assign(param.mul(1 - group.lr() * weightDecay));
            return grad;
        }
        return grad.add(param.mul(weightDecay));
    }

    /** Clears the gradients of all parameters (sets them to null). */
    public void zeroGrad() {
        for (ParamGroup group : groups) {
            group.params().forEach(Tensor::zeroGrad);
        }
    }

    /**
     * With {@code setToNone}, {@link #zeroGrad()}; otherwise fills every existing gradient with
     * zeros in place (detached from any graph first), as PyTorch's
     * {@code zero_grad(set_to_none=False)}: a parameter whose next backward pass gives it no
     * gradient then still takes a step on a zero one (moving it by its momentum or Adam state).
     */
    public void zeroGrad(boolean setToNone) {
        if (setToNone) {
            zeroGrad();
            return;
        }
        try (var g = Tensor.noGrad()) {
            for (ParamGroup group : groups) {
                for (Tensor p : group.params()) {
                    Tensor grad = p.grad();
                    if (grad != null && grad.requiresGrad()) {
                        grad = grad.detach();
                        p.setGrad(grad);
                    }
                    if (grad != null) {
                        grad.fill(0);
                    }
                }
            }
        }
    }

    /** The parameter groups (their options can be changed, e.g. the learning rate). */
    public List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(groups);
    }

    /** Adds a group, e.g. for layers unfrozen while fine-tuning. */
    public void addParamGroup(ParamGroup group) {
        group.attach(defaults);
        for (ParamGroup other : groups) {
            for (Tensor p : group.params()) {
                if (other.params().stream().anyMatch(q -> q == p)) {
                    throw new IllegalArgumentException("some parameters appear in more than one parameter group");
                }
            }
        }
        for (Tensor p : group.params()) {
            if (!p.isLeaf()) {
                throw new IllegalArgumentException("can't optimize a non-leaf tensor");
            }
        }
        checkOptions(group);
        groups.add(group);
    }

    /**
     * Validates a group's options one by one (e.g. {@code lr >= 0}), at once when an option is
     * set; override to add checks.
     */
    protected void checkOptions(ParamGroup group) {
        for (var e : group.options().entrySet()) {
            if (!(e.getValue() >= 0)) {
                throw new IllegalArgumentException("invalid " + e.getKey() + ": " + e.getValue());
            }
        }
    }

    /**
     * Validates how a group's options fit together (e.g. Nesterov needs a momentum); run at each
     * {@link #step}, so that the builder-style setters can be called in any order. Override to
     * add checks.
     */
    protected void checkCombination(ParamGroup group) {
    }

    /** The default options (a live view: changing one affects every group that does not set it). */
    public Map<String, Double> defaults() {
        return defaults;
    }

    /** Sets a default option after checking it is known. */
    protected final void setDefault(String name, double value) {
        if (!defaults.containsKey(name)) {
            throw new IllegalArgumentException("unknown option " + name);
        }
        defaults.put(name, value);
        groups.forEach(this::checkOptions);
    }

    /**
     * The state of {@code param}, created empty (step 0) if it has none yet, on the parameter's
     * device (buffers follow a parameter moved by {@code Module.to}).
     */
    protected ParamState stateFor(Tensor param) {
        ParamState s = state.computeIfAbsent(param, k -> new ParamState());
        s.moveTo(param.backend());
        return s;
    }

    /** The state of {@code param}, or {@code null} before its first step. */
    public ParamState state(Tensor param) {
        return state.get(param);
    }

    /** A copy of the options and per-parameter state. */
    @Override
    public OptimizerState stateDict() {
        List<OptimizerState.Group> gs = new ArrayList<>();
        Map<Integer, Long> steps = new LinkedHashMap<>();
        Map<Integer, Map<String, Tensor>> bufs = new LinkedHashMap<>();
        int index = 0;
        for (ParamGroup group : groups) {
            gs.add(new OptimizerState.Group(group.savedOptions(), group.params().size()));
            for (Tensor p : group.params()) {
                ParamState s = state.get(p);
                if (s != null) {
                    steps.put(index, s.step());
                    Map<String, Tensor> copy = new LinkedHashMap<>();
                    s.buffers().forEach((k, v) -> copy.put(k, v.detach().clone()));
                    bufs.put(index, copy);
                }
                index++;
            }
        }
        return new OptimizerState(gs, steps, bufs);
    }

    /** Restores a {@link #stateDict()} taken from an optimizer with groups of the same sizes. */
    @Override
    public void loadStateDict(OptimizerState saved) {
        if (saved.groups().size() != groups.size()) {
            throw new IllegalArgumentException("loaded state dict has " + saved.groups().size()
                    + " parameter groups, the optimizer has " + groups.size());
        }
        for (int i = 0; i < groups.size(); i++) {
            if (saved.groups().get(i).numParams() != groups.get(i).params().size()) {
                throw new IllegalArgumentException("loaded state dict's group " + i + " has "
                        + saved.groups().get(i).numParams() + " parameters, the optimizer's has "
                        + groups.get(i).params().size());
            }
            for (String option : saved.groups().get(i).options().keySet()) { // all checked before anything changes
                if (!groups.get(i).options().containsKey(option) && !option.equals(ParamGroup.INITIAL_LR)) {
                    throw new IllegalArgumentException("loaded state dict has option '" + option + "', which "
                            + getClass().getSimpleName() + " does not have (expected one of "
                            + groups.get(i).options().keySet() + "); was it saved from another optimizer?");
                }
            }
        }
        state.clear();
        int index = 0;
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup group = groups.get(i);
            group.restoreOptions(saved.groups().get(i).options());
            for (Tensor p : group.params()) {
                if (saved.steps().containsKey(index)) {
                    ParamState s = new ParamState();
                    s.setStep(saved.steps().get(index));
                    Map<String, Tensor> b = saved.buffers().getOrDefault(index, Map.of());
                    b.forEach((k, v) -> s.put(k, v.clone().to(p.backend()).to(p.dtype())));
                    state.put(p, s);
                }
                index++;
            }
        }
    }
}
