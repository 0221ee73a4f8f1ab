package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop (Hinton's lecture 6e), as {@code torch.optim.RMSprop}. For each parameter {@code p}
 * with gradient {@code g}:
 *
 * <pre>
 * g = g + weightDecay * p
 * v = alpha * v + (1 - alpha) * g^2
 * gAvg = alpha * gAvg + (1 - alpha) * g ;  d = sqrt(v - gAvg^2) + eps     (centered)
 *                                          d = sqrt(v) + eps              (otherwise)
 * b = momentum * b + g / d ;  p = p - lr * b                              (momentum > 0)
 * p = p - lr * g / d                                                      (otherwise)
 * </pre>
 *
 * Options (defaults): {@code lr} 0.01, {@code alpha} 0.99, {@code eps} 1e-8, {@code weightDecay}
 * 0, {@code momentum} 0, {@code centered} 0. State: {@code square_avg}, {@code grad_avg},
 * {@code momentum_buffer}.
 */
public class RMSprop extends Optimizer {

    /** RMSprop with learning rate 0.01. */
    public RMSprop(Iterable<? extends Tensor> params) {
        this(params, 0.01);
    }

    public RMSprop(Iterable<? extends Tensor> params, double lr) {
        this(single(params), lr);
    }

    public RMSprop(List<ParamGroup> groups, double lr) {
        super(groups, defaults(lr));
    }

    private static Map<String, Double> defaults(double lr) {
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("alpha", 0.99);
        d.put("eps", 1e-8);
        d.put("weightDecay", 0.0);
        d.put("maximize", 0.0);
        d.put("momentum", 0.0);
        d.put("centered", 0.0);
        return d;
    }

    /** Sets the default smoothing constant; returns {@code this}. */
    public RMSprop alpha(double alpha) { setDefault("alpha", alpha); return this; }

    public RMSprop eps(double eps) { setDefault("eps", eps); return this; }

    public RMSprop weightDecay(double weightDecay) { setDefault("weightDecay", weightDecay); return this; }

    /** Maximizes the objective instead (steps along the gradient) by default; returns {@code this}. */
    public RMSprop maximize(boolean maximize) { setDefault("maximize", maximize ? 1 : 0); return this; }

    public RMSprop momentum(double momentum) { setDefault("momentum", momentum); return this; }

    /** Normalizes by the estimated variance instead of the second moment; returns {@code this}. */
    public RMSprop centered(boolean centered) { setDefault("centered", centered ? 1 : 0); return this; }

    @Override
    protected void update(Tensor param, Tensor grad, ParamState state, ParamGroup group) {
        double alpha = group.get("alpha");
        double weightDecay = group.get("weightDecay");
        double momentum = group.get("momentum");
        Tensor g = weightDecay != 0 ? grad.add(param.mul(weightDecay)) : grad;
        Tensor v = state.getOrFill("square_avg", param, 0).mul(alpha).add(g.mul(g).mul(1 - alpha));
        state.put("square_avg", v);
        Tensor avg = v;
        if (group.flag("centered")) {
            Tensor gAvg = state.getOrFill("grad_avg", param, 0).mul(alpha).add(g.mul(1 - alpha));
            state.put("grad_avg", gAvg);
            avg = v.sub(gAvg.mul(gAvg));
        }
        Tensor denom = avg.sqrt().add(group.get("eps"));
        if (momentum > 0) {
            Tensor buf = state.getOrFill("momentum_buffer", param, 0).mul(momentum).add(g.div(denom));
            state.put("momentum_buffer", buf);
            param.assign(param.sub(buf.mul(group.lr())));
        } else {
            param.assign(param.sub(g.div(denom).mul(group.lr())));
        }
    }
}
