package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Limited-memory BFGS (Nocedal 1980; the minFunc variant), as {@code torch.optim.LBFGS}. Each
 * {@link #step(Supplier)} runs up to {@code maxIter} iterations, re-evaluating the closure:
 * the direction {@code d = -H g} comes from the two-loop recursion over the last
 * {@code historySize} pairs {@code s = x_{k+1} - x_k}, {@code y = g_{k+1} - g_k} (a pair is kept
 * only when {@code y's > 1e-10}) with {@code H0 = y's / y'y}; the step length is {@code lr} (on the
 * very first iteration {@code min(1, 1 / |g|_1) * lr}), or found by the {@link StrongWolfe} line
 * search. It stops when {@code max|g| <= toleranceGrad}, when {@code g'd > -toleranceChange}, when
 * {@code max|t d| <= toleranceChange}, when the loss changes by less than
 * {@code toleranceChange}, or after {@code maxEval} closure evaluations.
 *
 * <p>All parameters are one flat vector: LBFGS takes a single parameter group. Options
 * (defaults): {@code lr} 1, {@code maxIter} 20, {@code maxEval} {@code maxIter * 5 / 4},
 * {@code toleranceGrad} 1e-7, {@code toleranceChange} 1e-9, {@code historySize} 100,
 * {@code strongWolfe} 0 (PyTorch's {@code line_search_fn}), {@code weightDecay} 0 (an L2 term
 * {@code weightDecay * p} added to every gradient the closure yields; PyTorch's LBFGS has none).
 *
 * <p>State (held by the first parameter, as in PyTorch; its step count is {@code n_iter}):
 * {@code d}, {@code prev_flat_grad}, {@code old_dirs} and {@code old_stps} ({@code [k, n]}, the
 * {@code y} and {@code s} pairs), {@code ro} ({@code [k]}) and zero-dim {@code t},
 * {@code H_diag}, {@code prev_loss}, {@code func_evals}.
 */
public class LBFGS extends Optimizer {
    private boolean maxEvalSet;

    /** LBFGS with learning rate 1. */
    public LBFGS(Iterable<? extends Tensor> params) {
        this(params, 1);
    }

    public LBFGS(Iterable<? extends Tensor> params, double lr) {
        super(single(params), defaults(lr));
    }

    private static Map<String, Double> defaults(double lr) {
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("maxIter", 20.0);
        d.put("maxEval", 25.0);
        d.put("toleranceGrad", 1e-7);
        d.put("toleranceChange", 1e-9);
        d.put("historySize", 100.0);
        d.put("strongWolfe", 0.0);
        d.put("weightDecay", 0.0);
        return d;
    }

    /** Sets the iterations per step (and, unless set, {@code maxEval} to {@code maxIter * 5 / 4}). */
    public LBFGS maxIter(int maxIter) {
        setDefault("maxIter", maxIter);
        if (!maxEvalSet) {
            setDefault("maxEval", maxIter * 5 / 4);
        }
        return this;
    }

    /** Sets the closure evaluations allowed per step; returns {@code this}. */
    public LBFGS maxEval(int maxEval) {
        setDefault("maxEval", maxEval);
        maxEvalSet = true;
        return this;
    }

    public LBFGS toleranceGrad(double tolerance) { setDefault("toleranceGrad", tolerance); return this; }

    public LBFGS toleranceChange(double tolerance) { setDefault("toleranceChange", tolerance); return this; }

    /** Sets the number of {@code (s, y)} pairs kept; returns {@code this}. */
    public LBFGS historySize(int historySize) { setDefault("historySize", historySize); return this; }

    public LBFGS weightDecay(double weightDecay) { setDefault("weightDecay", weightDecay); return this; }

    /** {@code "strong_wolfe"} for the line search, or null for fixed steps of {@code lr}, as PyTorch's {@code line_search_fn}. */
    public LBFGS lineSearchFn(String name) {
        if (name != null && !name.equals("strong_wolfe")) {
            throw new IllegalArgumentException("LBFGS: only 'strong_wolfe' is supported as line_search_fn, got '"
                    + name + "'");
        }
        setDefault("strongWolfe", name == null ? 0 : 1);
        return this;
    }

    /** LBFGS keeps one flat vector of all parameters: a second group is refused, as in PyTorch. */
    @Override
    public void addParamGroup(ParamGroup group) {
        if (!paramGroups().isEmpty()) {
            throw new IllegalArgumentException("LBFGS doesn't support per-parameter options (parameter groups)");
        }
        super.addParamGroup(group);
    }

    @Override
    protected void checkOptions(ParamGroup group) {
        super.checkOptions(group);
        if (group.get("historySize") < 1 || group.get("maxIter") < 1) {
            throw new IllegalArgumentException("LBFGS: historySize and maxIter must be at least 1");
        }
    }

    /** LBFGS re-evaluates the loss: call {@link #step(Supplier)}. */
    @Override
    public void step() {
        throw new IllegalStateException("LBFGS: step() needs a closure that recomputes the loss: call step(closure)");
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamState state, ParamGroup group) {
        throw new UnsupportedOperationException("LBFGS updates all parameters at once in step(closure)");
    }

    /**
     * Runs up to {@code maxIter} iterations; {@code closure} clears the gradients, computes the
     * loss, calls {@code backward} and returns the loss. Returns the loss of the first evaluation.
     */
    @Override
    public Tensor step(Supplier<Tensor> closure) {
        ParamGroup group = paramGroups().get(0);
        List<Tensor> params = group.params();
        LbfgsState st = LbfgsState.read(stateFor(params.get(0)));
        Tensor origLoss = closure.get();
        double loss = origLoss.item();
        int currentEvals = 1;
        st.funcEvals++;
        Tensor flatGrad = flatGrad(params, group);
        double tolGrad = group.get("toleranceGrad");
        double tolChange = group.get("toleranceChange");
        if (flatGrad.abs().max().item() <= tolGrad) {
            st.write(stateFor(params.get(0)));
            return origLoss;
        }
        int maxIter = (int) group.get("maxIter");
        for (int nIter = 1; nIter <= maxIter; nIter++) {
            st.nIter++;
            if (st.nIter == 1) {
                st.d = flatGrad.neg();
                st.history.clear();
                st.hDiag = 1;
            } else {
                st.remember(flatGrad.sub(st.prevFlatGrad), st.d.mul(st.t), (int) group.get("historySize"));
                st.d = st.direction(flatGrad);
            }
            st.prevFlatGrad = flatGrad.clone();
            st.prevLoss = loss;
            st.t = st.nIter == 1 ? Math.min(1, 1 / flatGrad.abs().sum().item()) * group.lr() : group.lr();
            double gtd = flatGrad.dot(st.d).item();
            if (gtd > -tolChange) {
                break;
            }
            int lsEvals = 0;
            boolean optimal = false;
            if (group.flag("strongWolfe")) {
                List<Tensor> start = new ArrayList<>();
                params.forEach(p -> start.add(p.detach().clone()));
                Tensor d = st.d;
                StrongWolfe.Result r = StrongWolfe.search(t -> evaluateAt(closure, params, group, start, t, d),
                        st.t, d, loss, flatGrad, gtd, tolChange);
                loss = r.f();
                flatGrad = r.g();
                st.t = r.t();
                lsEvals = r.evals();
                addToParams(params, st.t, st.d);
                optimal = flatGrad.abs().max().item() <= tolGrad;
            } else {
                addToParams(params, st.t, st.d);
                if (nIter != maxIter) {
                    loss = closure.get().item();
                    flatGrad = flatGrad(params, group);
                    optimal = flatGrad.abs().max().item() <= tolGrad;
                    lsEvals = 1;
                }
            }
            currentEvals += lsEvals;
            st.funcEvals += lsEvals;
            if (nIter == maxIter || currentEvals >= group.get("maxEval") || optimal
                    || st.d.mul(st.t).abs().max().item() <= tolChange || Math.abs(loss - st.prevLoss) < tolChange) {
                break;
            }
        }
        st.write(stateFor(params.get(0)));
        return origLoss;
    }

    /** The loss and flat gradient at {@code start + t d}; the parameters are put back to {@code start}. */
    private static StrongWolfe.Eval evaluateAt(Supplier<Tensor> closure, List<Tensor> params, ParamGroup group,
            List<Tensor> start, double t, Tensor d) {
        addToParams(params, t, d);
        double f = closure.get().item();
        Tensor g = flatGrad(params, group);
        try (var ng = Tensor.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                params.get(i).assign(start.get(i));
            }
        }
        return new StrongWolfe.Eval(f, g);
    }

    /** All gradients (zeros where absent, plus the L2 term) as one vector. */
    private static Tensor flatGrad(List<Tensor> params, ParamGroup group) {
        double weightDecay = group.get("weightDecay");
        List<Tensor> parts = new ArrayList<>();
        try (var ng = Tensor.noGrad()) {
            for (Tensor p : params) {
                Tensor g = p.grad() == null ? Tensor.zerosLike(p) : p.grad().to(p.dtype());
                parts.add((weightDecay != 0 ? g.add(p.mul(weightDecay)) : g).reshape(-1));
            }
            return Tensor.concat(parts, 0);
        }
    }

    /** {@code p = p + t d}, with the flat {@code d} cut into the parameters' shapes. */
    private static void addToParams(List<Tensor> params, double t, Tensor d) {
        try (var ng = Tensor.noGrad()) {
            int offset = 0;
            for (Tensor p : params) {
                int n = p.numel();
                p.assign(p.add(d.narrow(0, offset, n).reshape(p.shape()).mul(t)));
                offset += n;
            }
        }
    }
}
