package dev.nabla.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The helpers themselves: each passes what is right and fails what is wrong. */
@OnBackend("ref")
class GradCheckTest {
    private static final List<String> SEEN = new ArrayList<>();

    @Test
    void passesRightGradientsAndFailsWrongOrMissingOnes() {
        Tensor x = Tensor.randn(new Generator(1), 3, 4).requiresGrad(true);
        Tensor y = Tensor.randn(new Generator(2), 4).requiresGrad(true);
        GradCheck.check("mul tanh", t -> t[0].mul(t[1]).tanh(), x, y);
        assertThrows(AssertionFailedError.class, () -> GradCheck.check("detached", t -> t[0].mul(t[1].detach()), x, y));
        // x * stop_gradient(x) has a gradient, but half the true one
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> GradCheck.check("square, half detached", t -> t[0].mul(t[0].detach()), x));
        assertTrue(e.getMessage().contains("analytic"), e.getMessage());
        assertThrows(AssertionFailedError.class, () -> GradCheck.check("constant", t -> t[0].gt(0).to(t[0].dtype()), x));
    }

    @Test
    void onBackendSetsTheDefault() {
        assertEquals(Backends.REF, Backends.getDefault());
    }

    @OnEveryBackend
    void onEveryBackendRunsOncePerBackend(Backend backend) {
        assertEquals(backend, Backends.getDefault());
        assertEquals(backend.floatType(), Tensor.zeros(2).dtype());
        SEEN.add(backend.name());
    }

    @Test
    void parityComparesEveryBackendWithTheReference() {
        Parity.check("exp", b -> List.of(Tensor.arange(5).to(b.floatType()).exp()), 1e-6, 1e-6);
        assertThrows(AssertionFailedError.class, () -> Parity.check("backend-dependent",
                b -> List.of(Tensor.zeros(3).add(b == Backends.REF ? 0 : 1e-3)), 1e-6, 1e-6));
        assertEquals(Backends.REF, Backends.getDefault(), "restored");
    }

    @AfterAll
    static void everyBackendWasVisited() {
        assertEquals(Parity.BACKENDS.stream().map(Backend::name).toList(), SEEN);
    }
}
