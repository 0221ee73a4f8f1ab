package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LBFGS on the Rosenbrock function from (-1.5, 2), in float64 on the reference backend, against
 * values from a float64 port of PyTorch's {@code torch/optim/lbfgs.py} (loss returned by each
 * step, parameters, and the {@code func_evals} and {@code n_iter} counters after each step).
 */
class LBFGSTest {
    private Backend previous;

    @BeforeEach
    void useReferenceBackend() {
        previous = Backends.getDefault();
        Backends.setDefault(Backends.REF);
    }

    @AfterEach
    void restoreBackend() {
        Backends.setDefault(previous);
    }

    /** {@code (1 - x0)^2 + 100 (x1 - x0^2)^2}, with gradients cleared and computed by the closure. */
    private static Supplier<Tensor> rosenbrock(Optimizer opt, Tensor x) {
        return () -> {
            opt.zeroGrad();
            Tensor a = x.select(0, 0);
            Tensor b = x.select(0, 1);
            Tensor f = a.rsub(1).pow(2).add(b.sub(a.mul(a)).pow(2).mul(100));
            f.backward();
            return f;
        };
    }

    // step, loss returned, x0, x1, func_evals, n_iter (PyTorch formulas, float64)
    private static final double[][] FIXED_STEP = {
        {1, 12.5, -1.4227043154090573, 2.0240328727856287, 5, 5},
        {2, 5.869496499070171, -1.4193548584846347, 2.0199390269096718, 10, 10},
        {3, 5.8561624940777985, -1.3897658922850207, 1.9497342161596316, 15, 15},
        {4, 5.744415072217572, -1.1670668619510025, 1.3783793217014682, 20, 20}};
    private static final double[][] STRONG_WOLFE = {
        {1, 12.5, -1.4190151739012853, 2.015228881713949, 6, 4},
        {2, 5.851898414902332, -1.1382996644053178, 1.2446282267668656, 12, 9},
        {3, 4.833424985249207, -0.5680025987908497, 0.32333590780767996, 18, 13},
        {4, 2.458682411615523, -0.09026694460313245, 0.03233111088091145, 24, 17}};

    private static void assertSteps(LBFGS opt, Tensor x, double[][] expected, int from) {
        Supplier<Tensor> closure = rosenbrock(opt, x);
        for (int i = from; i < expected.length; i++) {
            double[] e = expected[i];
            assertEquals(e[1], opt.step(closure).item(), 1e-9 * Math.abs(e[1]), "loss of step " + e[0]);
            assertArrayEquals(new double[] {e[2], e[3]}, x.toDoubleArray(), 1e-9, "x after step " + e[0]);
            ParamState s = opt.state(x);
            assertEquals(e[4], s.get("func_evals").item(), "func_evals after step " + e[0]);
            assertEquals((long) e[5], s.step(), "n_iter after step " + e[0]);
        }
    }

    @Test
    void fixedStepsFollowPyTorch() {
        Tensor x = Tensor.of(new double[] {-1.5, 2}).requiresGrad(true);
        LBFGS opt = new LBFGS(List.of(x), 0.1).maxIter(5).historySize(3);
        assertEquals(6, opt.paramGroups().get(0).get("maxEval"), "maxEval = maxIter * 5 / 4");
        assertSteps(opt, x, FIXED_STEP, 0);
    }

    @Test
    void strongWolfeLineSearchFollowsPyTorch() {
        Tensor x = Tensor.of(new double[] {-1.5, 2}).requiresGrad(true);
        LBFGS opt = new LBFGS(List.of(x)).maxIter(5).historySize(3).lineSearchFn("strong_wolfe");
        assertSteps(opt, x, STRONG_WOLFE, 0);
    }

    @Test
    void restoredStateContinuesTheSameTrajectory() {
        Tensor x = Tensor.of(new double[] {-1.5, 2}).requiresGrad(true);
        LBFGS opt = new LBFGS(List.of(x)).maxIter(5).historySize(3).lineSearchFn("strong_wolfe");
        Supplier<Tensor> closure = rosenbrock(opt, x);
        opt.step(closure);
        opt.step(closure);
        OptimizerState saved = opt.stateDict();
        assertEquals(List.of(3L, 2L), List.of((long) saved.buffers().get(0).get("old_dirs").size(0),
                (long) saved.buffers().get(0).get("old_dirs").size(1)), "history of 3 pairs kept");
        Tensor y = Tensor.of(x.toDoubleArray()).requiresGrad(true);
        LBFGS resumed = new LBFGS(List.of(y), 0.5);
        resumed.loadStateDict(saved);
        assertSteps(resumed, y, STRONG_WOLFE, 2);
    }

    @Test
    void minimizesAQuadraticInOneStep() {
        double[][] a = {{3, 0.5, 0}, {0.5, 2, 0.3}, {0, 0.3, 1}};
        double[] b = {1, -2, 0.5};
        Tensor x = Tensor.of(new double[] {2, -1, 3}).requiresGrad(true);
        LBFGS opt = new LBFGS(List.of(x)).lineSearchFn("strong_wolfe");
        opt.step(() -> {
            opt.zeroGrad();
            Tensor f = x.dot(Tensor.of(a).matmul(x)).mul(0.5).sub(x.dot(Tensor.of(b)));
            f.backward();
            return f;
        });
        // A x = b
        double[] v = x.toDoubleArray();
        for (int i = 0; i < 3; i++) {
            double r = -b[i];
            for (int j = 0; j < 3; j++) {
                r += a[i][j] * v[j];
            }
            assertEquals(0, r, 1e-4, "residual " + i);
        }
    }

    @Test
    void weightDecayAddsAnL2Term() {
        // f = 0.5 (x - 3)^2 with weight decay 1 has its minimum where (x - 3) + x = 0
        Tensor x = Tensor.of(new double[] {0}).requiresGrad(true);
        LBFGS opt = new LBFGS(List.of(x)).lineSearchFn("strong_wolfe").weightDecay(1);
        opt.step(() -> {
            opt.zeroGrad();
            Tensor f = x.sub(3).pow(2).mul(0.5).sum();
            f.backward();
            return f;
        });
        assertEquals(1.5, x.item(), 1e-7);
    }

    @Test
    void misuseIsRefused() {
        Tensor x = Tensor.of(new double[] {1}).requiresGrad(true);
        LBFGS opt = new LBFGS(List.of(x));
        assertThrows(IllegalStateException.class, opt::step);
        assertThrows(IllegalArgumentException.class, () -> opt.lineSearchFn("backtracking"));
        assertThrows(IllegalArgumentException.class,
                () -> opt.addParamGroup(new ParamGroup(List.of(Tensor.of(new double[] {1}).requiresGrad(true)))));
        assertThrows(IllegalArgumentException.class, () -> opt.historySize(0));
    }
}
