package dev.nabla.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.autograd.GradMode;
import dev.nabla.backend.Backends;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The gradient check: the autograd gradient of {@code L = sum(w * f())}, for fixed random
 * weights {@code w}, against central differences {@code (L(t + h) - L(t - h)) / 2h} with
 * {@code h = 1e-6}, element by element, for every tensor it is taken with respect to.
 * Tensors must be contiguous float64 leaves (make them on {@link Backends#REF}); inputs should
 * stay away from kinks (ReLU at 0, |x| at 0). An element passes when
 * {@code |analytic - numeric| <= 1e-6 + 1e-5 |numeric|}.
 */
public final class GradCheck {
    private static final double H = 1e-6;
    private static final double ATOL = 1e-6;
    private static final double RTOL = 1e-5;

    private GradCheck() {
    }

    /**
     * Checks the gradient of {@code output} (recomputed from the current values of {@code wrt})
     * with respect to each tensor of {@code wrt}; every one of them must receive a gradient.
     */
    public static void check(String what, Supplier<Tensor> output, List<? extends Tensor> wrt) {
        wrt.forEach(Tensor::zeroGrad);
        Tensor out = output.get();
        if (!out.requiresGrad()) {
            fail(what + ": the output has no gradient (a missing backward?)");
        }
        Tensor w = weights(out);
        out.mul(w).sum().backward();
        for (int i = 0; i < wrt.size(); i++) {
            Tensor t = wrt.get(i);
            String name = "tensor " + i + " " + Arrays.toString(t.shape());
            if (t.grad() == null) {
                fail(what + ": no gradient reached " + name);
            }
            double[] analytic = t.grad().toDoubleArray();
            double[] values = t.toDoubleArray();
            Tensor flat = t.detach().reshape(values.length);
            for (int j = 0; j < values.length; j++) {
                double v = values[j];
                Tensor element = flat.narrow(0, j, 1);
                element.fill(v + H);
                double up = loss(output, w);
                element.fill(v - H);
                double down = loss(output, w);
                element.fill(v);
                double numeric = (up - down) / (2 * H);
                if (!(Math.abs(analytic[j] - numeric) <= ATOL + RTOL * Math.abs(numeric))) {
                    fail(what + ": d/d " + name + " [" + j + "] analytic " + analytic[j] + " vs numeric " + numeric);
                }
            }
        }
    }

    /** Checks {@code fn(inputs)} with respect to every input that requires a gradient. */
    public static void check(String what, Function<Tensor[], Tensor> fn, Tensor... inputs) {
        check(what, () -> fn.apply(inputs), Arrays.stream(inputs).filter(Tensor::requiresGrad).toList());
    }

    /**
     * Checks a layer: {@code forward(x)} with respect to {@code params} and to {@code x} when it
     * is a float tensor (token indices are not differentiable).
     */
    public static void check(String what, UnaryOperator<Tensor> forward, Tensor x, Collection<? extends Tensor> params) {
        List<Tensor> wrt = new ArrayList<>(params);
        if (x.dtype().isFloatingPoint()) {
            x.requiresGrad(true);
            wrt.add(x);
        }
        check(what, () -> forward.apply(x), wrt);
    }

    private static double loss(Supplier<Tensor> output, Tensor w) {
        try (GradMode.NoGrad ignored = GradMode.noGrad()) {
            return output.get().mul(w).sum().item();
        }
    }

    /** Standard normal weights of {@code out}'s shape, float32-representable, on its backend. */
    private static Tensor weights(Tensor out) {
        Generator g = new Generator(99);
        double[] w = new double[out.numel()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) g.nextGaussian();
        }
        return out.newTensor(w, out.shape());
    }
}
