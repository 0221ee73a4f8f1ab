package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, as {@code torch.optim.SGD}. For each parameter
 * {@code p} with gradient {@code g} at step {@code t}:
 *
 * <pre>
 * g = g + weightDecay * p                       (if weightDecay != 0)
 * b = t == 1 ? g : momentum * b + (1 - dampening) * g      (if momentum != 0)
 * g = nesterov ? g + momentum * b : b
 * p = p - lr * g
 * </pre>
 *
 * Options (defaults): {@code lr} (required), {@code momentum} 0, {@code dampening} 0,
 * {@code weightDecay} 0, {@code nesterov} 0 (needs momentum > 0 and dampening 0).
 * State: {@code momentum_buffer}.
 */
public class SGD extends Optimizer {

    /** Plain SGD with learning rate {@code lr}. */
    public SGD(Iterable<? extends Tensor> params, double lr) {
        this(single(params), lr);
    }

    /** SGD over parameter groups; {@code lr} is the default learning rate. */
    public SGD(List<ParamGroup> groups, double lr) {
        super(groups, defaults(lr));
    }

    private static Map<String, Double> defaults(double lr) {
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("momentum", 0.0);
        d.put("dampening", 0.0);
        d.put("weightDecay", 0.0);
        d.put("maximize", 0.0);
        d.put("nesterov", 0.0);
        return d;
    }

    /** Sets the default momentum; returns {@code this}. */
    public SGD momentum(double momentum) { setDefault("momentum", momentum); return this; }

    /** Sets the default dampening of the momentum; returns {@code this}. */
    public SGD dampening(double dampening) { setDefault("dampening", dampening); return this; }

    /** Sets the default L2 weight decay; returns {@code this}. */
    public SGD weightDecay(double weightDecay) { setDefault("weightDecay", weightDecay); return this; }

    /** Maximizes the objective instead (steps along the gradient) by default; returns {@code this}. */
    public SGD maximize(boolean maximize) { setDefault("maximize", maximize ? 1 : 0); return this; }

    /** Turns Nesterov momentum on or off by default; returns {@code this}. */
    public SGD nesterov(boolean nesterov) { setDefault("nesterov", nesterov ? 1 : 0); return this; }

    @Override
    protected void checkCombination(ParamGroup group) {
        if (group.flag("nesterov") && (group.get("momentum") <= 0 || group.get("dampening") != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum requires a momentum and zero dampening");
        }
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamState state, ParamGroup group) {
        double momentum = group.get("momentum");
        double weightDecay = group.get("weightDecay");
        Tensor g = weightDecay != 0 ? grad.add(param.mul(weightDecay)) : grad;
        if (momentum != 0) {
            Tensor buf = state.get("momentum_buffer");
            buf = buf == null ? g.clone() : buf.mul(momentum).add(g.mul(1 - group.get("dampening")));
            state.put("momentum_buffer", buf);
            g = group.flag("nesterov") ? g.add(buf.mul(momentum)) : buf;
        }
        param.assign(param.sub(g.mul(group.lr())));
    }
}
