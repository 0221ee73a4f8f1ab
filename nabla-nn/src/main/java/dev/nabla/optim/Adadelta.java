package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adadelta (Zeiler 2012), as {@code torch.optim.Adadelta}. For each parameter {@code p} with
 * gradient {@code g}:
 *
 * <pre>
 * g = g + weightDecay * p
 * v = rho * v + (1 - rho) * g^2
 * d = sqrt(u + eps) / sqrt(v + eps) * g
 * u = rho * u + (1 - rho) * d^2
 * p = p - lr * d
 * </pre>
 *
 * Options (defaults): {@code lr} 1.0, {@code rho} 0.9, {@code eps} 1e-6, {@code weightDecay} 0.
 * State: {@code square_avg}, {@code acc_delta}.
 */
public class Adadelta extends Optimizer {

    /** Adadelta with learning rate 1.0. */
    public Adadelta(Iterable<? extends Tensor> params) {
        this(params, 1.0);
    }

    public Adadelta(Iterable<? extends Tensor> params, double lr) {
        this(single(params), lr);
    }

    public Adadelta(List<ParamGroup> groups, double lr) {
        super(groups, defaults(lr));
    }

    private static Map<String, Double> defaults(double lr) {
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("rho", 0.9);
        d.put("eps", 1e-6);
        d.put("weightDecay", 0.0);
        d.put("maximize", 0.0);
        return d;
    }

    /** Sets the default decay rate of the running averages; returns {@code this}. */
    public Adadelta rho(double rho) { setDefault("rho", rho); return this; }

    public Adadelta eps(double eps) { setDefault("eps", eps); return this; }

    public Adadelta weightDecay(double weightDecay) { setDefault("weightDecay", weightDecay); return this; }

    /** Maximizes the objective instead (steps along the gradient) by default; returns {@code this}. */
    public Adadelta maximize(boolean maximize) { setDefault("maximize", maximize ? 1 : 0); return this; }

    @Override
    protected void checkOptions(ParamGroup group) {
        super.checkOptions(group);
        if (group.get("rho") > 1) {
            throw new IllegalArgumentException("Adadelta: rho must be in [0, 1], got " + group.get("rho"));
        }
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamState state, ParamGroup group) {
        double rho = group.get("rho");
        double eps = group.get("eps");
        double weightDecay = group.get("weightDecay");
        Tensor g = weightDecay != 0 ? grad.add(param.mul(weightDecay)) : grad;
        Tensor v = state.getOrFill("square_avg", param, 0).mul(rho).add(g.mul(g).mul(1 - rho));
        Tensor u = state.getOrFill("acc_delta", param, 0);
        Tensor delta = u.add(eps).sqrt().div(v.add(eps).sqrt()).mul(g);
        state.put("square_avg", v);
        state.put("acc_delta", u.mul(rho).add(delta.mul(delta).mul(1 - rho)));
        param.assign(param.sub(delta.mul(group.lr())));
    }
}
