package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adagrad (Duchi et al. 2011), as {@code torch.optim.Adagrad}. For each parameter {@code p} with
 * gradient {@code g} at step {@code t}:
 *
 * <pre>
 * g = g + weightDecay * p
 * clr = lr / (1 + (t - 1) * lrDecay)
 * s = s + g^2                                    (s starts at initialAccumulatorValue)
 * p = p - clr * g / (sqrt(s) + eps)
 * </pre>
 *
 * Options (defaults): {@code lr} 0.01, {@code lrDecay} 0, {@code weightDecay} 0,
 * {@code initialAccumulatorValue} 0, {@code eps} 1e-10. State: {@code sum}.
 */
public class Adagrad extends Optimizer {

    /** Adagrad with learning rate 0.01. */
    public Adagrad(Iterable<? extends Tensor> params) {
        this(params, 0.01);
    }

    public Adagrad(Iterable<? extends Tensor> params, double lr) {
        this(single(params), lr);
    }

    public Adagrad(List<ParamGroup> groups, double lr) {
        super(groups, defaults(lr));
    }

    private static Map<String, Double> defaults(double lr) {
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("lrDecay", 0.0);
        d.put("weightDecay", 0.0);
        d.put("maximize", 0.0);
        d.put("initialAccumulatorValue", 0.0);
        d.put("eps", 1e-10);
        return d;
    }

    public Adagrad lrDecay(double lrDecay) { setDefault("lrDecay", lrDecay); return this; }

    public Adagrad weightDecay(double weightDecay) { setDefault("weightDecay", weightDecay); return this; }

    /** Maximizes the objective instead (steps along the gradient) by default; returns {@code this}. */
    public Adagrad maximize(boolean maximize) { setDefault("maximize", maximize ? 1 : 0); return this; }

    public Adagrad initialAccumulatorValue(double v) { setDefault("initialAccumulatorValue", v); return this; }

    public Adagrad eps(double eps) { setDefault("eps", eps); return this; }

    @Override
    protected void update(Tensor param, Tensor grad, ParamState state, ParamGroup group) {
        double weightDecay = group.get("weightDecay");
        Tensor g = weightDecay != 0 ? grad.add(param.mul(weightDecay)) : grad;
        double clr = group.lr() / (1 + (state.step() - 1) * group.get("lrDecay"));
        Tensor sum = state.getOrFill("sum", param, group.get("initialAccumulatorValue")).add(g.mul(g));
        state.put("sum", sum);
        param.assign(param.sub(g.div(sum.sqrt().add(group.get("eps"))).mul(clr)));
    }
}
