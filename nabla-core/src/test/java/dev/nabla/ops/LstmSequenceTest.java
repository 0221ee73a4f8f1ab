package dev.nabla.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.Parity;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The whole-sequence LSTM against its definition, the per-step {@link LstmCell} recurrence:
 * forward and the gradients of every input, in float32 on {@code cpu} and in float64 on
 * {@code ref}. (Central differences and cpu-against-ref: {@link OpCatalog}.)
 */
class LstmSequenceTest {
    private static final int T = 7;
    private static final int B = 3;
    private static final int H = 9;

    /** xProj, W_hh, b_hh, h0, c0 on {@code backend}, requiring gradients. */
    private static Tensor[] inputs(Backend backend) {
        Generator g = new Generator(42);
        int[][] shapes = {{T, B, 4 * H}, {4 * H, H}, {4 * H}, {B, H}, {B, H}};
        Tensor[] x = new Tensor[shapes.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = Tensor.randn(g, shapes[i]).mul(0.7).to(backend).detach().requiresGrad(true);
        }
        return x;
    }

    private static void assertSameAsPerStep(Backend backend, double tol) {
        Function<Tensor[], Tensor> fused = t -> LstmSequence.apply(t[0], t[1], t[2], t[3], t[4]);
        Function<Tensor[], Tensor> perStep = t -> LstmSequence.composite(t[0], t[1], t[2], t[3], t[4]);
        Tensor[] a = inputs(backend);
        Tensor[] b = inputs(backend);
        Tensor ya = fused.apply(a);
        Tensor yb = perStep.apply(b);
        assertArrayEquals(new int[] {2, T + 1, B, H}, ya.shape());
        Parity.assertClose(backend.name() + " states", yb, ya, tol, tol);
        Tensor w = Tensor.randn(new Generator(7), 2, T + 1, B, H).to(backend);
        ya.mul(w).sum().backward();
        yb.mul(w).sum().backward();
        String[] names = {"xProj", "W_hh", "b_hh", "h0", "c0"};
        for (int i = 0; i < a.length; i++) {
            Parity.assertClose(backend.name() + " gradient of " + names[i], b[i].grad(), a[i].grad(), tol, tol);
        }
    }

    @Test
    void float32OnCpuEqualsThePerStepRecurrence() {
        assertSameAsPerStep(Backends.CPU, 1e-5);
    }

    @Test
    void float64OnRefEqualsThePerStepRecurrence() {
        assertSameAsPerStep(Backends.REF, 1e-12);
    }
}
