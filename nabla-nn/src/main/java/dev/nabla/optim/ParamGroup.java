package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of parameters sharing optimizer options, as an entry of PyTorch's
 * {@code optimizer.param_groups}. Options are named numbers ({@code "lr"}, {@code "momentum"},
 * {@code "weightDecay"}, ...; flags are 0 or 1); those not set on the group are the optimizer's
 * defaults. Schedules change {@code lr} here.
 *
 * <pre>{@code
 * var opt = new SGD(List.of(
 *         new ParamGroup(model.fc1.parameters()),
 *         new ParamGroup(model.fc2.parameters()).set("lr", 1e-3)), 0.1);
 * }</pre>
 */
public final class ParamGroup {
    /** The key of {@link #initialLr()} among a saved group's options, as PyTorch's. */
    static final String INITIAL_LR = "initial_lr";
    private final List<Tensor> params;
    private final Map<String, Double> overrides = new LinkedHashMap<>();
    private Map<String, Double> defaults;
    private Double initialLr;

    /** A group of {@code params} using the optimizer's defaults. */
    public ParamGroup(Iterable<? extends Tensor> params) {
        List<Tensor> list = new ArrayList<>();
        params.forEach(list::add);
        this.params = Collections.unmodifiableList(list);
    }

    /** A group of {@code params} with some options of its own. */
    public ParamGroup(Iterable<? extends Tensor> params, Map<String, Double> options) {
        this(params);
        overrides.putAll(options);
    }

    /** The parameters, in order. */
    public List<Tensor> params() {
        return params;
    }

    /** Sets option {@code name} for this group only; returns {@code this}. */
    public ParamGroup set(String name, double value) {
        if (defaults != null && !defaults.containsKey(name)) {
            throw unknown(name);
        }
        overrides.put(name, value);
        return this;
    }

    /** The value of option {@code name}: the group's own, else the optimizer's default. */
    public double get(String name) {
        Double v = overrides.get(name);
        if (v == null && defaults != null) {
            v = defaults.get(name);
        }
        if (v == null) {
            throw unknown(name);
        }
        return v;
    }

    /** A flag option ({@code nesterov}, {@code amsgrad}, ...): true when non-zero. */
    public boolean flag(String name) {
        return get(name) != 0;
    }

    /** The learning rate. */
    public double lr() {
        return get("lr");
    }

    /** Sets the learning rate of this group. */
    public void setLr(double lr) {
        set("lr", lr);
    }

    /**
     * The rate this group had when the first schedule was built on it (PyTorch's
     * {@code initial_lr}), recorded from the current rate at the first call. Schedules take it as
     * their base rate, so that a second schedule on the same optimizer (a phase of a
     * {@code SequentialLR}) starts from the same base, not from the rate the first one set.
     */
    public double initialLr() {
        if (initialLr == null) {
            initialLr = lr();
        }
        return initialLr;
    }

    /** The options with their effective values, and {@link #initialLr()} once recorded: what a state dict keeps. */
    Map<String, Double> savedOptions() {
        Map<String, Double> all = options();
        if (initialLr != null) {
            all.put(INITIAL_LR, initialLr);
        }
        return all;
    }

    /** Sets the options of a {@link #savedOptions()} map (names already checked). */
    void restoreOptions(Map<String, Double> saved) {
        saved.forEach((name, value) -> {
            if (name.equals(INITIAL_LR)) {
                initialLr = value;
            } else {
                set(name, value);
            }
        });
    }

    /** All options with their effective values. */
    public Map<String, Double> options() {
        Map<String, Double> all = new LinkedHashMap<>(defaults == null ? Map.of() : defaults);
        all.putAll(overrides);
        return all;
    }

    void attach(Map<String, Double> optimizerDefaults) {
        for (String k : overrides.keySet()) {
            if (!optimizerDefaults.containsKey(k)) {
                throw new IllegalArgumentException("unknown optimizer option '" + k + "' (expected one of "
                        + optimizerDefaults.keySet() + ")");
            }
        }
        this.defaults = optimizerDefaults;
    }

    private IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown optimizer option '" + name + "'"
                + (defaults == null ? "" : " (expected one of " + defaults.keySet() + ")"));
    }
}
