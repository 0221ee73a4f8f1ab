package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.backend.Backends;
import dev.nabla.ops.Distances;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Diagonals, movedim, repeatInterleave, cross, meshgrid, unique and the distances, with PyTorch 1.13's values. */
class TensorRearrangeTest {

    private static double[] v(Tensor t) {
        return t.toDoubleArray();
    }

    @Test
    void diagonalsMovedimAndRepeats() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4).to(Backends.REF.floatType());
        Tensor d = x.diagonal(1, 2, 0);
        assertArrayEquals(new int[] {3, 1}, d.shape());
        assertArrayEquals(new double[] {12, 16, 20}, v(d), 0);
        assertArrayEquals(new double[] {4, 9, 16, 21}, v(x.diagonal(-1, 1, 2)), 0);
        assertArrayEquals(new double[] {0, 0, 0, 1, 0, 0, 0, 2, 0}, v(Tensor.of(new double[] {1, 2}).diag(-1)), 0);
        assertEquals(5, Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).trace().item(), 0);
        Tensor moved = x.movedim(0, -1);
        assertArrayEquals(new int[] {3, 4, 2}, moved.shape());
        assertArrayEquals(new double[] {0, 12, 1, 13, 2, 14}, java.util.Arrays.copyOf(v(moved.contiguous()), 6), 0);
        assertArrayEquals(new long[] {1, 2, 1, 2, 3, 4, 3, 4},
                Tensor.of(new long[] {1, 2, 3, 4}, 2, 2).repeatInterleave(2, 0).toLongArray());
        assertArrayEquals(new long[] {1, 1, 1, 2, 2, 2}, Tensor.of(new long[] {1, 2}).repeatInterleave(3).toLongArray());
        assertThrows(IllegalArgumentException.class, () -> x.diagonal(0, 1, -2));
    }

    @Test
    void crossMeshgridAndUnique() {
        Tensor c = Tensor.of(new double[] {1, 0, 0, 0, 1, 0}, 2, 3).cross(Tensor.of(new double[] {0, 1, 0, 0, 0, 2}, 2, 3), 1);
        assertArrayEquals(new double[] {0, 0, 1, 2, 0, 0}, v(c), 0);
        List<Tensor> g = Tensor.meshgrid("xy", Tensor.of(new double[] {1, 2, 3}), Tensor.of(new double[] {4, 5}));
        assertArrayEquals(new int[] {2, 3}, g.get(0).shape());
        assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3}, v(g.get(0).contiguous()), 0);
        assertArrayEquals(new double[] {4, 4, 4, 5, 5, 5}, v(g.get(1).contiguous()), 0);
        assertArrayEquals(new int[] {3, 2}, Tensor.meshgrid("ij", Tensor.zeros(3), Tensor.zeros(2)).get(1).shape());
        assertArrayEquals(new long[] {1, 2, 3}, Tensor.of(new long[] {3, 1, 2, 3, 1}).unique().toLongArray());
        assertArrayEquals(new double[] {-1, 2.5}, v(Tensor.of(new double[] {2.5, -1, 2.5}).unique()), 0);
    }

    @Test
    void kronecker() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new double[] {0, 5, 6, 7}, 2, 2);
        assertArrayEquals(new double[] {0, 5, 0, 10, 6, 7, 12, 14, 0, 15, 0, 20, 18, 21, 24, 28}, v(a.kron(b)), 0);
        Tensor row = Tensor.of(new double[] {1, -1});                      // [2] is padded to [1, 2]
        assertArrayEquals(new int[] {2, 4}, a.kron(row).shape());
        assertArrayEquals(new double[] {1, -1, 2, -2, 3, -3, 4, -4}, v(a.kron(row)), 0);
        assertArrayEquals(new int[] {2, 6, 4}, Tensor.zeros(1, 3, 2).kron(Tensor.zeros(2, 2, 2)).shape());
        assertEquals(6.0, Tensor.scalar(2.0).kron(Tensor.scalar(3.0)).item(), 0);
        assertEquals(dev.nabla.backend.DType.FLOAT64,
                Tensor.of(new long[] {1, 2}).kron(Tensor.of(new double[] {0.5})).dtype());
        Generator g = new Generator(3);
        dev.nabla.testing.GradCheck.check("kron", t -> t[0].kron(t[1]),
                Tensor.randn(g, 2, 3).to(dev.nabla.backend.DType.FLOAT64).requiresGrad(true),
                Tensor.randn(g, 3).to(dev.nabla.backend.DType.FLOAT64).requiresGrad(true));
    }

    @Test
    void distances() {
        assertArrayEquals(new double[] {0.6, 0.8, 0, 0},
                v(Distances.normalize(Tensor.of(new double[] {3, 4, 0, 0}, 2, 2), 2, 1, 1e-12)), 1e-15);
        assertArrayEquals(new double[] {0, 0.9999999999999998}, v(Distances.cosineSimilarity(
                Tensor.of(new double[] {1, 0, 1, 1}, 2, 2), Tensor.of(new double[] {0, 1, 2, 2}, 2, 2), 1, 1e-8)), 1e-15);
        assertArrayEquals(new double[] {5, 3.605551275463989}, v(Distances.cdist(
                Tensor.of(new double[] {0, 0, 1, 1}, 2, 2), Tensor.of(new double[] {3, 4}, 1, 2), 2)), 1e-14);
        assertArrayEquals(new double[] {4.999998600000004}, v(Distances.pairwiseDistance(
                Tensor.of(new double[] {0, 0}, 1, 2), Tensor.of(new double[] {3, 4}, 1, 2), 2, 1e-6, false)), 1e-14);
    }

    @Test
    void tensorBoundsGathersFillsAndRunningExtremes() {
        Tensor x = Tensor.of(new double[] {1, 5, -2, 0.5, -3, 4}, 2, 3).requiresGrad(true);
        Tensor y = x.clamp(Tensor.of(new double[] {0, 0, 0}), Tensor.of(new double[] {2, 3}, 2, 1));
        assertArrayEquals(new double[] {1, 2, 0, 0.5, 0, 3}, v(y), 0);
        y.sum().backward();
        assertArrayEquals(new double[] {1, 0, 0, 1, 0, 0}, v(x.grad()), 0);
        assertArrayEquals(new double[] {30, 40}, v(Tensor.of(new double[] {10, 20, 30, 40, 50, 60}, 2, 3)
                .takeAlongDim(Tensor.of(new long[] {2, 0}, 2, 1), 1)), 0);
        assertArrayEquals(new double[] {1, -1, 3, -1},
                v(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).indexFill(1, Tensor.of(new long[] {1}), -1)), 0);
        assertArrayEquals(new long[] {0, 1, 2, 2}, Tensor.of(new double[] {1, 3, 3, 2}).cummax(0).indices().toLongArray());
        assertArrayEquals(new long[] {0, 0, 1, 1}, Tensor.of(new double[] {2, 1, 1, 1}, 2, 2).cummin(0).indices().toLongArray());
        assertArrayEquals(new double[] {2.5, -1}, v(Tensor.where(Tensor.of(new boolean[] {true, false}), 2.5,
                Tensor.of(new double[] {7, -1}))), 0);
        assertArrayEquals(new int[] {2, 2, 3}, Tensor.zeros(2, 6).unflatten(1, 2, -1).shape());
        assertEquals(3, Tensor.zeros(2, 3).unbind(1).size());
    }
}
