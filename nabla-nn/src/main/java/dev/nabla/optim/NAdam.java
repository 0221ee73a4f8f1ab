package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with Nesterov momentum (Dozat 2016), as {@code torch.optim.NAdam}, with its momentum
 * schedule {@code mu_t = beta1 (1 - 0.5 * 0.96^(t * momentumDecay))}. For each parameter
 * {@code p} with gradient {@code g} at step {@code t}:
 *
 * <pre>
 * g = g + weightDecay * p            (or p = p * (1 - lr * weightDecay) with decoupledWeightDecay)
 * P = P * mu_t                       (mu_product, starting at 1)
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g^2
 * d = sqrt(v / (1 - beta2^t)) + eps
 * p = p - lr (1 - mu_t) / (1 - P) * g / d - lr mu_{t+1} / (1 - P mu_{t+1}) * m / d
 * </pre>
 *
 * Options (defaults): {@code lr} 2e-3, {@code beta1} 0.9, {@code beta2} 0.999, {@code eps} 1e-8,
 * {@code weightDecay} 0, {@code momentumDecay} 4e-3, {@code decoupledWeightDecay} 0. State:
 * {@code exp_avg}, {@code exp_avg_sq}, {@code mu_product} (a zero-dim tensor, as in PyTorch).
 */
public class NAdam extends Optimizer {

    /** NAdam with learning rate 2e-3. */
    public NAdam(Iterable<? extends Tensor> params) {
        this(params, 2e-3);
    }

    public NAdam(Iterable<? extends Tensor> params, double lr) {
        this(single(params), lr);
    }

    public NAdam(List<ParamGroup> groups, double lr) {
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
        d.put("momentumDecay", 4e-3);
        d.put("decoupledWeightDecay", 0.0);
        return d;
    }

    /** Sets the default moment decay rates; returns {@code this}. */
    public NAdam betas(double beta1, double beta2) {
        setDefault("beta1", beta1);
        setDefault("beta2", beta2);
        return this;
    }

    public NAdam eps(double eps) { setDefault("eps", eps); return this; }

    public NAdam weightDecay(double weightDecay) { setDefault("weightDecay", weightDecay); return this; }

    /** Maximizes the objective instead (steps along the gradient) by default; returns {@code this}. */
    public NAdam maximize(boolean maximize) { setDefault("maximize", maximize ? 1 : 0); return this; }

    /** Sets the default {@code psi} of the momentum schedule; returns {@code this}. */
    public NAdam momentumDecay(double momentumDecay) { setDefault("momentumDecay", momentumDecay); return this; }

    /** Decays the weights directly, as AdamW, instead of adding an L2 term; returns {@code this}. */
    public NAdam decoupledWeightDecay(boolean on) { setDefault("decoupledWeightDecay", on ? 1 : 0); return this; }

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
        double psi = group.get("momentumDecay");
        long t = state.step();
        Tensor g = decayWeights(param, grad, group);
        double mu = beta1 * (1 - 0.5 * Math.pow(0.96, t * psi));
        double muNext = beta1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * psi));
        Tensor product = state.get("mu_product");
        double muProduct = (product == null ? 1 : product.item()) * mu;
        state.put("mu_product", param.newFull(muProduct));
        Tensor m = state.getOrFill("exp_avg", param, 0).mul(beta1).add(g.mul(1 - beta1));
        Tensor v = state.getOrFill("exp_avg_sq", param, 0).mul(beta2).add(g.mul(g).mul(1 - beta2));
        state.put("exp_avg", m);
        state.put("exp_avg_sq", v);
        Tensor denom = v.div(1 - Math.pow(beta2, t)).sqrt().add(group.get("eps"));
        Tensor step = g.mul(lr * (1 - mu) / (1 - muProduct)).add(m.mul(lr * muNext / (1 - muProduct * muNext)));
        param.assign(param.sub(step.div(denom)));
    }
}
