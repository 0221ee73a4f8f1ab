package dev.nabla.optim;

import dev.nabla.tensor.Tensor;

/**
 * The line search of {@link LBFGS} with {@code lineSearchFn("strong_wolfe")}: PyTorch's
 * {@code _strong_wolfe} (after minFunc; Nocedal and Wright, algorithms 3.5 and 3.6). It brackets
 * a step length {@code t} along the direction {@code d} and zooms in with safeguarded cubic
 * interpolation until the strong Wolfe conditions hold:
 * {@code f(t) <= f(0) + c1 t g(0)'d} and {@code |g(t)'d| <= -c2 g(0)'d}, with {@code c1 = 1e-4},
 * {@code c2 = 0.9}, at most 25 evaluations.
 */
final class StrongWolfe {
    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    private static final int MAX_LS = 25;

    private StrongWolfe() {
    }

    /** The loss and flat gradient at {@code x + t d}. */
    record Eval(double f, Tensor g) {
    }

    /** Evaluates the objective at step length {@code t} (and restores the parameters). */
    interface Objective {
        Eval at(double t);
    }

    /** The accepted step: its loss, flat gradient, length and the number of evaluations made. */
    record Result(double f, Tensor g, double t, int evals) {
    }

    /** One bracket end: step length, loss, gradient and directional derivative. */
    private record Point(double t, double f, Tensor g, double gtd) {
    }

    static Result search(Objective obj, double t, Tensor d, double f, Tensor g, double gtd, double toleranceChange) {
        double dNorm = d.abs().max().item();
        Eval e = obj.at(t);
        int evals = 1;
        Point prev = new Point(0, f, g, gtd);
        Point cur = new Point(t, e.f(), e.g(), e.g().dot(d).item());
        Point[] bracket = null;
        boolean done = false;
        int iter = 0;
        while (iter < MAX_LS) {
            if (cur.f() > f + C1 * cur.t() * gtd || (iter > 1 && cur.f() >= prev.f())) {
                bracket = new Point[] {prev, cur};
                break;
            }
            if (Math.abs(cur.gtd()) <= -C2 * gtd) {
                bracket = new Point[] {cur};
                done = true;
                break;
            }
            if (cur.gtd() >= 0) {
                bracket = new Point[] {prev, cur};
                break;
            }
            double minStep = cur.t() + 0.01 * (cur.t() - prev.t());
            double next = cubicInterpolate(prev.t(), prev.f(), prev.gtd(), cur.t(), cur.f(), cur.gtd(),
                    minStep, cur.t() * 10);
            prev = cur;
            e = obj.at(next);
            evals++;
            cur = new Point(next, e.f(), e.g(), e.g().dot(d).item());
            iter++;
        }
        if (iter == MAX_LS) {
            bracket = new Point[] {new Point(0, f, g, gtd), cur};
        }
        if (bracket.length == 1) {
            return new Result(cur.f(), cur.g(), cur.t(), evals);
        }
        return zoom(obj, bracket, d, dNorm, f, gtd, done, iter, evals, toleranceChange);
    }

    private static Result zoom(Objective obj, Point[] b, Tensor d, double dNorm, double f, double gtd, boolean done,
            int iter, int evals, double toleranceChange) {
        boolean insufficientProgress = false;
        int low = b[0].f() <= b[1].f() ? 0 : 1;
        while (!done && iter < MAX_LS) {
            if (Math.abs(b[1].t() - b[0].t()) * dNorm < toleranceChange) {
                break;
            }
            double lo = Math.min(b[0].t(), b[1].t());
            double hi = Math.max(b[0].t(), b[1].t());
            double t = cubicInterpolate(b[0].t(), b[0].f(), b[0].gtd(), b[1].t(), b[1].f(), b[1].gtd(), lo, hi);
            double eps = 0.1 * (hi - lo);
            if (Math.min(hi - t, t - lo) < eps) {
                // too close to an end: move 10% of the bracket inside after a second such try
                if (insufficientProgress || t >= hi || t <= lo) {
                    t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            Eval e = obj.at(t);
            evals++;
            iter++;
            Point p = new Point(t, e.f(), e.g(), e.g().dot(d).item());
            int high = 1 - low;
            if (p.f() > f + C1 * t * gtd || p.f() >= b[low].f()) {
                b[high] = p;
                low = b[0].f() <= b[1].f() ? 0 : 1;
            } else {
                if (Math.abs(p.gtd()) <= -C2 * gtd) {
                    done = true;
                } else if (p.gtd() * (b[high].t() - b[low].t()) >= 0) {
                    b[high] = b[low];
                }
                b[low] = p;
            }
        }
        return new Result(b[low].f(), b[low].g(), b[low].t(), evals);
    }

    /**
     * The minimizer of the cubic through {@code (x1, f1)} and {@code (x2, f2)} with slopes
     * {@code g1}, {@code g2}, clamped to {@code [lo, hi]}; the middle of it when the cubic has no
     * minimum.
     */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lo,
            double hi) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square < 0) {
            return (lo + hi) / 2;
        }
        double d2 = Math.sqrt(d2Square);
        double min = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
        return Math.min(Math.max(min, lo), hi);
    }
}
