package dev.nabla.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.ParamGroup;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each schedule's sequence of rates against its formula, written out here. */
class SchedulesTest {
    private static final double BASE = 0.1;
    private static final int STEPS = 40;

    private static SGD sgd() {
        return new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), BASE).momentum(0.9);
    }

    static Stream<Arguments> schedules() {
        return Stream.of(
                Arguments.of("StepLR", (Function<Optimizer, LRScheduler>) o -> new StepLR(o, 7, 0.5),
                        (IntToDoubleFunction) t -> BASE * Math.pow(0.5, t / 7)),
                Arguments.of("MultiStepLR", (Function<Optimizer, LRScheduler>) o -> new MultiStepLR(o, new int[] {25, 5, 12}, 0.1),
                        (IntToDoubleFunction) t -> BASE * (t < 5 ? 1 : t < 12 ? 0.1 : t < 25 ? 0.01 : 0.001)),
                Arguments.of("ExponentialLR", (Function<Optimizer, LRScheduler>) o -> new ExponentialLR(o, 0.9),
                        (IntToDoubleFunction) t -> BASE * Math.pow(0.9, t)),
                Arguments.of("CosineAnnealingLR", (Function<Optimizer, LRScheduler>) o -> new CosineAnnealingLR(o, 30, 0.001),
                        (IntToDoubleFunction) t -> 0.001 + (BASE - 0.001) * 0.5 * (1 + Math.cos(Math.PI * t / 30))),
                Arguments.of("LinearLR", (Function<Optimizer, LRScheduler>) o -> new LinearLR(o, 1.0 / 3, 1, 5),
                        (IntToDoubleFunction) t -> BASE * (t >= 5 ? 1 : 1.0 / 3 + (2.0 / 3) * t / 5)),
                Arguments.of("LambdaLR", (Function<Optimizer, LRScheduler>) o -> new LambdaLR(o, t -> 1.0 / (1 + t)),
                        (IntToDoubleFunction) t -> BASE / (1 + t)),
                Arguments.of("LinearWarmup + cosine", (Function<Optimizer, LRScheduler>)
                        o -> new LinearWarmup(new CosineAnnealingLR(o, 30), 10, 0.01),
                        (IntToDoubleFunction) t -> t < 10 ? BASE * (0.01 + 0.99 * t / 10)
                                : BASE * 0.5 * (1 + Math.cos(Math.PI * (t - 10) / 30))),
                Arguments.of("LinearWarmup + step", (Function<Optimizer, LRScheduler>)
                        o -> new LinearWarmup(new StepLR(o, 10, 0.5), 4, 0),
                        (IntToDoubleFunction) t -> t < 4 ? BASE * t / 4.0 : BASE * Math.pow(0.5, (t - 4) / 10)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void ratesFollowTheFormula(String name, Function<Optimizer, LRScheduler> make, IntToDoubleFunction formula) {
        SGD opt = sgd();
        LRScheduler s = make.apply(opt);
        for (int t = 0; t <= STEPS; t++) {
            assertEquals(formula.applyAsDouble(t), opt.paramGroups().get(0).lr(), 1e-12, name + " at step " + t);
            assertEquals(t, s.lastStep());
            s.step();
        }
    }

    @Test
    void everyGroupIsScheduledFromItsOwnBaseRate() {
        SGD opt = new SGD(List.of(new ParamGroup(List.of(Tensor.zeros(1).requiresGrad(true))),
                new ParamGroup(List.of(Tensor.zeros(1).requiresGrad(true)), Map.of("lr", 1.0))), 0.1);
        ExponentialLR s = new ExponentialLR(opt, 0.5);
        s.step();
        s.step();
        assertArrayEquals(new double[] {0.025, 0.25}, s.lastLr(), 1e-15);
        assertArrayEquals(new double[] {0.1, 1.0}, s.baseLrs(), 0);
    }

    /** PyTorch's OneCycleLR formula (cosine, two phases), written independently. */
    private static double oneCycle(int t, double maxLr, int total, double pct, double start, double end) {
        double e1 = pct * total - 1;
        double e2 = total - 1;
        if (t <= e1) {
            double x = t / e1;
            return maxLr + (start - maxLr) / 2 * (Math.cos(Math.PI * x) + 1);
        }
        double x = (t - e1) / (e2 - e1);
        return end + (maxLr - end) / 2 * (Math.cos(Math.PI * x) + 1);
    }

    @Test
    void oneCycleRatesAndMomenta() {
        SGD opt = sgd();
        int total = 30;
        OneCycleLR s = new OneCycleLR(opt, 1.0, total);
        for (int t = 0; t < total; t++) {
            double lr = oneCycle(t, 1.0, total, 0.3, 1.0 / 25, 1.0 / 25 / 1e4);
            assertEquals(lr, opt.paramGroups().get(0).lr(), 1e-12, "lr at " + t);
            double e1 = 0.3 * total - 1;
            double m = t <= e1 ? 0.85 + (0.95 - 0.85) / 2 * (Math.cos(Math.PI * t / e1) + 1)
                    : 0.95 + (0.85 - 0.95) / 2 * (Math.cos(Math.PI * (t - e1) / (total - 1 - e1)) + 1);
            assertEquals(m, opt.paramGroups().get(0).get("momentum"), 1e-12, "momentum at " + t);
            s.step();
        }
        assertEquals(1.0 / 25 / 1e4, oneCycle(total - 1, 1.0, total, 0.3, 1.0 / 25, 1.0 / 25 / 1e4), 1e-15);
        assertThrows(IllegalStateException.class, s::step, "stepping past totalSteps");
        Adam adam = new Adam(List.of(Tensor.zeros(1).requiresGrad(true)));
        new OneCycleLR(adam, 0.01, 10);
        assertEquals(0.95, adam.paramGroups().get(0).get("beta1"), 1e-12, "Adam cycles beta1");
    }

    @Test
    void oneCycleThreePhasesAndLinearAnnealingMatchPyTorch() {
        // PyTorch 1.13: OneCycleLR(SGD(lr=1, momentum=0.9), 1.0, total_steps=10, pct_start=0.3, ...)
        double[][] cases = {
            {0.04, 0.52, 1.0, 0.52, 0.04, 0.0320008, 0.0240016, 0.0160024, 0.0080032, 4e-6}, // linear, three phases
            {0.04, 0.52, 1.0, 0.52, 0.04, 0.0361807218535102, 0.0261817218535102, 0.013822278146489805,
                0.0038232781464898036, 4e-6}, // cos, three phases
            {0.04, 0.52, 1.0, 0.8571434285714286, 0.7142868571428571, 0.5714302857142857, 0.42857371428571434,
                0.2857171428571429, 0.14286057142857145, 4e-6}}; // linear, two phases
        OneCycleLR.Anneal[] anneal = {OneCycleLR.Anneal.LINEAR, OneCycleLR.Anneal.COS, OneCycleLR.Anneal.LINEAR};
        boolean[] three = {true, true, false};
        double[] threePhaseMomenta = {0.95, 0.9, 0.85, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95};
        for (int c = 0; c < cases.length; c++) {
            SGD opt = sgd();
            OneCycleLR s = new OneCycleLR(opt, 1.0, 10, 0.3, 25, 1e4, true, 0.85, 0.95, anneal[c], three[c]);
            for (int t = 0; t < 10; t++) {
                assertEquals(cases[c][t], opt.paramGroups().get(0).lr(), 1e-12, "case " + c + " lr at " + t);
                if (three[c]) {
                    assertEquals(threePhaseMomenta[t], opt.paramGroups().get(0).get("momentum"), 1e-12, "momentum at " + t);
                }
                s.step();
            }
        }
    }

    @Test
    void oneCycleEdgesAsPyTorch() {
        // pct_start * total_steps = 1: a warm-up of no length, where PyTorch divides by zero
        assertThrows(IllegalArgumentException.class, () -> new OneCycleLR(sgd(), 1.0, 20, 0.05, 25, 1e4, true, 0.85, 0.95));
        // no warm-up at all, and a single step: straight to the final rate, as PyTorch
        SGD opt = sgd();
        new OneCycleLR(opt, 1.0, 1, 0, 25, 1e4, false, 0.85, 0.95);
        assertEquals(1.0 / 25 / 1e4, opt.paramGroups().get(0).lr(), 1e-15);
        SGD opt2 = sgd();
        OneCycleLR s = new OneCycleLR(opt2, 1.0, 10, 0, 25, 1e4, false, 0.85, 0.95);
        s.step();
        assertEquals(oneCycle(1, 1.0, 10, 0, 1.0 / 25, 1.0 / 25 / 1e4), opt2.paramGroups().get(0).lr(), 1e-12);
    }

    @Test
    void reduceOnPlateauWaitsForPatienceThenCoolsDown() {
        SGD opt = sgd();
        var s = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Mode.MIN, 0.5, 2, 0.1, true, 1, 0.02);
        double[] metrics = {10, 9.5, 9.2, 9.1, 9.1, 5, 5, 5, 5, 5, 5, 5, 5, 5};
        // improving means < 90% of the best; the 3rd bad step in a row (> patience 2) halves the rate,
        // the next step is a cooldown that does not count; the floor is minLr 0.02
        double[] expected = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025, 0.02, 0.02};
        for (int i = 0; i < metrics.length; i++) {
            s.step(metrics[i]);
            assertEquals(expected[i], opt.paramGroups().get(0).lr(), 1e-12, "after metric " + i);
        }
        assertEquals(5, s.best());
        SGD opt2 = sgd();
        var max = new ReduceLROnPlateau(opt2, ReduceLROnPlateau.Mode.MAX, 0.1, 0, 0.5, false, 0, 0);
        max.step(1);
        max.step(1.4);
        assertEquals(0.01, opt2.paramGroups().get(0).lr(), 1e-15, "1.4 is not better than 1 + 0.5");
        max.step(2);
        assertEquals(0.01, opt2.paramGroups().get(0).lr(), 1e-15);
        // eps: a cut smaller than eps is skipped (0.1 -> 0.05 is 0.05 < eps 0.06)
        SGD opt3 = sgd();
        var coarse = new ReduceLROnPlateau(opt3, ReduceLROnPlateau.Mode.MIN, 0.5, 0, 0, true, 0, 0, 0.06);
        coarse.step(1);
        coarse.step(1);
        assertEquals(0.1, opt3.paramGroups().get(0).lr(), 1e-15);
        assertThrows(IllegalArgumentException.class,
                () -> new ReduceLROnPlateau(sgd(), ReduceLROnPlateau.Mode.MIN, 0.5, -1, 0, true, 0, 0));
    }

    // Hand-computed sequences (PyTorch's formulas evaluated in float64) for the newer schedules.

    private static void assertRates(double[] expected, SGD opt, Runnable step, String name) {
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], opt.paramGroups().get(0).lr(), 1e-12, name + " at step " + t);
            step.run();
        }
    }

    @Test
    void polynomialDecaysToZeroAndStays() {
        SGD opt = sgd();
        PolynomialLR s = new PolynomialLR(opt, 4, 2);
        // 0.1 * (1 - t/4)^2
        assertRates(new double[] {0.1, 0.05625, 0.025, 0.00625, 0, 0, 0}, opt, s::step, "PolynomialLR");
        SGD linear = sgd();
        PolynomialLR d = new PolynomialLR(linear);
        assertRates(new double[] {0.1, 0.08, 0.06, 0.04, 0.02, 0, 0}, linear, d::step, "PolynomialLR defaults");
        assertThrows(IllegalArgumentException.class, () -> new PolynomialLR(sgd(), 0, 1));
    }

    @Test
    void warmRestartsLengthenThePeriods() {
        SGD opt = sgd();
        var s = new CosineAnnealingWarmRestarts(opt, 2, 2, 0.01);
        // periods [0, 2), [2, 6), [6, 14), [14, 30): restarts at 2, 6 and 14
        double[] expected = {0.1, 0.055, 0.1, 0.08681980515339464, 0.055, 0.023180194846605363, 0.1,
            0.0965745789630079, 0.08681980515339464, 0.07222075445642905, 0.055, 0.03777924554357097,
            0.023180194846605363, 0.013425421036992097, 0.1, 0.09913533761814537};
        assertRates(expected, opt, s::step, "CosineAnnealingWarmRestarts");
        assertEquals(2, s.tCur(), "16 steps taken");
        assertEquals(16, s.tI());
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], s.lrAt(t, 0.1), 1e-12, "closed form at " + t);
        }
        SGD constant = sgd();
        var c = new CosineAnnealingWarmRestarts(constant, 3);
        assertRates(new double[] {0.1, 0.075, 0.025, 0.1, 0.075, 0.025, 0.1}, constant, c::step, "T_mult 1");
        assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingWarmRestarts(sgd(), 0));
        assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingWarmRestarts(sgd(), 2, 0, 0));
    }

    @Test
    void warmRestartsTakeFractionalEpochsAndRestore() {
        SGD opt = sgd();
        var s = new CosineAnnealingWarmRestarts(opt, 2, 2, 0.01);
        s.step(1.5);
        assertEquals(0.023180194846605363, opt.paramGroups().get(0).lr(), 1e-12);
        s.step(2.5); // Tcur 0.5 of a period of 4
        assertEquals(0.0965745789630079, opt.paramGroups().get(0).lr(), 1e-12);
        assertEquals(2, s.lastStep());
        s.step(7.25); // Tcur 1.25 of a period of 8
        assertEquals(0.09468645689567598, opt.paramGroups().get(0).lr(), 1e-12);
        s.step(); // one more epoch from a fractional position: Tcur 2.25
        assertEquals(2.25, s.tCur(), 1e-12);
        assertEquals(8, s.lastStep());
        SGD constant = sgd();
        var c = new CosineAnnealingWarmRestarts(constant, 3);
        c.step(7.5); // Tcur 1.5 of 3: half-way
        assertEquals(0.05, constant.paramGroups().get(0).lr(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> c.step(-1.0));

        SGD other = sgd();
        var r = new CosineAnnealingWarmRestarts(other, 2, 2, 0.01);
        r.restore(13);
        assertEquals(0.013425421036992097, other.paramGroups().get(0).lr(), 1e-12);
        r.step();
        assertEquals(0.1, other.paramGroups().get(0).lr(), 1e-12, "the restart after a restore");
    }

    @Test
    void cyclicRatesInTheThreeModes() {
        // base 0.01, max 0.1, 2 steps up and 3 down
        double[][] expected = {
            {0.01, 0.055, 0.1, 0.07, 0.04, 0.01, 0.055, 0.1, 0.07, 0.04, 0.01, 0.055},
            {0.01, 0.055, 0.1, 0.07, 0.04, 0.01, 0.0325, 0.055, 0.04, 0.025, 0.01, 0.02125},
            {0.01, 0.0505, 0.0829, 0.05374, 0.029683, 0.01, 0.033914845, 0.053046721, 0.0358280326, 0.02162261467,
                0.01, 0.02412147682405}};
        CyclicLR.Mode[] modes = CyclicLR.Mode.values();
        for (int m = 0; m < modes.length; m++) {
            SGD opt = sgd();
            var s = new CyclicLR(opt, 0.01, 0.1, 2, 3, modes[m], 0.9, false, 0.8, 0.9);
            assertRates(expected[m], opt, s::step, "CyclicLR " + modes[m]);
            assertEquals(0.9, opt.paramGroups().get(0).get("momentum"), 0, "momentum left alone");
        }
    }

    @Test
    void cyclicMomentumGoesTheOtherWayWhereThereIsOne() {
        SGD opt = sgd();
        var s = new CyclicLR(opt, 0.01, 0.1, 2);
        double[] lr = {0.01, 0.055, 0.1, 0.055, 0.01};
        double[] momentum = {0.9, 0.85, 0.8, 0.85, 0.9};
        for (int t = 0; t < lr.length; t++) {
            assertEquals(lr[t], opt.paramGroups().get(0).lr(), 1e-12, "lr at " + t);
            assertEquals(momentum[t], opt.paramGroups().get(0).get("momentum"), 1e-12, "momentum at " + t);
            s.step();
        }
        Adam adam = new Adam(List.of(Tensor.zeros(1).requiresGrad(true)));
        new CyclicLR(adam, 0.01, 0.1, 2).step();
        assertEquals(0.85, adam.paramGroups().get(0).get("beta1"), 1e-12, "Adam cycles beta1");
        var adagrad = new dev.nabla.optim.Adagrad(List.of(Tensor.zeros(1).requiresGrad(true)));
        var plain = new CyclicLR(adagrad, 0.01, 0.1, 2);
        plain.step();
        assertEquals(0.055, adagrad.paramGroups().get(0).lr(), 1e-12, "no momentum to cycle: rates only");
        assertThrows(IllegalArgumentException.class,
                () -> new CyclicLR(adagrad, 0.01, 0.1, 2, 2, CyclicLR.Mode.TRIANGULAR, 1, true, 0.8, 0.9));
    }

    // Sequences printed by PyTorch 1.13 (SGD lr 0.1, scheduler.step() after each optimizer step).

    @Test
    void constantLrScalesThenRestores() {
        SGD opt = sgd();
        var s = new ConstantLR(opt);
        double third = 0.1 / 3;
        assertRates(new double[] {third, third, third, third, third, 0.1, 0.1}, opt, s::step, "ConstantLR defaults");
        SGD half = sgd();
        var h = new ConstantLR(half, 0.5, 3);
        assertRates(new double[] {0.05, 0.05, 0.05, 0.1, 0.1}, half, h::step, "ConstantLR(0.5, 3)");
        assertThrows(IllegalArgumentException.class, () -> new ConstantLR(sgd(), 1.5, 3));
        assertThrows(IllegalArgumentException.class, () -> new ConstantLR(sgd(), 0.5, -1));
    }

    @Test
    void multiplicativeLrMultipliesFromStepOne() {
        SGD opt = sgd();
        var s = new MultiplicativeLR(opt, t -> t % 2 == 1 ? 0.9 : 0.5);
        assertRates(new double[] {0.1, 0.09000000000000001, 0.045000000000000005, 0.04050000000000001,
            0.020250000000000004, 0.018225000000000005, 0.009112500000000003}, opt, s::step, "MultiplicativeLR");
        s.restore(2);
        assertEquals(0.045, opt.paramGroups().get(0).lr(), 1e-15, "restored to step 2");
        s.step();
        assertEquals(0.0405, opt.paramGroups().get(0).lr(), 1e-15, "and on from there");
    }

    @Test
    void lambdaAndMultiplicativeTakeOneFunctionPerGroup() {
        SGD opt = twoGroups();
        var lambda = new LambdaLR(opt, List.<IntToDoubleFunction>of(t -> 1.0 / (1 + t), t -> Math.pow(0.5, t)));
        double[][] expected = {{0.1, 0.2}, {0.05, 0.1}, {0.1 / 3, 0.05}, {0.025, 0.025}, {0.02, 0.0125}};
        for (double[] rates : expected) {
            assertArrayEquals(rates, lambda.lastLr(), 1e-15);
            lambda.step();
        }
        SGD other = twoGroups();
        var mult = new MultiplicativeLR(other, List.<IntToDoubleFunction>of(t -> 0.5, t -> 0.9));
        double[][] products = {{0.1, 0.2}, {0.05, 0.18}, {0.025, 0.162}, {0.0125, 0.1458}, {0.00625, 0.13122}};
        for (double[] rates : products) {
            assertArrayEquals(rates, mult.lastLr(), 1e-15);
            mult.step();
        }
        assertThrows(IllegalArgumentException.class,
                () -> new LambdaLR(twoGroups(), List.<IntToDoubleFunction>of(t -> 1, t -> 1, t -> 1)));
    }

    private static SGD twoGroups() {
        return new SGD(List.of(new ParamGroup(List.of(Tensor.zeros(1).requiresGrad(true))),
                new ParamGroup(List.of(Tensor.zeros(1).requiresGrad(true)), Map.of("lr", 0.2))), 0.1);
    }

    @Test
    void sequentialLrRunsThePhasesFromTheInitialRate() {
        SGD opt = sgd();
        var s = new SequentialLR(opt, List.of(new LinearLR(opt, 0.1, 1, 5), new ExponentialLR(opt, 0.9)), new int[] {5});
        assertRates(new double[] {0.010000000000000002, 0.028000000000000004, 0.046000000000000006, 0.064, 0.082,
            0.1, 0.09000000000000001, 0.08100000000000002, 0.07290000000000002, 0.06561000000000002},
                opt, s::step, "SequentialLR(LinearLR, ExponentialLR)");
        SGD three = sgd();
        var t = new SequentialLR(three, List.of(new ConstantLR(three, 0.5, 3), new CosineAnnealingLR(three, 6, 0.01),
                new StepLR(three, 2, 0.5)), new int[] {4, 9});
        assertRates(new double[] {0.05, 0.05, 0.05, 0.1, 0.1, 0.09397114317029975, 0.07750000000000001,
            0.055000000000000014, 0.032500000000000015, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125},
                three, t::step, "SequentialLR of three");
        t.restore(6);
        assertEquals(0.0775, three.paramGroups().get(0).lr(), 1e-15, "restored into the second phase");
    }

    @Test
    void sequentialLrRefusesMismatchedMilestonesAndOptimizers() {
        SGD opt = sgd();
        var a = new ConstantLR(opt);
        var b = new ExponentialLR(opt, 0.9);
        assertThrows(IllegalArgumentException.class, () -> new SequentialLR(opt, List.of(a, b), new int[] {}));
        assertThrows(IllegalArgumentException.class, () -> new SequentialLR(opt, List.of(a, b), new int[] {-1}));
        assertThrows(IllegalArgumentException.class,
                () -> new SequentialLR(opt, List.of(a, b, a), new int[] {5, 3}));
        assertThrows(IllegalArgumentException.class,
                () -> new SequentialLR(sgd(), List.of(a, b), new int[] {5}));
    }

    @Test
    void aSecondScheduleTakesTheInitialRateAsBaseAsInPyTorch() {
        SGD opt = sgd();
        new LinearLR(opt, 0.25, 1, 4);
        assertEquals(0.025, opt.paramGroups().get(0).lr(), 1e-15);
        var second = new StepLR(opt, 2, 0.5);
        assertArrayEquals(new double[] {0.1}, second.baseLrs(), 0, "initial_lr, not the rate LinearLR set");
    }

    @Test
    void theInitialRateTravelsWithTheOptimizerState() {
        SGD opt = sgd();
        var s = new StepLR(opt, 2, 0.5);
        for (int t = 0; t < 5; t++) {
            s.step();
        }
        assertEquals(0.025, opt.paramGroups().get(0).lr(), 1e-15);
        // PyTorch's resume order: a fresh optimizer, its state loaded, then a fresh schedule restored.
        SGD resumed = new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), 0.7).momentum(0.9);
        resumed.loadStateDict(opt.stateDict());
        var again = new StepLR(resumed, 2, 0.5);
        again.loadStateDict(s.stateDict());
        assertArrayEquals(new double[] {0.1}, again.baseLrs(), 0);
        assertEquals(0.025, resumed.paramGroups().get(0).lr(), 1e-15);
        again.step();
        assertEquals(0.0125, resumed.paramGroups().get(0).lr(), 1e-15);
    }
}
