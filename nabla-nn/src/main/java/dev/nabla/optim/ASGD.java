package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Averaged stochastic gradient descent (Polyak and Juditsky 1992), as {@code torch.optim.ASGD}:
 * SGD with a decaying rate, keeping in {@code ax} the running average of the parameters from
 * step {@code t0} on. For each parameter {@code p} with gradient {@code g} at step {@code t}
 * ({@code eta} starts at lr, {@code mu} at 1):
 *
 * <pre>
 * g = g + weightDecay * p
 * p = p * (1 - lambd * eta) - eta * g
 * ax = mu == 1 ? p : ax + mu * (p - ax)
 * eta = lr / (1 + lambd * lr * t)^alpha;  mu = 1 / max(1, t - t0)
 * </pre>
 *
 * Options (defaults): {@code lr} 1e-2, {@code lambd} 1e-4, {@code alpha} 0.75, {@code t0} 1e6,
 * {@code weightDecay} 0. State: {@code eta}, {@code mu} (zero-dim tensors), {@code ax}.
 */
public class ASGD extends Optimizer {

    /** ASGD with learning rate 1e-2. */
    public ASGD(Iterable<? extends Tensor> params) {
        this(params, 1e-2);
    }

    public ASGD(Iterable<? extends Tensor> params, double lr) {
        this(single(params), lr);
    }

    public ASGD(List<ParamGroup> groups, double lr) {
        super(groups, defaults(lr));
    }

    private static Map<String, Double> defaults(double lr) {
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("lambd", 1e-4);
        d.put("alpha", 0.75);
        d.put("t0", 1e6);
        d.put("weightDecay", 0.0);
        d.put("maximize", 0.0);
        return d;
    }

    /** Sets the default decay term; returns {@code this}. */
    public ASGD lambd(double lambd) { setDefault("lambd", lambd); return this; }

    /** Sets the default power of the rate's decay; returns {@code this}. */
    public ASGD alpha(double alpha) { setDefault("alpha", alpha); return this; }

    /** Sets the default step at which averaging starts; returns {@code this}. */
    public ASGD t0(double t0) { setDefault("t0", t0); return this; }

    public ASGD weightDecay(double weightDecay) { setDefault("weightDecay", weightDecay); return this; }

    /** Maximizes the objective instead (steps along the gradient) by default; returns {@code this}. */
    public ASGD maximize(boolean maximize) { setDefault("maximize", maximize ? 1 : 0); return this; }

    /** The running average of {@code param} (PyTorch's {@code state['ax']}), or null before its first step. */
    public Tensor average(Tensor param) {
        ParamState s = state(param);
        return s == null ? null : s.get("ax");
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamState state, ParamGroup group) {
        double lr = group.lr();
        double lambd = group.get("lambd");
        double weightDecay = group.get("weightDecay");
        Tensor g = weightDecay != 0 ? grad.add(param.mul(weightDecay)) : grad;
        Tensor etaT = state.get("eta");
        Tensor muT = state.get("mu");
        double eta = etaT == null ? lr : etaT.item();
        double mu = muT == null ? 1 : muT.item();
        Tensor p = param.mul(1 - lambd * eta).sub(g.mul(eta));
        param.assign(p);
        Tensor ax = state.get("ax");
        state.put("ax", mu != 1 && ax != null ? ax.add(p.sub(ax).mul(mu)) : p);
        long t = state.step();
        state.put("eta", param.newFull(lr / Math.pow(1 + lambd * lr * t, group.get("alpha"))));
        state.put("mu", param.newFull(1 / Math.max(1, t - group.get("t0"))));
    }
}
