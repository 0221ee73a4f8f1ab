package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.schedule.ReduceLROnPlateau;
import dev.nabla.optim.schedule.StepLR;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Stateful;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Everything a checkpoint saves besides the weights (generators, optimizers, schedules) goes
 * through one interface, {@link Stateful}: a state taken from one object and loaded into a
 * fresh one makes both behave the same from then on.
 */
class StatefulTest {

    /** Loads {@code from}'s state into {@code into}; both must then {@code behave} the same. */
    private static <S, T extends Stateful<S>> void assertRestores(T from, T into, Function<T, Object> behave) {
        into.loadStateDict(from.stateDict());
        assertEquals(behave.apply(from), behave.apply(into));
    }

    @Test
    void generators() {
        Generator a = new Generator(1);
        a.nextLong();
        long[] snapshot = a.stateDict();
        a.nextLong();
        assertNotEquals(List.of(snapshot[0], snapshot[1]), List.of(a.stateDict()[0], a.stateDict()[1]),
                "a snapshot is not shared");
        Generator b = new Generator(2);
        assertNotEquals(a.nextLong(), b.nextLong());
        assertRestores(a, b, g -> List.of(g.nextLong(), g.nextLong()));
        assertThrows(IllegalArgumentException.class, () -> new Generator(3).loadStateDict(new long[2]));
    }

    private static Tensor param() {
        return Tensor.of(new double[] {1, -2}).requiresGrad(true);
    }

    private static double[] stepOnce(Optimizer opt, double... grad) {
        Tensor p = opt.paramGroups().get(0).params().get(0);
        p.setGrad(Tensor.of(grad));
        opt.step();
        return p.toDoubleArray();
    }

    @Test
    void optimizers() {
        Adam a = new Adam(List.of(param()), 0.1);
        stepOnce(a, 0.5, -1);
        double[] now = stepOnce(a, 0.2, 3);
        Adam b = new Adam(List.of(Tensor.of(now).requiresGrad(true)), 0.1);
        Adam c = new Adam(List.of(Tensor.of(now).requiresGrad(true)), 0.1);
        b.loadStateDict(a.stateDict());
        double[] expected = stepOnce(a, -1, 0.5);
        assertArrayEquals(expected, stepOnce(b, -1, 0.5), 0);
        assertNotEquals(expected[0], stepOnce(c, -1, 0.5)[0], "without the moments the step differs");
    }

    @Test
    void schedules() {
        StepLR a = new StepLR(new Adam(List.of(param()), 0.1), 2, 0.5);
        for (int i = 0; i < 5; i++) {
            a.step();
        }
        StepLR b = new StepLR(new Adam(List.of(param()), 0.1), 2, 0.5);
        assertRestores(a, b, s -> List.of(s.lastStep(), s.lastLr()[0]));
        a.step();
        b.step();
        assertArrayEquals(a.lastLr(), b.lastLr());
        assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(Map.of("last_step", -1L)));

        ReduceLROnPlateau p = new ReduceLROnPlateau(new Adam(List.of(param()), 0.1));
        ReduceLROnPlateau fresh = new ReduceLROnPlateau(new Adam(List.of(param()), 0.1));
        assertEquals("inf", fresh.stateDict().get("best"), "JSON has no infinities");
        p.step(1.0);
        p.step(0.5);
        p.step(0.7);
        assertRestores(p, fresh, s -> List.of(s.best(), s.badSteps(), s.cooldownLeft()));
        assertRestores(new ReduceLROnPlateau(new Adam(List.of(param()), 0.1)), fresh,
                s -> List.of(s.best(), s.badSteps()));
        assertThrows(IllegalArgumentException.class, () -> fresh.loadStateDict(Map.of("best", "x", "bad_steps", 0L,
                "cooldown_left", 0L)));
    }
}
