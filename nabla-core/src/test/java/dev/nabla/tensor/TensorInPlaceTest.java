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
    void functionsAndPyTorchNamesInPlace(String name) {
        Backend b = Backends.byName(name);
        double tol = b == Backends.REF ? 1e-12 : 1e-6;
        Tensor x = t(b, 0.5, -1, 2);
        Tensor a = t(b, 1, 2, 3);
        Tensor c = t(b, 2, 4, 8);
        // the values PyTorch 1.13 gives for the same chain, in float64
        assertArrayEquals(new double[] {0.5, 1, 2}, v(x.abs_()), tol);
        assertArrayEquals(new double[] {0.7071067811865476, 1, 1.4142135623730951}, v(x.sqrt_()), tol);
        assertArrayEquals(new double[] {-0.3465735902799726, 0, 0.3465735902799727}, v(x.log_()), tol);
        assertArrayEquals(new double[] {0.7071067811865476, 1, 1.4142135623730951}, v(x.exp_()), tol);
        assertArrayEquals(new double[] {0.6088593650139138, 0.7615941559557649, 0.8883855615856605}, v(x.tanh_()), tol);
        assertArrayEquals(new double[] {0.6476805639339391, 0.6816997421945262, 0.7085568968293326}, v(x.sigmoid_()), tol);
        assertArrayEquals(new double[] {0.67, 0.6816997421945262, 0.7085568968293326}, v(x.clampMin_(0.67)), tol);
        assertArrayEquals(new double[] {0.67, 0.68, 0.68}, v(x.clampMax_(0.68)), tol);
        assertArrayEquals(new double[] {1.67, 4.68, 12.68}, v(x.addcmul_(a, c, 0.5)), tol);
        assertArrayEquals(new double[] {0.67, 3.68, 11.93}, v(x.addcdiv_(a, c, -2)), tol);
        assertArrayEquals(new double[] {0.7525, 3.26, 9.6975}, v(x.lerp_(a, 0.25)), tol);
        assertArrayEquals(new double[] {0.7525, -7, -7}, v(x.maskedFill_(a.gt(1.5), -7)), tol);
        assertArrayEquals(new double[] {3, 3, 3}, v(x.fill_(3)), 0);
        assertArrayEquals(new double[] {2, 4, 8}, v(x.copy_(c)), 0);
        assertEquals(14, x.version());

        Tensor w = t(b, 0.5, -1, 2).requiresGrad(true);
        Tensor a2 = t(b, 1, 2, 3).requiresGrad(true);
        Tensor c2 = t(b, 2, 4, 8).requiresGrad(true);
        Tensor y = w.mul(1);
        y.abs_().addcmul_(a2, c2, 0.5).lerp_(a2, 0.25).tanh_().sum().backward();
        assertArrayEquals(new double[] {0.1694287339346221, -0.0006101567865593948, 5.075693198215994e-10}, v(w.grad()), tol);
        assertArrayEquals(new double[] {0.22590497857949615, 0.001423699168638588, 2.199467052560264e-09}, v(a2.grad()), tol);
        assertArrayEquals(new double[] {0.08471436696731105, 0.0006101567865593948, 7.61353979732399e-10}, v(c2.grad()), tol);
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
    void aLeafThatRequiresGradIsUpdatedUnderNoGrad(String name) {
        Backend b = Backends.byName(name);
        Tensor w = t(b, 1, 2).requiresGrad(true);
        var leaf = assertThrows(IllegalStateException.class, () -> w.sub_(0.1));
        assertTrue(leaf.getMessage().startsWith("sub_: a leaf tensor that requires grad"), leaf.getMessage());
        assertThrows(IllegalStateException.class, () -> w.fill(0));
        assertThrows(IllegalStateException.class, () -> w.assign(t(b, 0, 0)));
        w.mul(w).sum().backward();
        try (var g = Tensor.noGrad()) {
            w.sub_(w.grad().mul(0.25)); // a hand-written SGD step
        }
        assertArrayEquals(new double[] {0.5, 1}, v(w), 1e-6);
        assertTrue(w.isLeaf());
        w.grad().zero_();
        assertArrayEquals(new double[] {0, 0}, v(w.grad()), 0);
        // a tensor saved for the backward pass, then changed in place: backward refuses, as PyTorch's
        Tensor a = t(b, 3, 4);
        Tensor y = a.mul(w).sum();
        a.add_(1);
        var e = assertThrows(RuntimeException.class, y::backward);
        assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());
    }

    // Expected gradients: PyTorch 1.13 on the same programs.

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void recordedOnANonLeafAsPyTorchRebasesItsHistory(String name) {
        Backend b = Backends.byName(name);
        Tensor x = t(b, 1, 2, 3).requiresGrad(true);
        Tensor w = t(b, 0.5, -1, 2).requiresGrad(true);
        Tensor y = x.mul(1);
        Tensor z = y.mul(3); // reads y before the update
        assertSame(y, y.mul_(w));
        assertEquals("mul", y.gradFn().name());
        y.sum().add(z.sum()).backward();
        assertArrayEquals(new double[] {3.5, 2, 5}, v(x.grad()), 1e-6);
        assertArrayEquals(new double[] {1, 2, 3}, v(w.grad()), 1e-6);

        x.zeroGrad();
        y = x.mul(1);
        Tensor first = y.mul(2); // reads the first version
        y.mul_(3);
        Tensor second = y.mul(5); // the second
        y.add_(1); // y is the third
        first.sum().add(second.sum()).add(y.sum()).backward();
        assertArrayEquals(new double[] {20, 20, 20}, v(x.grad()), 1e-6);

        x.zeroGrad();
        w.zeroGrad();
        y = x.mul(1);
        y.div_(w).pow_(2).clamp_(0, 5).neg_().sub_(w);
        assertArrayEquals(new double[] {-4.5, -3, -4.25}, v(y), 1e-6);
        y.sum().backward();
        assertArrayEquals(new double[] {-8, -4, -1.5}, v(x.grad()), 1e-6);
        assertArrayEquals(new double[] {15, -9, 1.25}, v(w.grad()), 1e-6);

        x.zeroGrad();
        y = x.sub(2);
        y.relu_().sum().backward();
        assertArrayEquals(new double[] {0, 0, 1}, v(x.grad()), 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void anOperandThatRequiresGradMakesTheTensorANonLeaf(String name) {
        Backend b = Backends.byName(name);
        Tensor x = t(b, 1, 2, 3).requiresGrad(true);
        Tensor y = Tensor.zeros(3).to(b);
        y.add_(x);
        assertTrue(y.requiresGrad());
        assertTrue(!y.isLeaf());
        y.mul(y).sum().backward();
        assertArrayEquals(new double[] {2, 4, 6}, v(x.grad()), 1e-6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void fillAndAssignCutTheOldValuesOffAndPassTheSourceItsGradient(String name) {
        Backend b = Backends.byName(name);
        Tensor x = t(b, 1, 2, 3).requiresGrad(true);
        Tensor w = t(b, 0.5, -1, 2).requiresGrad(true);
        Tensor y = x.mul(1);
        y.fill(2);
        assertArrayEquals(new double[] {2, 2, 2}, v(y), 0);
        y.sum().backward();
        assertArrayEquals(new double[] {0, 0, 0}, v(x.grad()), 0, "zeros, as PyTorch's fill_");

        x.zeroGrad();
        Tensor m = x.mul(1).expand(2, 3).contiguous();
        m.assign(w.mul(2)); // broadcast over the rows
        assertArrayEquals(new double[] {1, -2, 4, 1, -2, 4}, v(m), 1e-6);
        m.sum().backward();
        assertArrayEquals(new double[] {0, 0, 0}, v(x.grad()), 0);
        assertArrayEquals(new double[] {4, 4, 4}, v(w.grad()), 1e-6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void aViewIsUpdatedThroughItsBaseAsPyTorchsCopySlices(String name) {
        Backend b = Backends.byName(name);
        Tensor x = t(b, 1, 2, 3).requiresGrad(true);
        Tensor y = x.mul(2);
        y.narrow(0, 1, 2).mul_(3);
        y.sum().backward();
        assertArrayEquals(new double[] {2, 12, 18}, v(y), 1e-6);
        assertArrayEquals(new double[] {2, 6, 6}, v(x.grad()), 1e-6);

        Tensor m = t(b, 1, 2, 3, 4, 5, 6).reshape(2, 3).requiresGrad(true);
        Tensor w = t(b, 0.5, -1, 2).requiresGrad(true);
        Tensor z = m.mul(1);
        Tensor before = z.mul(2); // reads z before both updates
        z.select(0, 0).add_(w);
        z.narrow(1, 1, 2).select(0, 1).mul_(w.narrow(0, 1, 2)); // a view of a view
        z.mul(z).sum().add(before.sum()).backward();
        assertArrayEquals(new double[] {1.5, 1, 5, 4, -5, 12}, v(z), 1e-6);
        assertArrayEquals(new double[] {5, 4, 12, 10, 12, 50}, v(m.grad()), 1e-6);
        assertArrayEquals(new double[] {3, -48, 154}, v(w.grad()), 1e-5);

        Tensor x2 = t(b, 1, 2, 3).requiresGrad(true);
        Tensor y2 = x2.mul(1);
        Tensor first = y2.select(0, 0);
        first.mul_(5); // the view updated is used after: its history is a view of the new base
        y2.sum().add(first.mul(10)).backward();
        assertArrayEquals(new double[] {55, 1, 1}, v(x2.grad()), 1e-6);
        // the values PyTorch 1.13 gives for the same programs
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void aTensorThatDoesNotRequireGradTakesAHistoryWhenAViewOfItIsUpdatedWithOneThatDoes(String name) {
        Backend b = Backends.byName(name);
        // a recurrence writing each step's state into a row of a buffer of zeros
        Tensor h0 = t(b, 0.5, -0.3).requiresGrad(true);
        Tensor w = t(b, 0.2, -0.7, 0.9, 0.4).reshape(2, 2).requiresGrad(true);
        Tensor out = Tensor.zeros(3, 2).to(b);
        Tensor h = h0;
        for (int i = 0; i < 3; i++) {
            h = h.matmul(w).tanh();
            out.select(0, i).copy_(h);
        }
        assertTrue(out.requiresGrad() && !out.isLeaf());
        out.mul(t(b, 1, 2, 3, 4, 5, 6).reshape(3, 2)).sum().backward();
        assertArrayEquals(new double[] {-0.16838105, -0.43819931, -0.40369505, -0.05735000, -0.13158654, 0.25396487},
                v(out), 1e-6);
        assertArrayEquals(new double[] {-4.80960894, -3.59212065}, v(h0.grad()), 1e-5);
        assertArrayEquals(new double[] {-5.11665964, -1.51379514, 1.57391369, -6.50637674}, v(w.grad()), 1e-5);

        // a view of all of it, and a view of a view
        Tensor x = t(b, 1, 2, 3, 4, 5, 6).requiresGrad(true);
        Tensor whole = Tensor.zeros(2, 3).to(b);
        whole.reshape(-1).add_(x.mul(2));
        whole.mul(t(b, 1, 2, 3, 4, 5, 6).reshape(2, 3)).sum().backward();
        assertArrayEquals(new double[] {2, 4, 6, 8, 10, 12}, v(x.grad()), 1e-6);
        Tensor x2 = t(b, 3, -1).requiresGrad(true);
        Tensor ones = Tensor.ones(3, 4).to(b);
        ones.narrow(1, 1, 2).select(0, 2).mul_(x2);
        ones.pow(2).sum().backward();
        assertArrayEquals(new double[] {6, -2}, v(x2.grad()), 1e-6);

        // a view taken before another view's update is read with the base's new history; as PyTorch, not updated
        Tensor x3 = t(b, 1, 2, 3).requiresGrad(true);
        Tensor buf = Tensor.zeros(2, 3).to(b);
        Tensor first = buf.select(0, 0);
        Tensor second = buf.select(0, 1);
        first.copy_(x3.mul(2));
        var leaf = assertThrows(IllegalStateException.class, () -> second.add_(x3));
        assertTrue(leaf.getMessage().startsWith("add_: a leaf tensor that requires grad"), leaf.getMessage());
        first.mul(t(b, 1, 2, 3)).sum().add(second.sum()).backward();
        assertArrayEquals(new double[] {2, 4, 6}, v(x3.grad()), 1e-6);
        // the values PyTorch 1.13 gives for the same programs
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void aViewTakenBeforeItsBaseWasUpdatedTakesTheNewHistoryWhenRead(String name) {
        Backend b = Backends.byName(name);
        Tensor x = t(b, 1, 2, 3).requiresGrad(true);
        Tensor z = x.mul(1);
        Tensor second = z.select(0, 1);
        Tensor doubled = second.mul(2); // read before the update: keeps the history it had
        z.select(0, 0).mul_(3);
        Tensor s = second.sum();
        second.mul_(4);
        doubled.add(z.mul(t(b, 0.5, -1, 2)).sum()).add(s.mul(10)).backward();
        assertArrayEquals(new double[] {3, 8, 3}, v(z), 1e-6);
        assertArrayEquals(new double[] {1.5, 8, 2}, v(x.grad()), 1e-6);

        Tensor m = t(b, 1, 2, 3, 4, 5, 6).reshape(2, 3).requiresGrad(true);
        Tensor y = m.mul(1);
        Tensor cell = y.narrow(1, 1, 2).select(0, 1); // a view of a view
        y.select(0, 1).mul_(2);
        cell.mul(t(b, 3, 5)).sum().backward();
        assertArrayEquals(new double[] {0, 0, 0, 0, 6, 10}, v(m.grad()), 1e-6);

        Tensor x2 = t(b, 1, 2, 3).requiresGrad(true);
        Tensor y2 = x2.mul(1);
        Tensor twice = y2.narrow(0, 0, 2);
        twice.mul_(2);
        twice.mul_(3); // the same view updated again goes through the base again
        y2.sum().backward();
        assertArrayEquals(new double[] {6, 6, 1}, v(x2.grad()), 1e-6);

        Tensor x3 = t(b, 1, 2, 3).requiresGrad(true);
        Tensor w3 = t(b, 2, -1, 4).requiresGrad(true);
        Tensor y3 = x3.mul(1);
        Tensor updated = y3.narrow(0, 0, 2);
        updated.mul_(2);
        y3.narrow(0, 1, 2).mul_(w3.narrow(0, 1, 2)); // after which the updated view's history is stale
        updated.mul(t(b, 3, 5)).sum().backward();
        assertArrayEquals(new double[] {6, -10, 0}, v(x3.grad()), 1e-6);
        assertArrayEquals(new double[] {0, 20, 0}, v(w3.grad()), 1e-6);
        // the values PyTorch 1.13 gives for the same programs
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void updatesAutogradCannotFollowAreRefusedNotSilentlyWrong(String name) {
        Backend b = Backends.byName(name);
        Tensor x = t(b, 1, 2, 3).requiresGrad(true);
        var leafView = assertThrows(IllegalStateException.class, () -> x.narrow(0, 1, 2).mul_(3));
        assertTrue(leafView.getMessage().startsWith("mul_: a view of a leaf tensor that requires grad"), leafView.getMessage());
        Tensor y = x.mul(1);
        Tensor noGradView;
        try (var g = Tensor.noGrad()) {
            noGradView = y.narrow(0, 0, 2);
        }
        var ambiguous = assertThrows(IllegalStateException.class, () -> noGradView.mul_(x.narrow(0, 0, 2)));
        assertTrue(ambiguous.getMessage().startsWith("mul_: this view was taken under noGrad"), ambiguous.getMessage());
        // under noGrad nothing is recorded, and any view may be updated
        try (var g = Tensor.noGrad()) {
            x.narrow(0, 1, 2).mul_(3);
        }
        assertArrayEquals(new double[] {1, 6, 9}, v(x), 1e-6);
    }
}
