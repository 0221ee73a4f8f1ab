package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.DType;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** PyTorch's small conveniences: comparisons with tolerance, shapes and types of another tensor, sampling. */
class ConveniencesTest {

    @Test
    void iscloseAsPyTorchAtTheEdges() {
        double inf = Double.POSITIVE_INFINITY;
        Tensor a = Tensor.of(new double[] {1, 1e10, inf, Double.NaN, 1, -inf});
        Tensor b = Tensor.of(new double[] {1 + 1e-6, 1.0001e10, inf, Double.NaN, 1.1, inf});
        // torch.isclose(a, b) and with equal_nan=True (PyTorch 1.13)
        assertArrayEquals(new boolean[] {true, false, true, false, false, false}, a.isclose(b).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false, true, true, false, false},
                a.isclose(b, 1e-5, 1e-8, true).toBooleanArray());
        assertFalse(a.allclose(b));
        assertTrue(a.narrow(0, 0, 1).allclose(b.narrow(0, 0, 1)));
        assertTrue(Tensor.ones(2, 2).equal(Tensor.ones(2, 2)));
        assertFalse(Tensor.ones(2, 2).equal(Tensor.ones(4)), "same values, other shape");
    }

    @Test
    void shapesAndTypesOfAnother() {
        Tensor x = Tensor.arange(6);
        assertArrayEquals(new int[] {2, 3}, x.viewAs(Tensor.zeros(2, 3)).shape());
        assertArrayEquals(new int[] {3, 2}, x.reshapeAs(Tensor.zeros(3, 2)).shape());
        assertEquals(DType.FLOAT64, x.typeAs(Tensor.zeros(DType.FLOAT64, 1)).dtype());
        assertArrayEquals(new int[] {1, 3}, x.reshape(2, 3).mT().stride());
        assertArrayEquals(new double[] {1, 10, 100}, Tensor.logspace(0, 2, 3, 10).toDoubleArray(), 1e-4);
        assertArrayEquals(new double[] {1, 2, 4, 8}, Tensor.logspace(0, 3, 4, 2).toDoubleArray(), 1e-5);
    }

    @Test
    void multinomialDrawsByWeightAndIsSeeded() {
        Tensor weights = Tensor.of(new double[] {0, 1, 3, 0, 6});
        long[] draws = Tensor.multinomial(weights, 10_000, true, new Generator(1)).toLongArray();
        int[] counts = new int[5];
        for (long d : draws) {
            counts[(int) d]++;
        }
        assertEquals(0, counts[0] + counts[3], "categories of zero weight are never drawn");
        assertEquals(0.1, counts[1] / 10_000.0, 0.015);
        assertEquals(0.6, counts[4] / 10_000.0, 0.015);
        assertArrayEquals(draws, Tensor.multinomial(weights, 10_000, true, new Generator(1)).toLongArray());
        Tensor rows = Tensor.multinomial(weights.reshape(1, 5).expand(4, 5), 3, false, new Generator(2));
        assertArrayEquals(new int[] {4, 3}, rows.shape());
        for (int r = 0; r < 4; r++) {
            Set<Long> distinct = new HashSet<>();
            for (long v : rows.select(0, r).toLongArray()) {
                distinct.add(v);
            }
            assertEquals(Set.of(1L, 2L, 4L), distinct, "without replacement: each non-zero category once");
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.multinomial(weights, 4, false, new Generator(0)));
        assertEquals("multinomial: cannot draw 4 samples without replacement from 3 categories of non-zero weight",
                e.getMessage());
    }

    @Test
    void randomFillsInPlace() {
        Tensor w = Tensor.zeros(100, 100);
        w.normal_(new Generator(3), 2, 0.5);
        assertEquals(2, w.mean().item(), 0.02);
        assertEquals(0.5, w.std().item(), 0.02);
        w.uniform_(new Generator(3), -1, 1);
        assertTrue(w.amin(new int[] {0, 1}, false).item() >= -1 && w.amax(new int[] {0, 1}, false).item() < 1);
        Tensor leaf = Tensor.zeros(2).requiresGrad(true);
        assertThrows(IllegalStateException.class, () -> leaf.normal_(new Generator(0), 0, 1));
    }
}
