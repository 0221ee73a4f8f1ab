package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.backend.Backends;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Rprop and ASGD against PyTorch 1.13: six steps on p = [0.5, -1, 2] with the gradients
 * {@code [sin(t + 1), cos(2t), t mod 3 - 1]} for t = 0..5, the parameters and state PyTorch printed.
 */
class RpropAsgdTest {

    private static <O extends Optimizer> O run(Tensor p, Function<List<Tensor>, O> make) {
        O opt = make.apply(List.of(p));
        for (int t = 0; t < 6; t++) {
            p.setGrad(Tensor.of(new double[] {Math.sin(t + 1), Math.cos(2 * t), t % 3 - 1.0}).to(Backends.REF));
            opt.step();
        }
        return opt;
    }

    private static Tensor param() {
        return Tensor.of(new double[] {0.5, -1, 2}).to(Backends.REF).requiresGrad(true);
    }

    @Test
    void rpropGrowsAndShrinksEachStepSizeAsPyTorch() {
        Tensor p = param();
        Rprop opt = run(p, ps -> new Rprop(ps, 0.1));
        assertArrayEquals(new double[] {0.2944, -0.995, 1.95}, p.toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0.0864, 0.03, 0.05}, opt.state(p).get("step_size").toDoubleArray(), 1e-12);
        Tensor q = param();
        run(q, ps -> new Rprop(ps, 0.05).etas(0.3, 1.5).stepSizes(0.01, 0.12).maximize(true));
        assertArrayEquals(new double[] {0.653125, -0.99, 2.015}, q.toDoubleArray(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new Rprop(List.of(param())).etas(1.1, 1.2).step());
    }

    @Test
    void asgdDecaysTheRateAndAveragesFromT0AsPyTorch() {
        Tensor p = param();
        ASGD opt = run(p, ps -> new ASGD(ps, 0.1).t0(2).lambd(0.01).weightDecay(0.1));
        assertArrayEquals(new double[] {0.48401048229046795, -0.92337689947258, 1.8678144353384454}, p.toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0.4383048841213894, -0.9951969155766777, 1.9561182088483926},
                opt.average(p).toDoubleArray(), 1e-12);
        assertEquals(0.09955234957892561, opt.state(p).get("eta").item(), 1e-15);
        assertEquals(0.25, opt.state(p).get("mu").item(), 0);
        assertNull(new ASGD(List.of(param())).average(param()));
    }
}
