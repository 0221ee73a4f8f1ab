package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adamax, Adam with the infinity norm (Kingma and Ba 2015, section 7.1), as
 * {@code torch.optim.Adamax}. For each parameter {@code p} with gradient {@code g} at step {@code t}:
 *
 * <pre>
 * g = g + weightDecay * p
 * m = beta1 * m + (1 - beta1) * g
 * u = max(beta2 * u, |g| + eps)
 * p = p - lr / (1 - beta1^t) * m / u
 * </pre>
 *
 * Options (defaults): {@code lr} 2e-3, {@code beta1} 0.9, {@code beta2} 0.999, {@code eps} 1e-8,
 * {@code weightDecay} 0. State: {@code exp_avg}, {@code exp_inf}.
 */
public class Adamax extends Optimizer {

    /** Adamax with learning rate 2e-3. */
    public Adamax(Iterable<? extends Tensor> params) {
        this(params, 2e-3);
    }

    public Adamax(Iterable<? extends Tensor> params, double lr) {
        this(single(params), lr);
    }

    public Adamax(List<ParamGroup> groups, double lr) {
        super(groups, defaults(lr));
    }

    private static Map<String, Double> defaults(double lr) {
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("beta1", 0.9);
        d.put("beta2", 0.999);
        d.put("eps", 1e-8);
        d.put("weightDecay", 0.0);
        d.put("maximize", 0.0);
        return d;
    }

    /** Sets the default decay rates of the mean and of the infinity norm; returns {@code this}. */
    public Adamax betas(double beta1, double beta2) {
        setDefault("beta1", beta1);
        setDefault("beta2", beta2);
        return this;
    }

    public Adamax eps(double eps) { setDefault("eps", eps); return this; }

    public Adamax weightDecay(double weightDecay) { setDefault("weightDecay", weightDecay); return this; }

    /** Maximizes the objective instead (steps along the gradient) by default; returns {@code this}. */
    public Adamax maximize(boolean maximize) { setDefault("maximize", maximize ? 1 : 0); return this; }

    @Override
    protected void checkOptions(ParamGroup group) {
        super.checkOptions(group);
        Adam.checkBetas(this, group);
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamState state, ParamGroup group) {
        double beta1 = group.get("beta1");
        double weightDecay = group.get("weightDecay");
        Tensor g = weightDecay != 0 ? grad.add(param.mul(weightDecay)) : grad;
        Tensor m = state.getOrFill("exp_avg", param, 0).mul(beta1).add(g.mul(1 - beta1));
        Tensor u = state.getOrFill("exp_inf", param, 0).mul(group.get("beta2")).maximum(g.abs().add(group.get("eps")));
        state.put("exp_avg", m);
        state.put("exp_inf", u);
        double clr = group.lr() / (1 - Math.pow(beta1, state.step()));
        param.assign(param.sub(m.div(u).mul(clr)));
    }
}
