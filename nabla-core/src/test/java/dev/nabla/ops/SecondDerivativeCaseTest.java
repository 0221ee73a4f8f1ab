package dev.nabla.ops;

import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.autograd.Autograd;
import dev.nabla.autograd.GradMode;
import dev.nabla.backend.Backends;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Storage;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Higher-order gradients of every op in {@link OpCatalog} (up to 200 input elements): the
 * gradient {@code G(x) = d sum(w * f(x)) / dx} is taken with {@code createGraph}, and the
 * derivative of {@code sum(v * G(x))} (a Hessian-vector product) is checked against central
 * differences of {@code G} in float64.
 */
class SecondDerivativeCaseTest {
    private static final double H = 1e-5;

    static Stream<OpCase> cases() {
        return OpCatalog.all().stream().filter(c -> c.inputs().stream()
                .mapToInt(i -> java.util.Arrays.stream(i.shape()).reduce(1, (a, b) -> a * b)).sum() <= 200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hessianVectorProductsMatchCentralDifferences(OpCase c) {
        Tensor[] x = OpCaseTest.inputs(c, Backends.REF, false);
        List<Tensor> wrt = new ArrayList<>();
        for (Tensor t : x) {
            if (t.requiresGrad()) {
                wrt.add(t);
            }
        }
        Tensor out = c.fn().apply(x);
        if (!out.requiresGrad()) {
            return;
        }
        Tensor w = random(out.shape(), 99);
        List<Tensor> v = new ArrayList<>();
        for (int i = 0; i < wrt.size(); i++) {
            v.add(random(wrt.get(i).shape(), 7 + i));
        }
        List<Tensor> first = Autograd.grad(List.of(out.mul(w).sum()), wrt, null, true, true, true);
        Tensor s = null;
        for (int i = 0; i < wrt.size(); i++) {
            if (first.get(i) != null && first.get(i).requiresGrad()) {
                Tensor term = first.get(i).mul(v.get(i)).sum();
                s = s == null ? term : s.add(term);
            }
        }
        List<Tensor> second = s == null ? null : Autograd.grad(List.of(s), wrt, null, false, false, true);
        for (int i = 0; i < wrt.size(); i++) {
            double[] analytic = second == null || second.get(i) == null ? new double[wrt.get(i).numel()]
                    : second.get(i).toDoubleArray();
            Storage st = wrt.get(i).data().storage();
            for (int j = 0; j < st.size(); j++) {
                double value = st.get(j);
                st.set(j, value + H);
                double up = directional(c, x, wrt, w, v);
                st.set(j, value - H);
                double down = directional(c, x, wrt, w, v);
                st.set(j, value);
                double numeric = (up - down) / (2 * H);
                if (Math.abs(analytic[j] - numeric) > 1e-6 + 1e-5 * Math.abs(numeric)) {
                    fail(c + ": d2/dx" + i + "[" + j + "] analytic " + analytic[j] + " vs numeric " + numeric);
                }
            }
        }
    }

    /** {@code sum(v * G(x))} with the first-order gradients {@code G} (no graph recorded). */
    private static double directional(OpCase c, Tensor[] x, List<Tensor> wrt, Tensor w, List<Tensor> v) {
        Tensor out = c.fn().apply(x);
        List<Tensor> g = Autograd.grad(List.of(out.mul(w).sum()), wrt, null, false, false, true);
        try (GradMode.NoGrad ignored = GradMode.noGrad()) {
            double total = 0;
            for (int i = 0; i < wrt.size(); i++) {
                total += g.get(i) == null ? 0 : g.get(i).mul(v.get(i)).sum().item();
            }
            return total;
        }
    }

    private static Tensor random(int[] shape, long seed) {
        Generator g = new Generator(seed);
        double[] d = new double[java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < d.length; i++) {
            d[i] = g.nextGaussian();
        }
        return new Tensor(new NDArray(new Storage.Doubles(d), shape.clone()), Backends.REF);
    }
}
