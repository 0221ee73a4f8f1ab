package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The working state of {@link LBFGS} between steps, read from and written back to the first
 * parameter's {@link ParamState} (so that it is saved and restored like any optimizer state):
 * the last direction and step length, the curvature pairs, the previous gradient and loss.
 */
final class LbfgsState {
    /** One curvature pair {@code y = g' - g}, {@code s = x' - x}, with {@code ro = 1 / y's}. */
    record Pair(Tensor y, Tensor s, double ro) {
    }

    long nIter;
    double funcEvals;
    Tensor d;
    double t;
    double hDiag = 1;
    Tensor prevFlatGrad;
    double prevLoss;
    final List<Pair> history = new ArrayList<>();

    static LbfgsState read(ParamState s) {
        LbfgsState st = new LbfgsState();
        st.nIter = s.step();
        st.funcEvals = scalar(s, "func_evals", 0);
        st.d = s.get("d");
        st.t = scalar(s, "t", 0);
        st.hDiag = scalar(s, "H_diag", 1);
        st.prevFlatGrad = s.get("prev_flat_grad");
        st.prevLoss = scalar(s, "prev_loss", 0);
        Tensor ro = s.get("ro");
        if (ro != null) {
            double[] r = ro.toDoubleArray();
            for (int i = 0; i < r.length; i++) {
                st.history.add(new Pair(s.get("old_dirs").select(0, i), s.get("old_stps").select(0, i), r[i]));
            }
        }
        return st;
    }

    void write(ParamState s) {
        s.setStep(nIter);
        if (d == null) {
            putScalar(s, "func_evals", funcEvals);
            return;
        }
        s.put("d", d);
        s.put("prev_flat_grad", prevFlatGrad);
        putScalar(s, "func_evals", funcEvals);
        putScalar(s, "t", t);
        putScalar(s, "H_diag", hDiag);
        putScalar(s, "prev_loss", prevLoss);
        if (history.isEmpty()) {
            s.buffers().remove("old_dirs");
            s.buffers().remove("old_stps");
            s.buffers().remove("ro");
            return;
        }
        s.put("old_dirs", Tensor.stack(history.stream().map(Pair::y).toList(), 0));
        s.put("old_stps", Tensor.stack(history.stream().map(Pair::s).toList(), 0));
        double[] ro = history.stream().mapToDouble(Pair::ro).toArray();
        s.put("ro", Tensor.of(ro, ro.length).to(d.backend()).to(d.dtype()));
    }

    /** Keeps the pair {@code (y, s)} if {@code y's > 1e-10}, dropping the oldest beyond {@code historySize}. */
    void remember(Tensor y, Tensor s, int historySize) {
        double ys = y.dot(s).item();
        if (ys > 1e-10) {
            while (history.size() >= historySize) {
                history.remove(0);
            }
            history.add(new Pair(y, s, 1 / ys));
            hDiag = ys / y.dot(y).item();
        }
    }

    /** The two-loop recursion: {@code -H g} for the inverse Hessian estimate of the pairs kept. */
    Tensor direction(Tensor g) {
        double[] al = new double[history.size()];
        Tensor q = g.neg();
        for (int i = history.size() - 1; i >= 0; i--) {
            Pair p = history.get(i);
            al[i] = p.s().dot(q).item() * p.ro();
            q = q.sub(p.y().mul(al[i]));
        }
        Tensor r = q.mul(hDiag);
        for (int i = 0; i < history.size(); i++) {
            Pair p = history.get(i);
            double be = p.y().dot(r).item() * p.ro();
            r = r.add(p.s().mul(al[i] - be));
        }
        return r;
    }

    private static double scalar(ParamState s, String name, double absent) {
        Tensor t = s.get(name);
        return t == null ? absent : t.item();
    }

    private void putScalar(ParamState s, String name, double v) {
        Tensor like = s.get("d") != null ? s.get("d") : prevFlatGrad;
        Tensor t = Tensor.scalar(v);
        s.put(name, like == null ? t : t.to(like.backend()).to(like.dtype()));
    }
}
