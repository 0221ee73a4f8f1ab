package dev.nabla.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.AdamStep;
import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Version counters (PyTorch's {@code _version}): in-place updates bump the counter shared by a
 * storage's views, and backward refuses a tensor that an op saved and that was modified since,
 * instead of computing a wrong gradient; ops that saved nothing do not mind.
 */
class VersionCounterTest {

    private static Tensor t(Backend be, double... v) {
        return Tensor.of(v).to(be).to(be.floatType()).detach();
    }

    private static IllegalStateException refused(Tensor loss) {
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().startsWith("one of the variables needed for gradient computation has been "
                + "modified by an inplace operation"), e.getMessage());
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void inPlaceUpdatesBumpTheVersionSharedByViews(String name) {
        Backend be = Backends.byName(name);
        Tensor x = t(be, 1, 2, 3, 4);
        Tensor view = x.reshape(2, 2).transpose(0, 1);
        assertEquals(0, x.version());
        x.fill(1);
        view.select(0, 1).assign(t(be, 5, 6));
        assertEquals(2, x.version());
        assertEquals(2, view.version(), "views share the counter");
        assertEquals(2, x.detach().version());
        assertEquals(0, x.clone().version(), "a copy has its own");
        assertArrayEquals(new double[] {1, 1, 5, 6}, x.reshape(2, 2).transpose(0, 1).reshape(-1).toDoubleArray(), 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void modifyingASavedInputMakesBackwardThrow(String name) {
        Backend be = Backends.byName(name);
        Tensor w = t(be, 1, 2, 3).requiresGrad(true);
        Tensor x = t(be, 4, 5, 6);
        Tensor loss = w.mul(x).sum();
        x.fill(0); // mul saved x for dw = g * x
        IllegalStateException e = refused(loss);
        assertTrue(e.getMessage().contains("[" + be.floatType().shortName() + " [3]], which is input 1 of mul, is at "
                + "version 1; expected version 0 instead"), e.getMessage());

        Tensor y = t(be, 4, 5, 6);
        Tensor viaView = w.mul(y).sum();
        y.reshape(3, 1).select(1, 0).assign(t(be, 1, 1, 1)); // through a view
        refused(viaView);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void modifyingASavedOutputOrAParameterMakesBackwardThrow(String name) {
        Backend be = Backends.byName(name);
        Tensor w = t(be, 0.5, -1).requiresGrad(true);
        Tensor e = w.exp(); // exp's backward reads its output
        Tensor loss = e.sum();
        try (var ignored = Tensor.noGrad()) {
            e.mul(2); // not in place: fine
            e.assign(e.mul(2));
        }
        assertTrue(refused(loss).getMessage().contains("which is the output of exp"));

        Tensor w2 = t(be, 1, 2).requiresGrad(true);
        Tensor sq = w2.mul(w2).sum();
        try (var ignored = Tensor.noGrad()) {
            w2.assign(w2.sub(1)); // an optimizer step before backward
        }
        refused(sq);

        Tensor w3 = t(be, 1, 2).requiresGrad(true);
        Tensor m = Tensor.zerosLike(w3);
        Tensor v = Tensor.zerosLike(w3);
        Tensor lsq = w3.mul(w3).sum();
        dev.nabla.ops.AdamUpdate.apply(w3, t(be, 1, 1), m, v, null, new AdamStep(0.1, 0.9, 0.999, 1e-8, 0, false, 1));
        assertEquals(1, w3.version(), "an Adam step is an in-place update");
        refused(lsq);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void opsThatSaveNothingDoNotMind(String name) {
        Backend be = Backends.byName(name);
        Tensor w = t(be, 1, 2, 3).requiresGrad(true);
        Tensor x = t(be, 4, 5, 6);
        Tensor loss = w.add(x).sub(x).reshape(3, 1).transpose(0, 1).sum().add(w.neg().sum()).add(w.mul(2).sum());
        x.fill(100); // add, sub, views, neg and a product with a number read nothing x-related
        loss.backward();
        assertArrayEquals(new double[] {2, 2, 2}, w.grad().toDoubleArray(), 0);

        Tensor a = t(be, -1, 2).requiresGrad(true);
        Tensor h = a.mul(3);
        Tensor r = h.relu().sum(); // relu's backward reads its output, not its input
        try (var ignored = Tensor.noGrad()) {
            h.fill(7);
        }
        r.backward();
        assertArrayEquals(new double[] {0, 3}, a.grad().toDoubleArray(), 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void updatesAfterBackwardAreFineAndGradientsStillAccumulate(String name) {
        Backend be = Backends.byName(name);
        Tensor w = t(be, 1, 2).requiresGrad(true);
        for (int step = 0; step < 3; step++) {
            w.mul(w).sum().backward();
            try (var ignored = Tensor.noGrad()) {
                w.assign(w.sub(w.grad().mul(0.25)));
            }
            w.zeroGrad();
        }
        assertArrayEquals(new double[] {0.125, 0.25}, w.toDoubleArray(), 1e-7);
        Tensor u = t(be, 3).requiresGrad(true);
        Tensor twice = u.mul(u).sum();
        twice.backward(Tensor.onesLike(twice), true);
        twice.backward(Tensor.onesLike(twice), true); // the gradient accumulates in place: not a saved tensor
        assertArrayEquals(new double[] {12}, u.grad().toDoubleArray(), 1e-7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void newerOpsSaveWhatTheirBackwardReads(String name) {
        Backend be = Backends.byName(name);
        Tensor w = t(be, 0.5, 2, 3).requiresGrad(true);
        Tensor h = w.mul(2);
        Tensor product = h.cumprod(0).sum(); // cumprod reads its input and output
        Tensor sine = h.sin().sum();          // sin reads its input
        Tensor angle = w.atan2(h).sum();      // atan2 reads both operands
        try (var ignored = Tensor.noGrad()) {
            h.fill(1);
        }
        refused(product);
        refused(sine);
        refused(angle);

        Tensor w2 = t(be, 0.5, 2, 3).requiresGrad(true);
        Tensor h2 = w2.mul(2);
        Tensor loss = h2.cumsum(0).sum().add(h2.floor().sum()).add(h2.flip(0).narrow(0, 0, 2).sum())
                .add(h2.repeat(2).sum());
        try (var ignored = Tensor.noGrad()) {
            h2.fill(1); // cumsum, floor, flip, narrow and repeat read nothing of h2
        }
        loss.backward();
        assertArrayEquals(new double[] {2 * (3 + 0 + 0 + 2), 2 * (2 + 0 + 1 + 2), 2 * (1 + 0 + 1 + 2)},
                w2.grad().toDoubleArray(), 1e-6);

        Tensor src = t(be, 1, 2).requiresGrad(true);
        Tensor index = Tensor.of(new long[] {2, 0}).to(be);
        Tensor scattered = Tensor.zeros(be.floatType(), 3).to(be).scatter(0, index, src).mul(t(be, 1, 2, 3)).sum();
        index.fill(1); // scatter's backward gathers at the index
        refused(scattered);
    }
}
