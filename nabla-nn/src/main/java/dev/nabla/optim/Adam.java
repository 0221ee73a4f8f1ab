package dev.nabla.optim;

import dev.nabla.backend.AdamStep;
import dev.nabla.ops.AdamUpdate;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015), with the AMSGrad variant (Reddi et al. 2018), as
 * {@code torch.optim.Adam}. For each parameter {@code p} with gradient {@code g} at step {@code t}:
 *
 * <pre>
 * g = g + weightDecay * p                         (L2 penalty; see AdamW for decoupled decay)
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g^2
 * vmax = max(vmax, v)                             (AMSGrad only; then v = vmax below)
 * p = p - lr / (1 - beta1^t) * m / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 *
 * Options (defaults): {@code lr} 1e-3, {@code beta1} 0.9, {@code beta2} 0.999, {@code eps} 1e-8,
 * {@code weightDecay} 0, {@code amsgrad} 0. State: {@code exp_avg}, {@code exp_avg_sq},
 * {@code max_exp_avg_sq}.
 */
public class Adam extends Optimizer {

    /** Adam with the default options. */
    public Adam(Iterable<? extends Tensor> params) {
        this(params, 1e-3);
    }

    /** Adam with learning rate {@code lr}. */
    public Adam(Iterable<? extends Tensor> params, double lr) {
        this(single(params), lr);
    }

    /** Adam over parameter groups; {@code lr} is the default learning rate. */
    public Adam(List<ParamGroup> groups, double lr) {
        this(groups, defaults(lr, 0));
    }

    /** For subclasses with other defaults. */
    protected Adam(List<ParamGroup> groups, Map<String, Double> defaults) {
        super(groups, defaults);
    }

    /** Adam's options with the given learning rate and weight decay. */
    protected static Map<String, Double> defaults(double lr, double weightDecay) {
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("beta1", 0.9);
        d.put("beta2", 0.999);
        d.put("eps", 1e-8);
        d.put("weightDecay", weightDecay);
        d.put("maximize", 0.0);
        d.put("amsgrad", 0.0);
        return d;
    }

    /** Sets the default moment decay rates; returns {@code this}. */
    public Adam betas(double beta1, double beta2) {
        setDefault("beta1", beta1);
        setDefault("beta2", beta2);
        return this;
    }

    /** Sets the default epsilon; returns {@code this}. */
    public Adam eps(double eps) { setDefault("eps", eps); return this; }

    /** Sets the default weight decay; returns {@code this}. */
    public Adam weightDecay(double weightDecay) { setDefault("weightDecay", weightDecay); return this; }

    /** Maximizes the objective instead (steps along the gradient) by default; returns {@code this}. */
    public Adam maximize(boolean maximize) { setDefault("maximize", maximize ? 1 : 0); return this; }

    /** Turns AMSGrad on or off by default; returns {@code this}. */
    public Adam amsgrad(boolean amsgrad) { setDefault("amsgrad", amsgrad ? 1 : 0); return this; }

    @Override
    protected void checkOptions(ParamGroup group) {
        super.checkOptions(group);
        checkBetas(this, group);
    }

    /** Refuses {@code beta1} or {@code beta2} outside {@code [0, 1)} (Adam and its variants). */
    static void checkBetas(Optimizer opt, ParamGroup group) {
        if (group.get("beta1") >= 1 || group.get("beta2") >= 1) {
            throw new IllegalArgumentException(opt.getClass().getSimpleName() + ": betas must be in [0, 1), got "
                    + group.get("beta1") + ", " + group.get("beta2"));
        }
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamState state, ParamGroup group) {
        adamStep(param, grad, state, group, false);
    }

    /**
     * The update of the class comment, in one fused pass over the parameter and its state; with
     * {@code decoupled}, the weight decay is AdamW's {@code p = p * (1 - lr * weightDecay)}
     * instead of the L2 term added to the gradient.
     */
    protected final void adamStep(Tensor param, Tensor grad, ParamState state, ParamGroup group, boolean decoupled) {
        Tensor m = state.getOrFill("exp_avg", param, 0);
        Tensor v = state.getOrFill("exp_avg_sq", param, 0);
        Tensor vMax = group.flag("amsgrad") ? state.getOrFill("max_exp_avg_sq", param, 0) : null;
        Tensor g = grad.dtype() == param.dtype() ? grad : grad.to(param.dtype());
        AdamUpdate.apply(param, g, m, v, vMax, new AdamStep(group.lr(), group.get("beta1"), group.get("beta2"),
                group.get("eps"), group.get("weightDecay"), decoupled, state.step()));
    }
}
