package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rectified Adam (Liu et al. 2020), as {@code torch.optim.RAdam}: plain momentum SGD while the
 * variance of the adaptive rate is intractable, Adam with a rectification factor after. For each
 * parameter {@code p} with gradient {@code g} at step {@code t}:
 *
 * <pre>
 * g = g + weightDecay * p            (or p = p * (1 - lr * weightDecay) with decoupledWeightDecay)
 * m = beta1 * m + (1 - beta1) * g ;  v = beta2 * v + (1 - beta2) * g^2
 * mHat = m / (1 - beta1^t)
 * rhoInf = 2 / (1 - beta2) - 1 ;  rho = rhoInf - 2 t beta2^t / (1 - beta2^t)
 * rho > 5:  r = sqrt((rho - 4)(rho - 2) rhoInf / ((rhoInf - 4)(rhoInf - 2) rho))
 *           p = p - lr * mHat * r * sqrt(1 - beta2^t) / (sqrt(v) + eps)
 * else:     p = p - lr * mHat
 * </pre>
 *
 * Options (defaults): {@code lr} 1e-3, {@code beta1} 0.9, {@code beta2} 0.999, {@code eps} 1e-8,
 * {@code weightDecay} 0, {@code decoupledWeightDecay} 0. State: {@code exp_avg}, {@code exp_avg_sq}.
 */
public class RAdam extends Optimizer {
    /** PyTorch's threshold on {@code rho} above which the adaptive rate is used. */
    static final double RECTIFICATION_THRESHOLD = 5;

    /** RAdam with learning rate 1e-3. */
    public RAdam(Iterable<? extends Tensor> params) {
        this(params, 1e-3);
    }

    public RAdam(Iterable<? extends Tensor> params, double lr) {
        this(single(params), lr);
    }

    public RAdam(List<ParamGroup> groups, double lr) {
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
        d.put("decoupledWeightDecay", 0.0);
        return d;
    }

    /** Sets the default moment decay rates; returns {@code this}. */
    public RAdam betas(double beta1, double beta2) {
        setDefault("beta1", beta1);
        setDefault("beta2", beta2);
        return this;
    }

    public RAdam eps(double eps) { setDefault("eps", eps); return this; }

    public RAdam weightDecay(double weightDecay) { setDefault("weightDecay", weightDecay); return this; }

    /** Maximizes the objective instead (steps along the gradient) by default; returns {@code this}. */
    public RAdam maximize(boolean maximize) { setDefault("maximize", maximize ? 1 : 0); return this; }

    /** Decays the weights directly, as AdamW, instead of adding an L2 term; returns {@code this}. */
    public RAdam decoupledWeightDecay(boolean on) { setDefault("decoupledWeightDecay", on ? 1 : 0); return this; }

    @Override
    protected void checkOptions(ParamGroup group) {
        super.checkOptions(group);
        Adam.checkBetas(this, group);
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamState state, ParamGroup group) {
        double lr = group.lr();
        double beta1 = group.get("beta1");
        double beta2 = group.get("beta2");
        long t = state.step();
        Tensor g = decayWeights(param, grad, group);
        Tensor m = state.getOrFill("exp_avg", param, 0).mul(beta1).add(g.mul(1 - beta1));
        Tensor v = state.getOrFill("exp_avg_sq", param, 0).mul(beta2).add(g.mul(g).mul(1 - beta2));
        state.put("exp_avg", m);
        state.put("exp_avg_sq", v);
        double correction2 = 1 - Math.pow(beta2, t);
        Tensor mHat = m.div(1 - Math.pow(beta1, t));
        double rhoInf = 2 / (1 - beta2) - 1;
        double rho = rhoInf - 2 * t * Math.pow(beta2, t) / correction2;
        if (rho > RECTIFICATION_THRESHOLD) {
            double r = Math.sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
            param.assign(param.sub(mHat.mul(lr * r * Math.sqrt(correction2)).div(v.sqrt().add(group.get("eps")))));
        } else {
            param.assign(param.sub(mHat.mul(lr)));
        }
    }
}
