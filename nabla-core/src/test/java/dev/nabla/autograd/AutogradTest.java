package dev.nabla.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Backend;
import dev.nabla.backend.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.OnEveryBackend;
import org.junit.jupiter.api.Test;

/** Autograd semantics, with gradients worked out by hand. */
class AutogradTest {

    @Test
    void chainRuleByHand() {
        // y = sum((w * x + b)^2); dy/dw = 2 (w x + b) x, dy/db = 2 (w x + b)
        Tensor x = Tensor.of(new double[] {1, 2, 3});
        Tensor w = Tensor.of(new double[] {0.5}).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {-1}).requiresGrad(true);
        Tensor y = w.mul(x).add(b).pow(2).sum();
        y.backward();
        // w x + b = [-0.5, 0, 0.5]
        assertEquals(2 * (-0.5 * 1 + 0 * 2 + 0.5 * 3), w.grad().item(), 1e-12);
        assertEquals(2 * (-0.5 + 0 + 0.5), b.grad().item(), 1e-12);
        assertEquals(0.5, y.item(), 1e-12);
    }

    @Test
    void gradientsAccumulateUntilZeroed() {
        Tensor w = Tensor.of(new double[] {2, 3}).requiresGrad(true);
        w.mul(w).sum().backward();
        w.mul(w).sum().backward();
        assertArrayEquals(new double[] {8, 12}, w.grad().toDoubleArray());
        w.zeroGrad();
        assertNull(w.grad());
        w.sum().backward();
        assertArrayEquals(new double[] {1, 1}, w.grad().toDoubleArray());
    }

    @OnEveryBackend
    void accumulationAddsInPlaceButNeverIntoTheIncomingGradient(Backend backend) {
        Tensor w = Tensor.zeros(3).requiresGrad(true);
        Tensor g = Tensor.of(new double[] {1, 2, 3});
        assertEquals(backend, w.backend());
        w.add(0).backward(g); // add passes g itself on to w
        Tensor first = w.grad();
        w.add(0).backward(g);
        assertArrayEquals(new double[] {1, 2, 3}, g.toDoubleArray(), backend.name() + ": the caller's gradient is unchanged");
        assertTrue(first == w.grad(), backend.name() + ": accumulated in place, as PyTorch's .grad");
        assertArrayEquals(new double[] {2, 4, 6}, w.grad().toDoubleArray(), 1e-6);
    }

    @OnEveryBackend
    void leavesTakeUnsharedGradientsWithoutSharingThem(Backend backend) {
        // mul's rule makes fresh x * g and w * g: each leaf may keep its own as grad().
        Tensor w = Tensor.of(new double[] {2, 3}).requiresGrad(true);
        Tensor x = Tensor.of(new double[] {5, 7}).requiresGrad(true);
        w.mul(x).sum().backward();
        assertArrayEquals(new double[] {5, 7}, w.grad().toDoubleArray(), 1e-6);
        assertArrayEquals(new double[] {2, 3}, x.grad().toDoubleArray(), 1e-6);
        // add passes one gradient to both inputs: accumulating into one leaves the other alone.
        Tensor a = Tensor.of(new double[] {1, 1}).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {1, 1}).requiresGrad(true);
        a.mul(w.detach()).add(b).sum().backward();
        a.add(b).mul(Tensor.of(new double[] {10, 100})).sum().backward();
        assertArrayEquals(new double[] {12, 103}, a.grad().toDoubleArray(), 1e-6, backend.name());
        assertArrayEquals(new double[] {11, 101}, b.grad().toDoubleArray(), 1e-6, backend.name());
        // Steps accumulate into the kept gradients in place, leaving the inputs untouched.
        w.mul(x).sum().backward();
        assertArrayEquals(new double[] {10, 14}, w.grad().toDoubleArray(), 1e-6);
        assertArrayEquals(new double[] {4, 6}, x.grad().toDoubleArray(), 1e-6);
        assertArrayEquals(new double[] {5, 7}, x.toDoubleArray(), 1e-6);
    }

    @Test
    void sharedSubexpressionsSumTheirGradients() {
        Tensor a = Tensor.of(new double[] {3}).requiresGrad(true);
        Tensor h = a.mul(2);
        h.mul(h).add(h).backward(); // d/da (4a^2 + 2a) = 8a + 2
        assertEquals(26, a.grad().item(), 1e-12);
    }

    @Test
    void broadcastAndViewGradients() {
        Tensor m = Tensor.zeros(DType.FLOAT64, 2, 3).requiresGrad(true);
        Tensor bias = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
        m.add(bias).transpose(0, 1).narrow(0, 1, 2).sum().backward();
        assertArrayEquals(new double[] {0, 1, 1, 0, 1, 1}, m.grad().toDoubleArray());
        assertArrayEquals(new double[] {0, 2, 2}, bias.grad().toDoubleArray());
    }

    @Test
    void backwardWithExplicitGradientAndRetainGrad() {
        Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
        Tensor h = x.mul(3).retainGrad();
        Tensor y = h.mul(h);
        y.backward(Tensor.of(new double[] {1, 10}));
        assertArrayEquals(new double[] {6, 120}, h.grad().toDoubleArray());
        assertArrayEquals(new double[] {18, 360}, x.grad().toDoubleArray());
        assertFalse(h.isLeaf());
    }

    @Test
    void secondBackwardThroughFreedGraphIsRefused() {
        Tensor x = Tensor.of(new double[] {1}).requiresGrad(true);
        Tensor y = x.exp().sum();
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
        Tensor z = x.exp().sum();
        z.backward(null, true);
        z.backward();
        assertEquals(3 * Math.E, x.grad().item(), 1e-12);
    }

    @Test
    void clearErrorsForMisuse() {
        Tensor plain = Tensor.of(new double[] {1, 2});
        assertThrows(IllegalStateException.class, () -> plain.sum().backward());
        Tensor w = Tensor.of(new double[] {1, 2}).requiresGrad(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.mul(2).backward());
        assertTrue(e.getMessage().contains("one-element"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Tensor.arange(3).requiresGrad(true));
        assertThrows(IllegalStateException.class, () -> w.fill(0));
    }

    @Test
    void noGradScopeRecordsNothingAndNests() {
        Tensor w = Tensor.ones(3).requiresGrad(true);
        try (var outer = Tensor.noGrad()) {
            try (var inner = Tensor.noGrad()) {
                assertFalse(w.mul(2).requiresGrad());
            }
            Tensor y = w.mul(2);
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
            w.fill(5);
        }
        assertTrue(w.mul(2).requiresGrad());
        assertEquals(5, w.select(0, 0).item());
    }

    @Test
    void detachCutsTheGraph() {
        Tensor w = Tensor.of(new double[] {2}).requiresGrad(true);
        Tensor y = w.mul(w.detach()).sum();
        y.backward();
        assertEquals(2, w.grad().item(), 1e-12);
        assertTrue(w.detach().isLeaf());
        assertFalse(w.detach().requiresGrad());
    }

    @Test
    void gradientOfMaxGoesToTheArgmax() {
        Tensor x = Tensor.of(new double[] {1, 5, 3, 7, 2, 0}, 2, 3).requiresGrad(true);
        x.max(1, false).values().sum().backward();
        assertArrayEquals(new double[] {0, 1, 0, 1, 0, 0}, x.grad().toDoubleArray());
    }

    @Test
    void gradientThroughDtypeConversion() {
        Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        x.to(DType.FLOAT64).mul(3).sum().backward();
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertArrayEquals(new float[] {3, 3}, x.grad().toFloatArray());
    }
}
