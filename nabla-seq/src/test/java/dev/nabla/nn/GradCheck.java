package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.autograd.GradMode;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient check for the sequence layers (run on the float64 reference backend): the autograd
 * gradient of {@code sum(w * m(x))} with respect to the input and every parameter against central
 * differences.
 */
public final class GradCheck {
    private GradCheck() {
    }

    /** Checks the input's gradient too when it is a float tensor (token indices are not differentiable). */
    public static void check(Module m, Tensor x) {
        boolean floatInput = x.dtype().isFloatingPoint();
        if (floatInput) {
            x.requiresGrad(true);
        }
        m.zeroGrad();
        x.zeroGrad();
        Tensor w = Tensor.randn(new Generator(99), m.forward(x).shape());
        m.forward(x).mul(w).sum().backward();
        List<Tensor> all = new ArrayList<>(m.parameters());
        if (floatInput) {
            all.add(x);
        }
        for (Tensor t : all) {
            if (t.grad() == null) {
                fail(m + ": no gradient reached a tensor of shape " + java.util.Arrays.toString(t.shape()));
            }
            double[] analytic = t.grad().toDoubleArray();
            var storage = t.data().storage();
            for (int j = 0; j < storage.size(); j++) {
                double v = storage.get(j);
                storage.set(j, v + 1e-6);
                double up = loss(m, x, w);
                storage.set(j, v - 1e-6);
                double down = loss(m, x, w);
                storage.set(j, v);
                double numeric = (up - down) / 2e-6;
                if (Math.abs(analytic[j] - numeric) > 1e-6 + 1e-5 * Math.abs(numeric)) {
                    fail(m + ": element " + j + " analytic " + analytic[j] + " numeric " + numeric);
                }
            }
        }
    }

    private static double loss(Module m, Tensor x, Tensor w) {
        try (GradMode.NoGrad ignored = GradMode.noGrad()) {
            return m.forward(x).mul(w).sum().item();
        }
    }
}
