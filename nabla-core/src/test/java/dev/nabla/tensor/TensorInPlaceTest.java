package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.DType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PyTorch's in-place arithmetic: values, what it refuses and the version counter. */
class TensorInPlaceTest {

    private static Tensor t(Backend b, double... v) {
        return Tensor.of(v).to(b);
    }

    private static double[] v(Tensor t) {
        return t.toDoubleArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void eachEqualsItsOutOfPlaceOpWrittenIntoTheStorage(String name) {
        Backend b = Backends.byName(name);
        Tensor m = t(b, 1, -2, 3, -4, 5, -6).reshape(2, 3);
        Tensor row = t(b, 0.5, 1, 2);
        int before = m.version();
        assertSame(m, m.add_(row));
        assertArrayEquals(new double[] {1.5, -1, 5, -3.5, 6, -4}, v(m), 1e-6);
        assertEquals(before + 1, m.version());
        // the values PyTorch 1.13 gives for the same chain of in-place ops
        assertArrayEquals(new double[] {0.5, -2, 4, -4.5, 5, -5}, v(m.sub_(1)), 1e-6);
        assertArrayEquals(new double[] {0.25, -2, 8, -2.25, 5, -10}, v(m.mul_(row)), 1e-6);
        assertArrayEquals(new double[] {0.5, -2, 4, -4.5, 5, -5}, v(m.div_(row)), 1e-6);
        assertArrayEquals(new double[] {0.25, 4, 16, 20.25, 25, 25}, v(m.pow_(2)), 1e-6);
        assertArrayEquals(new double[] {0.25, 4, 5, 5, 5, 5}, v(m.clamp_(0, 5)), 1e-6);
        assertArrayEquals(new double[] {-0.25, -4, -5, -5, -5, -5}, v(m.neg_()), 1e-6);
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0}, v(m.relu_()), 0);
        Tensor x = t(b, 1, 2, 3);
        Tensor view = x.narrow(0, 1, 2);
        view.mul_(10);
        assertArrayEquals(new double[] {1, 20, 30}, v(x), 1e-6, "the base sees a view's update");
        assertArrayEquals(new double[] {0, 0, 0}, v(x.zero_()), 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void refusesToGrowTheTensorOrNarrowItsType(String name) {
        Backend b = Backends.byName(name);
        Tensor x = t(b, 1, 2, 3);
        var grow = assertThrows(IllegalArgumentException.class, () -> x.add_(Tensor.ones(2, 3).to(b)));
        assertEquals("add_: the result's shape [2, 3] does not match this tensor's [3] (an in-place op cannot grow it)",
                grow.getMessage());
        Tensor ints = Tensor.of(new long[] {4, 6}).to(b);
        assertArrayEquals(new double[] {6, 8}, v(ints.add_(2)), 0);
        assertEquals(DType.INT64, ints.dtype());
        var div = assertThrows(IllegalArgumentException.class, () -> ints.div_(Tensor.of(new long[] {2, 2}).to(b)));
        assertTrue(div.getMessage().startsWith("div_: a "), div.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ints.mul_(1.5));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new boolean[] {true}).to(b).add_(1));
        var expanded = assertThrows(IllegalArgumentException.class, () -> t(b, 1).expand(3).add_(x));
        assertTrue(expanded.getMessage().contains("expanded view"), expanded.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void notRecordedSoRefusedWhileGradientsFlowThroughIt(String name) {
        Backend b = Backends.byName(name);
        Tensor w = t(b, 1, 2).requiresGrad(true);
        assertThrows(IllegalStateException.class, () -> w.sub_(0.1));
        assertThrows(IllegalStateException.class, () -> t(b, 0, 0).add_(w));
        w.mul(w).sum().backward();
        try (var g = Tensor.noGrad()) {
            w.sub_(w.grad().mul(0.25)); // a hand-written SGD step
        }
        assertArrayEquals(new double[] {0.5, 1}, v(w), 1e-6);
        w.grad().zero_();
        assertArrayEquals(new double[] {0, 0}, v(w.grad()), 0);
        // a tensor saved for the backward pass, then changed in place: backward refuses, as PyTorch's
        Tensor a = t(b, 3, 4);
        Tensor y = a.mul(w).sum();
        a.add_(1);
        var e = assertThrows(RuntimeException.class, y::backward);
        assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());
    }
}
