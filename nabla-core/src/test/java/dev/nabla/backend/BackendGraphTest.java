package dev.nabla.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackendGraphTest {
    /** {@code loss = sum(relu(x w + b) * y)} and its gradients in w.grad(), b.grad(). */
    private static Tensor step(Tensor x, Tensor y, Tensor w, Tensor b) {
        Tensor loss = x.matmul(w).add(b).relu().mul(y).sum();
        loss.backward();
        return loss;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "ref"})
    void replaysComputeWhatTheCodeWouldOnNewInputs(String backend) {
        Backend be = Backends.byName(backend);
        Generator gen = new Generator(3);
        Tensor w = Tensor.randn(gen, 16, 8).to(be).requiresGrad(true);
        Tensor b = Tensor.randn(gen, 8).to(be).requiresGrad(true);
        Tensor x = Tensor.randn(gen, 4, 16).to(be);
        Tensor y = Tensor.randn(gen, 4, 8).to(be);
        Tensor[] loss = new Tensor[1];
        BackendGraph graph = BackendGraph.capture(() -> loss[0] = step(x, y, w, b));
        assertTrue(graph.replayable(), graph.reason());
        assertTrue(graph.size() > 0);
        Tensor gw = w.grad();
        Tensor gb = b.grad();
        for (int i = 0; i < 3; i++) {
            Tensor x2 = Tensor.randn(gen, 4, 16).to(be);
            Tensor y2 = Tensor.randn(gen, 4, 8).to(be);
            be.assign(x.data(), x2.data());
            be.assign(y.data(), y2.data());
            assertTrue(graph.replay());
            // the same step, eagerly, on copies of the parameters
            Tensor w2 = w.detach().clone().requiresGrad(true);
            Tensor b2 = b.detach().clone().requiresGrad(true);
            Tensor expected = step(x2, y2, w2, b2);
            assertEquals(expected.item(), loss[0].item());
            assertArrayEquals(w2.grad().toDoubleArray(), gw.toDoubleArray());
            assertArrayEquals(b2.grad().toDoubleArray(), gb.toDoubleArray());
        }
    }

    @Test
    void tensorsMadeWhileCapturingKeepTheRealBackend() {
        Tensor x = Tensor.randn(new Generator(1), 3, 3);
        Tensor[] made = new Tensor[2];
        BackendGraph.capture(() -> {
            made[0] = x.exp();
            made[1] = Tensor.zeros(2);
        });
        assertSame(Backends.CPU, made[0].backend());
        assertSame(Backends.CPU, made[1].backend());
        assertSame(Backends.CPU, BackendGraph.unwrap(Backends.CPU));
    }

    private static String reason(Consumer<Tensor> body) {
        Tensor x = Tensor.randn(new Generator(2), 4, 4);
        BackendGraph graph = BackendGraph.capture(() -> body.accept(x));
        assertFalse(graph.replayable());
        assertThrows(IllegalStateException.class, graph::replay);
        return graph.reason();
    }

    @Test
    void whatDependsOnDataOrChanceIsNotReplayable() {
        assertTrue(reason(x -> x.exp().sum().item()).contains("reads a value back"));
        assertTrue(reason(x -> x.add(Tensor.randn(4, 4))).contains("random"));
        assertTrue(reason(x -> x.argmax(1, false).backend().contains(x.argmax(1, false).data(), 2))
                .contains("branches on a value it computes"));
    }

    @Test
    void queriesOnTheInputsAreAskedBeforeEachReplay() {
        Tensor target = Tensor.of(new long[] {1, 2, 3}, 3);
        Tensor logits = Tensor.randn(new Generator(4), 3, 5);
        Tensor[] loss = new Tensor[1];
        BackendGraph graph = BackendGraph.capture(() -> loss[0] = dev.nabla.ops.CrossEntropy.contains(target, -100)
                ? null : dev.nabla.ops.CrossEntropy.apply(logits, target, true));
        assertTrue(graph.replayable(), graph.reason());
        Backends.CPU.assign(target.data(), Tensor.of(new long[] {0, 4, 2}, 3).data());
        assertTrue(graph.replay());
        assertEquals(dev.nabla.ops.CrossEntropy.apply(logits, target, true).item(), loss[0].item());
        Backends.CPU.assign(target.data(), Tensor.of(new long[] {0, -100, 2}, 3).data());
        assertFalse(graph.replay(), "the new targets hold the ignore index: another path");
        Backends.CPU.assign(target.data(), Tensor.of(new long[] {0, 7, 2}, 3).data());
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, graph::replay);
        assertEquals("crossEntropy: index 7 is out of bounds for size 5", e.getMessage());
    }

    @Test
    void capturesDoNotNest() {
        BackendGraph.capture(() -> assertThrows(IllegalStateException.class, () -> BackendGraph.capture(() -> { })));
        assertNull(BackendGraph.capture(() -> { }).reason());
    }
}
