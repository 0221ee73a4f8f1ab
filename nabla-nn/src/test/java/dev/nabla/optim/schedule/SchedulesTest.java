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
    }
}
