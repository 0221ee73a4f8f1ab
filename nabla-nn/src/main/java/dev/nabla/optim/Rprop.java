package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resilient backpropagation (Riedmiller and Braun 1993), as {@code torch.optim.Rprop}: each
 * weight has its own step size, grown by {@code etaPlus} while its gradient keeps its sign and
 * shrunk by {@code etaMinus} when the sign flips (that step then moves nothing); only the sign of
 * the gradient is used. For each parameter {@code p} with gradient {@code g}:
 *
 * <pre>
 * f = g * g_prev > 0 ? etaPlus : g * g_prev < 0 ? etaMinus : 1
 * s = clamp(s * f, stepSizeMin, stepSizeMax)      (s starts at lr)
 * g = f == etaMinus ? 0 : g
 * p = p - sign(g) * s;  g_prev = g
 * </pre>
 *
 * Options (defaults): {@code lr} 1e-2, {@code etaMinus} 0.5, {@code etaPlus} 1.2,
 * {@code stepSizeMin} 1e-6, {@code stepSizeMax} 50. State: {@code prev}, {@code step_size}.
 */
public class Rprop extends Optimizer {

    /** Rprop with learning rate (initial step size) 1e-2. */
    public Rprop(Iterable<? extends Tensor> params) {
        this(params, 1e-2);
    }

    public Rprop(Iterable<? extends Tensor> params, double lr) {
        this(single(params), lr);
    }

    public Rprop(List<ParamGroup> groups, double lr) {
        super(groups, defaults(lr));
    }

    private static Map<String, Double> defaults(double lr) {
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("etaMinus", 0.5);
        d.put("etaPlus", 1.2);
        d.put("stepSizeMin", 1e-6);
        d.put("stepSizeMax", 50.0);
        d.put("maximize", 0.0);
        return d;
    }

    /** Sets the default shrink and growth factors ({@code 0 < etaMinus < 1 < etaPlus}); returns {@code this}. */
    public Rprop etas(double etaMinus, double etaPlus) {
        setDefault("etaMinus", etaMinus);
        setDefault("etaPlus", etaPlus);
        return this;
    }

    /** Sets the default bounds of the step sizes; returns {@code this}. */
    public Rprop stepSizes(double min, double max) {
        setDefault("stepSizeMin", min);
        setDefault("stepSizeMax", max);
        return this;
    }

    /** Maximizes the objective instead (steps along the gradient) by default; returns {@code this}. */
    public Rprop maximize(boolean maximize) { setDefault("maximize", maximize ? 1 : 0); return this; }

    @Override
    protected void checkOptions(ParamGroup group) {
        super.checkOptions(group);
        double minus = group.get("etaMinus");
        double plus = group.get("etaPlus");
        if (!(0 < minus && minus < 1 && 1 < plus)) {
            throw new IllegalArgumentException("Rprop: expected 0 < etaMinus < 1 < etaPlus, got " + minus + " and " + plus);
        }
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamState state, ParamGroup group) {
        double minus = group.get("etaMinus");
        Tensor prev = state.getOrFill("prev", param, 0);
        Tensor stepSize = state.getOrFill("step_size", param, group.lr());
        Tensor agreement = grad.mul(prev);
        Tensor factor = Tensor.where(agreement.gt(0), Tensor.fullLike(grad, group.get("etaPlus")),
                Tensor.where(agreement.lt(0), Tensor.fullLike(grad, minus), Tensor.onesLike(grad)));
        stepSize = stepSize.mul(factor).clamp(group.get("stepSizeMin"), group.get("stepSizeMax"));
        Tensor g = Tensor.where(factor.eq(minus), Tensor.zerosLike(grad), grad);
        state.put("step_size", stepSize);
        state.put("prev", g);
        param.assign(param.sub(g.sign().mul(stepSize)));
    }
}
