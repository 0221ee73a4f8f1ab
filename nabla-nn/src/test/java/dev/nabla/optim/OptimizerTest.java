package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.Tanh;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the Optimizer base does: groups, skipping, state save and restore; and gradient clipping. */
class OptimizerTest {

    private static Tensor param(double... v) {
        return Tensor.of(v).requiresGrad(true);
    }

    private static void setGrad(Tensor p, double... g) {
        p.setGrad(Tensor.of(g));
    }

    @Test
    void paramGroupsUseTheirOwnOptions() {
        Tensor a = param(1, 1);
        Tensor b = param(1, 1);
        SGD opt = new SGD(List.of(new ParamGroup(List.of(a)), new ParamGroup(List.of(b), Map.of("lr", 0.5))), 0.1);
        setGrad(a, 1, 2);
        setGrad(b, 1, 2);
        opt.step();
        assertArrayEquals(new double[] {0.9, 0.8}, a.toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.0}, b.toDoubleArray(), 1e-12);
        opt.momentum(0.9);
        assertEquals(0.9, opt.paramGroups().get(1).get("momentum"), "defaults apply to groups that do not set them");
        assertEquals(0.5, opt.paramGroups().get(1).lr());
        opt.paramGroups().get(0).setLr(0.01);
        assertEquals(0.01, opt.paramGroups().get(0).lr());
    }

    @Test
    void badGroupsAndOptionsAreRejected() {
        Tensor a = param(1);
        assertThrows(IllegalArgumentException.class,
                () -> new SGD(List.of(new ParamGroup(List.of(a), Map.of("betas", 0.9))), 0.1), "unknown option");
        assertThrows(IllegalArgumentException.class,
                () -> new SGD(List.of(new ParamGroup(List.of(a)), new ParamGroup(List.of(a))), 0.1), "duplicate");
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(a), -1));
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(a), 0.1).nesterov(true).step(),
                "needs momentum");
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(a)).betas(1.0, 0.9));
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(a.mul(2)), 0.1), "non-leaf");
    }

    /** Options fit together when the step runs, so the setters can be chained in any order. */
    @Test
    void optionSettersCommuteAndTheCombinationIsCheckedAtTheStep() {
        Tensor a = param(1, -2);
        Tensor b = param(1, -2);
        SGD first = new SGD(List.of(a), 0.1).nesterov(true).momentum(0.9);
        SGD second = new SGD(List.of(b), 0.1).momentum(0.9).nesterov(true);
        for (int i = 0; i < 2; i++) {
            setGrad(a, 1, 2);
            setGrad(b, 1, 2);
            first.step();
            second.step();
        }
        // Nesterov with momentum 0.9: step 1 moves by lr * (g + 0.9 g) = 0.19 g, step 2 by lr * (g + 0.9 * 1.9 g) = 0.271 g
        assertArrayEquals(new double[] {1 - 0.461, -2 - 0.922}, a.toDoubleArray(), 1e-6);
        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 0);
        SGD bad = new SGD(List.of(param(1)), 0.1).nesterov(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::step);
        assertTrue(e.getMessage().contains("Nesterov"), e.getMessage());
    }

    @Test
    void parametersWithoutGradientsAreLeftAlone() {
        Tensor a = param(1);
        Tensor b = param(1);
        Adam opt = new Adam(List.of(a, b), 0.1);
        setGrad(a, 1);
        opt.step();
        assertEquals(1.0, b.item());
        assertNull(opt.state(b));
        assertEquals(1, opt.state(a).step());
        opt.zeroGrad();
        assertNull(a.grad());
    }

    @Test
    void stateSaveAndRestoreContinuesTheSameTrajectory() {
        Sequential model = new Sequential(new Linear(3, 4, true, new Generator(1)), new Tanh(), new Linear(4, 1, true, new Generator(2)));
        Tensor x = Tensor.randn(new Generator(3), 8, 3);
        Tensor y = Tensor.randn(new Generator(4), 8, 1);
        Adam opt = new Adam(model.parameters(), 0.01).amsgrad(true);
        for (int i = 0; i < 5; i++) {
            trainStep(model, opt, x, y);
        }
        Map<String, Tensor> weights = new java.util.LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> weights.put(k, v.clone()));
        OptimizerState saved = opt.stateDict();

        Sequential copy = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 1));
        copy.loadStateDict(weights);
        Adam resumed = new Adam(copy.parameters(), 0.5);
        resumed.loadStateDict(saved);
        assertEquals(0.01, resumed.paramGroups().get(0).lr(), "options restored");
        for (int i = 0; i < 5; i++) {
            trainStep(model, opt, x, y);
            trainStep(copy, resumed, x, y);
        }
        model.stateDict().forEach((k, v) -> assertTrue(v.allClose(copy.stateDict().get(k), 0, 0), k));
        assertEquals(10, resumed.state(copy.parameters().get(0)).step());
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(param(1)), 0.1).loadStateDict(saved));
        // another optimizer's state is refused before anything changes: SGD keeps its lr and its state
        SGD sgd = new SGD(copy.parameters(), 0.5);
        trainStep(copy, sgd, x, y);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(saved));
        assertTrue(e.getMessage().startsWith("loaded state dict has option '") && e.getMessage().endsWith(
                "which SGD does not have (expected one of [lr, momentum, dampening, weightDecay, maximize, nesterov]); was it"
                + " saved from another optimizer?"), e.getMessage());
        assertEquals(0.5, sgd.paramGroups().get(0).lr());
    }

    @Test
    void nadamStateIncludingTheMomentumProductIsRestored() {
        Sequential model = new Sequential(new Linear(3, 4, true, new Generator(1)), new Tanh(), new Linear(4, 1, true, new Generator(2)));
        Tensor x = Tensor.randn(new Generator(3), 8, 3);
        Tensor y = Tensor.randn(new Generator(4), 8, 1);
        NAdam opt = new NAdam(model.parameters(), 0.01).momentumDecay(0.05);
        for (int i = 0; i < 5; i++) {
            trainStep(model, opt, x, y);
        }
        OptimizerState saved = opt.stateDict();
        double mu1 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.05));
        double product = 1;
        for (int t = 1; t <= 5; t++) {
            product *= 0.9 * (1 - 0.5 * Math.pow(0.96, t * 0.05));
        }
        assertEquals(product, saved.buffers().get(0).get("mu_product").item(), 1e-6 * mu1);
        Map<String, Tensor> weights = new java.util.LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> weights.put(k, v.clone()));
        Sequential copy = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 1));
        copy.loadStateDict(weights);
        NAdam resumed = new NAdam(copy.parameters());
        resumed.loadStateDict(saved);
        for (int i = 0; i < 5; i++) {
            trainStep(model, opt, x, y);
            trainStep(copy, resumed, x, y);
        }
        model.stateDict().forEach((k, v) -> assertTrue(v.allClose(copy.stateDict().get(k), 0, 0), k));
    }

    @Test
    void stateDictIsASnapshot() {
        Tensor a = param(1, 2);
        SGD opt = new SGD(List.of(a), 0.1).momentum(0.9);
        setGrad(a, 1, 1);
        opt.step();
        OptimizerState saved = opt.stateDict();
        opt.step();
        assertArrayEquals(new double[] {1, 1}, saved.buffers().get(0).get("momentum_buffer").toDoubleArray());
        assertEquals(1L, saved.steps().get(0));
    }

    private static void trainStep(Sequential model, Optimizer opt, Tensor x, Tensor y) {
        opt.zeroGrad();
        Tensor d = model.forward(x).sub(y);
        d.mul(d).mean().backward();
        opt.step();
    }

    @Test
    void clipGradNormScalesAllGradientsTogether() {
        Tensor a = param(0, 0);
        Tensor b = param(0);
        Tensor c = param(0);
        setGrad(a, 3, 4);
        setGrad(b, 12);
        double total = ClipGrad.clipGradNorm(List.of(a, b, c), 6.5);
        assertEquals(13, total, 1e-12);
        double coef = 6.5 / (13 + 1e-6);
        assertArrayEquals(new double[] {3 * coef, 4 * coef}, a.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {12 * coef}, b.grad().toDoubleArray(), 1e-12);
        assertEquals(13, ClipGrad.clipGradNorm(List.of(a, b), 100) / coef, 1e-9, "no change below the limit");
        assertArrayEquals(new double[] {12 * coef}, b.grad().toDoubleArray(), 1e-12);
        setGrad(a, 3, -4);
        setGrad(b, 1);
        assertEquals(4, ClipGrad.clipGradNorm(List.of(a, b), 2, Double.POSITIVE_INFINITY), 1e-12);
        assertArrayEquals(new double[] {1.5, -2}, a.grad().toDoubleArray(), 1e-6);
        setGrad(a, 3, -4);
        setGrad(b, 1);
        assertEquals(8, ClipGrad.clipGradNorm(List.of(a, b), 100, 1), 1e-12);
    }

    @Test
    void maximizeStepsOnTheNegatedGradient() {
        List<java.util.function.Function<Tensor, Optimizer>> optimizers = List.of(
                p -> new SGD(List.of(p), 0.1).momentum(0.9), p -> new Adam(List.of(p), 0.1).weightDecay(0.1),
                p -> new AdamW(List.of(p), 0.1), p -> new RMSprop(List.of(p), 0.1).centered(true),
                p -> new Adagrad(List.of(p), 0.1), p -> new Adadelta(List.of(p)), p -> new Adamax(List.of(p)),
                p -> new NAdam(List.of(p)), p -> new RAdam(List.of(p)));
        for (var make : optimizers) {
            Tensor a = param(1, -2);
            Tensor b = param(1, -2);
            Optimizer descend = make.apply(a);
            Optimizer ascend = make.apply(b);
            ascend.paramGroups().get(0).set("maximize", 1);
            for (int t = 0; t < 5; t++) {
                double g0 = 0.3 * t - 0.5;
                double g1 = 1.0 / (t + 1);
                setGrad(a, -g0, -g1);
                setGrad(b, g0, g1);
                descend.step();
                ascend.step();
            }
            assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 1e-12, descend.getClass().getSimpleName());
        }
        Tensor p = param(1);
        setGrad(p, 2);
        new SGD(List.of(p), 0.1).maximize(true).step();
        assertArrayEquals(new double[] {1.2}, p.toDoubleArray(), 1e-12, "p + lr * grad");
    }

    @Test
    void zeroGradCanKeepZeroGradients() {
        Tensor a = param(1);
        Tensor b = param(1);
        SGD opt = new SGD(List.of(a), 0.1).momentum(0.9);
        SGD other = new SGD(List.of(b), 0.1).momentum(0.9);
        setGrad(a, 1);
        setGrad(b, 1);
        opt.step();
        other.step();
        opt.zeroGrad(false);
        other.zeroGrad(true);
        assertArrayEquals(new double[] {0}, a.grad().toDoubleArray(), "filled with zeros");
        assertNull(b.grad());
        opt.step();
        other.step();
        assertArrayEquals(new double[] {0.9 - 0.09}, a.toDoubleArray(), 1e-12, "the momentum still moves it");
        assertArrayEquals(new double[] {0.9}, b.toDoubleArray(), 1e-12, "no gradient, no step");
    }

    @Test
    void clipGradNormSpreadsANonFiniteNormAsPyTorchDoes() {
        Tensor a = param(0, 0);
        Tensor b = param(0, 0);
        setGrad(a, Double.NaN, 1);
        setGrad(b, 3, 4);
        assertTrue(Double.isNaN(ClipGrad.clipGradNorm(List.of(a, b), 1)));
        assertTrue(Double.isNaN(b.grad().toDoubleArray()[0]), "every gradient is scaled by NaN");
        setGrad(a, Double.POSITIVE_INFINITY, 1);
        setGrad(b, 3, 4);
        assertEquals(Double.POSITIVE_INFINITY, ClipGrad.clipGradNorm(List.of(a, b), 1));
        assertArrayEquals(new double[] {0, 0}, b.grad().toDoubleArray(), "scaled by 0");
        setGrad(a, Double.NaN, 1);
        setGrad(b, 3, 4);
        assertThrows(IllegalArgumentException.class, () -> ClipGrad.clipGradNorm(List.of(a, b), 1, 2, true));
        assertArrayEquals(new double[] {3, 4}, b.grad().toDoubleArray(), "left as they were");
    }

    @Test
    void clipGradValueClampsEachElement() {
        Tensor a = param(0, 0, 0);
        setGrad(a, -3, 0.5, 2);
        ClipGrad.clipGradValue(List.of(a), 1);
        assertArrayEquals(new double[] {-1, 0.5, 1}, a.grad().toDoubleArray());
    }

    @Test
    void float32UpdatesTrackTheFloat64Rule() {
        Tensor x = Tensor.of(new float[] {2, -1, 3}).requiresGrad(true);
        double[][] expected = {{2, -1, 3}};
        Adam opt = new Adam(List.of(x), 0.05);
        ReferenceOptimizers.Rule ref = ReferenceOptimizers.adam(0.05, 0.9, 0.999, 1e-8, 0, false, false);
        for (int i = 0; i < 20; i++) {
            opt.zeroGrad();
            x.mul(x).sum().backward();
            opt.step();
            ref.step(expected, new double[][] {{2 * expected[0][0], 2 * expected[0][1], 2 * expected[0][2]}});
        }
        assertArrayEquals(expected[0], x.toDoubleArray(), 1e-4);
        assertEquals(dev.nabla.backend.DType.FLOAT32, x.dtype());
    }
}
