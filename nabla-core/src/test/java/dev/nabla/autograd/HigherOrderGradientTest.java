package dev.nabla.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Backends;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Higher-order gradients: {@code backward(gradient, retainGraph, createGraph)} and
 * {@link Autograd#grad}, checked by hand and against finite differences in float64, and a
 * WGAN-GP gradient penalty whose parameter gradients are checked against finite differences.
 */
class HigherOrderGradientTest {
    private static final double H = 1e-5;

    private static Tensor f64(double... v) {
        return Tensor.of(v).to(Backends.REF);
    }

    @Test
    void backwardWithCreateGraphLeavesADifferentiableGradient() {
        Tensor x = f64(1, 2, -3).requiresGrad(true);
        x.pow(3).sum().backward(null, true, true);
        Tensor g = x.grad(); // 3 x^2
        assertTrue(g.requiresGrad());
        assertTrue(g.allClose(f64(3, 12, 27), 0, 1e-12));
        x.zeroGrad();
        g.sum().backward(); // d/dx sum(3 x^2) = 6 x
        assertTrue(x.grad().allClose(f64(6, 12, -18), 0, 1e-12), x.grad().toString());
    }

    @Test
    void gradReturnsWithoutTouchingGradAndHonoursAllowUnused() {
        Tensor x = f64(0.5, -1).requiresGrad(true);
        Tensor unused = f64(2).requiresGrad(true);
        Tensor y = x.sin().mul(x).sum();
        List<Tensor> g = Autograd.grad(List.of(y), List.of(x), null, true, true);
        // d/dx x sin x = sin x + x cos x; d2/dx2 = 2 cos x - x sin x
        assertTrue(g.get(0).allClose(x.sin().add(x.mul(x.cos())).detach(), 0, 1e-12));
        assertNull(x.grad());
        Tensor h = Autograd.grad(List.of(g.get(0).sum()), List.of(x), null, false, false).get(0);
        assertTrue(h.allClose(x.cos().mul(2).sub(x.mul(x.sin())).detach(), 0, 1e-12));
        assertThrows(IllegalStateException.class, () -> Autograd.grad(List.of(x.sum()), List.of(unused), null, false,
                false));
        assertNull(Autograd.grad(List.of(x.sum()), List.of(x, unused), null, false, false, true).get(1));
    }

    @Test
    void gradOfAnIntermediateStopsThere() {
        Tensor x = f64(1, 2).requiresGrad(true);
        Tensor h = x.exp();
        Tensor y = h.mul(h).sum();
        Tensor dh = Autograd.grad(List.of(y), List.of(h), null, false, false).get(0);
        assertTrue(dh.allClose(h.mul(2).detach(), 0, 1e-12));
        assertNull(x.grad());
    }

    /** d2/dx2 of elementwise ops (the diagonal of the Hessian) against central differences of the analytic first derivative. */
    @Test
    void secondDerivativesOfElementwiseOps() {
        List<UnaryOperator<Tensor>> ops = List.of(Tensor::sin, Tensor::cos, Tensor::exp, Tensor::tanh, Tensor::sigmoid,
                Tensor::logSigmoid, Tensor::mish, Tensor::gelu, Tensor::erf, t -> t.pow(3), t -> t.rsqrt(),
                t -> t.softplus(), t -> t.atan2(t.mul(0.5).add(2)), t -> t.reciprocal(), t -> t.log(), t -> t.sqrt(),
                t -> t.mul(t).cumprod(0), t -> t.hardswish(), t -> t.elu(), t -> t.silu());
        double[] at = {0.3, 0.7, 1.9, 1.1};
        for (int k = 0; k < ops.size(); k++) {
            UnaryOperator<Tensor> f = ops.get(k);
            Tensor x = f64(at).requiresGrad(true);
            Tensor g = Autograd.grad(List.of(f.apply(x).sum()), List.of(x), null, true, true).get(0);
            Tensor h = Autograd.grad(List.of(g.sum()), List.of(x), null, false, false, true).get(0);
            double[] analytic = h == null ? new double[at.length] : h.toDoubleArray();
            for (int j = 0; j < at.length; j++) {
                double[] up = at.clone();
                double[] down = at.clone();
                up[j] += H;
                down[j] -= H;
                double numeric = (firstDerivativeSum(f, up) - firstDerivativeSum(f, down)) / (2 * H);
                assertEquals(numeric, analytic[j], 1e-6 + 1e-5 * Math.abs(numeric), "op " + k + " element " + j);
            }
        }
    }

    private static double firstDerivativeSum(UnaryOperator<Tensor> f, double[] at) {
        Tensor x = f64(at).requiresGrad(true);
        return Autograd.grad(List.of(f.apply(x).sum()), List.of(x), null, false, false).get(0).sum().item();
    }

    /**
     * WGAN-GP: penalty {@code mean((||d critic(xhat) / d xhat||_2 - 1)^2)} at points between real and
     * fake samples; its gradients with respect to the critic's weights need the second derivatives
     * of the critic, checked against central differences of the penalty.
     */
    @Test
    void wganGradientPenaltyGradientsMatchFiniteDifferences() {
        Generator gen = new Generator(3);
        Tensor w1 = Tensor.randn(gen, 5, 3).to(Backends.REF).requiresGrad(true);
        Tensor b1 = Tensor.randn(gen, 5).to(Backends.REF).requiresGrad(true);
        Tensor w2 = Tensor.randn(gen, 1, 5).to(Backends.REF).requiresGrad(true);
        Tensor real = Tensor.randn(gen, 4, 3).to(Backends.REF);
        Tensor fake = Tensor.randn(gen, 4, 3).to(Backends.REF);
        Tensor alpha = Tensor.rand(gen, 4, 1).to(Backends.REF);
        Tensor xhat = alpha.mul(real).add(alpha.rsub(1).mul(fake));
        List<Tensor> params = List.of(w1, b1, w2);
        penalty(xhat, w1, b1, w2).backward();
        for (Tensor p : params) {
            double[] analytic = p.grad().toDoubleArray();
            var s = p.data().storage();
            for (int j = 0; j < s.size(); j++) {
                double v = s.get(j);
                s.set(j, v + H);
                double up = penalty(xhat, w1, b1, w2).item();
                s.set(j, v - H);
                double down = penalty(xhat, w1, b1, w2).item();
                s.set(j, v);
                double numeric = (up - down) / (2 * H);
                assertEquals(numeric, analytic[j], 1e-6 + 1e-5 * Math.abs(numeric));
            }
        }
        assertTrue(penalty(xhat, w1, b1, w2).item() > 0);
    }

    /** A two-layer critic (linear, tanh, linear with a fused activation path, leaky ReLU) and its gradient penalty. */
    private static Tensor penalty(Tensor xhat, Tensor w1, Tensor b1, Tensor w2) {
        Tensor x = xhat.detach().requiresGrad(true);
        Tensor critic = x.linear(w1, b1).tanh().linear(w2, null).leakyRelu(0.2).add(x.layerNorm(new int[] {3}, null,
                null, 1e-5).pow(2).sum(1, true).mul(0.1));
        Tensor g = Autograd.grad(List.of(critic), List.of(x), List.of(Tensor.onesLike(critic)), true, true).get(0);
        return g.norm(2, new int[] {1}, false).sub(1).pow(2).mean();
    }
}
