package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tensor creation, views and values worked out by hand. */
class TensorTest {

    /** As PyTorch: {@code torch.empty(0, 1).reshape(-1)} is {@code [0]}; {@code reshape(0, -1)} is ambiguous. */
    @Test
    void emptyTensorsReshapeWithAnInferredSize() {
        Tensor e = Tensor.of(new float[0], 0, 3);
        assertArrayEquals(new int[] {0}, e.reshape(-1).shape());
        assertArrayEquals(new int[] {0, 3}, e.reshape(-1, 3).shape());
        assertArrayEquals(new int[] {3, 0}, e.reshape(3, -1).shape());
        assertEquals(0, e.sum().item(), 0.0);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> e.reshape(0, -1));
    }

    @Test
    void creationFunctions() {
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0}, Tensor.zeros(2, 3).toFloatArray());
        assertEquals(DType.FLOAT32, Tensor.ones(2).dtype());
        assertArrayEquals(new long[] {2, 5, 8}, Tensor.arange(2, 10, 3).toLongArray());
        assertArrayEquals(new long[] {5, 3, 1}, Tensor.arange(5, 0, -2).toLongArray());
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1}, Tensor.linspace(0, 1, 5).toFloatArray());
        assertArrayEquals(new float[] {1, 0, 0, 1}, Tensor.eye(2).toFloatArray());
        assertArrayEquals(new float[] {7, 7}, Tensor.full(7, 2).toFloatArray());
        assertEquals(3.5, Tensor.scalar(3.5).item());
        assertEquals(0, Tensor.scalar(1).dim());
        assertArrayEquals(new float[] {0.5f, 1, 1.5f}, Tensor.arange(0.5, 2, 0.5).toFloatArray());
    }

    @Test
    void nestedAndFlatArrays() {
        Tensor a = Tensor.fromArray(new double[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}});
        assertArrayEquals(new int[] {2, 2, 2}, a.shape());
        assertEquals(DType.FLOAT64, a.dtype());
        assertEquals(7.0, a.select(0, 1).select(0, 1).select(0, 0).item());
        Tensor b = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(6.0, b.select(0, 1).select(0, 2).item());
        assertEquals(DType.INT64, Tensor.fromArray(new int[][] {{1}, {2}}).dtype());
        assertEquals(DType.BOOL, Tensor.of(new boolean[] {true, false}).dtype());
    }

    @Test
    void viewsShareStorage() {
        Tensor x = Tensor.arange(12).reshape(3, 4);
        Tensor t = x.transpose(0, 1);
        assertFalse(t.isContiguous());
        assertSame(x.data().storage(), t.data().storage());
        assertArrayEquals(new long[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, t.toLongArray());
        assertArrayEquals(new long[] {1, 3}, x.select(0, 0).slice(0, 1, 4, 2).toLongArray());
        assertArrayEquals(new long[] {4, 5, 6, 7}, x.narrow(0, 1, 1).toLongArray());
        assertArrayEquals(new int[] {2, 3, 4}, x.unsqueeze(0).expand(2, 3, 4).shape());
        assertArrayEquals(new int[] {4, 3}, x.permute(1, 0).shape());
        assertArrayEquals(new int[] {12}, x.flatten().shape());
        assertArrayEquals(new int[] {3, 4}, x.unsqueeze(1).squeeze(1).shape());
        Tensor f = Tensor.zeros(2, 3);
        f.narrow(1, 1, 1).fill(5);
        assertArrayEquals(new float[] {0, 5, 0, 0, 5, 0}, f.toFloatArray());
    }

    /** As PyTorch: view and reshape split or merge dims laid out as one block in place, whatever the other strides. */
    @Test
    void reshapeOfAStridedTensorIsAViewWhenTheStridesAllowIt() {
        Tensor x = Tensor.arange(24).reshape(2, 12);
        Tensor cols = x.narrow(1, 4, 8); // strides [12, 1]
        Tensor v = cols.view(2, 2, 4);
        assertSame(x.data().storage(), v.data().storage());
        assertArrayEquals(new int[] {12, 4, 1}, v.data().stridesRef());
        assertArrayEquals(new long[] {4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23}, v.toLongArray());
        assertSame(x.data().storage(), cols.reshape(2, 2, 2, 2).data().storage());
        Tensor t = x.view(2, 3, 4).transpose(1, 2); // [2, 4, 3], strides [12, 1, 4]
        assertSame(x.data().storage(), t.reshape(2, 4, 3, 1).data().storage());
        assertNotSame(x.data().storage(), t.reshape(8, 3).data().storage()); // merging 4 and 3 needs a copy
        assertArrayEquals(new long[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, t.reshape(8, 3).narrow(0, 0, 4).toLongArray());
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> t.view(8, 3));
        assertTrue(e.getMessage().contains("[2, 4, 3]") && e.getMessage().contains("[8, 3]"), e.getMessage());
    }

    @Test
    void splitChunkConcatStack() {
        Tensor x = Tensor.arange(10);
        List<Tensor> parts = x.split(4, 0);
        assertEquals(3, parts.size());
        assertArrayEquals(new long[] {8, 9}, parts.get(2).toLongArray());
        assertEquals(3, x.chunk(3, 0).size());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, Tensor.concat(parts, 0).toLongArray());
        Tensor s = Tensor.stack(List.of(Tensor.arange(3), Tensor.arange(3)), 1);
        assertArrayEquals(new int[] {3, 2}, s.shape());
        assertArrayEquals(new long[] {0, 0, 1, 1, 2, 2}, s.toLongArray());
    }

    @Test
    void arithmeticBroadcastingAndReductionsByHand() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new float[] {10, 20, 30});
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, a.add(b).toFloatArray());
        assertArrayEquals(new float[] {6, 15}, a.sum(1).toFloatArray());
        assertArrayEquals(new float[] {2.5f, 3.5f, 4.5f}, a.mean(0).toFloatArray());
        assertEquals(3.5, a.mean().item(), 1e-6);
        assertEquals(17.5 / 5, a.var().item(), 1e-6);
        assertEquals(Math.sqrt(17.5 / 6), a.std(new int[0], false, false).item(), 1e-6);
        assertEquals(Math.sqrt(91), a.norm().item(), 1e-5);
        assertArrayEquals(new long[] {2, 2}, a.argmax(1, false).toLongArray());
        assertEquals(5L, a.argmax().item(), 0);
        assertArrayEquals(new float[] {3, 6}, a.max(1, false).values().toFloatArray());
        assertArrayEquals(new float[] {22, 28, 49, 64}, a.matmul(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2))
                .toFloatArray());
        assertEquals(32.0, Tensor.of(new float[] {1, 2, 3}).dot(Tensor.of(new float[] {4, 5, 6})).item());
        assertArrayEquals(new boolean[] {false, true, true}, b.gt(15).toBooleanArray());
        assertArrayEquals(new float[] {0, 20, 30}, b.maskedFill(b.lt(15), 0).toFloatArray());
        assertArrayEquals(new float[] {-1, 0.5f, 1}, Tensor.of(new float[] {-3, 0.5f, 2}).clamp(-1, 1).toFloatArray());
        Tensor logits = Tensor.of(new float[] {1, 2, 3});
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals(Math.exp(3) / z, logits.softmax(0).select(0, 2).item(), 1e-6);
        assertEquals(Math.log(z), logits.logSumExp(0, false).item(), 1e-5);
    }

    @Test
    void activationsByFormula() {
        Tensor x = Tensor.of(new double[] {-2, -0.5, 0.5, 2});
        double[] v = {-2, -0.5, 0.5, 2};
        double[] gelu = x.gelu().toDoubleArray();
        double[] silu = x.silu().toDoubleArray();
        double[] elu = x.elu().toDoubleArray();
        double[] softplus = x.softplus().toDoubleArray();
        for (int i = 0; i < 4; i++) {
            double phi = 0.5 * (1 + erf(v[i] / Math.sqrt(2)));
            assertEquals(v[i] * phi, gelu[i], 5e-7);
            assertEquals(v[i] / (1 + Math.exp(-v[i])), silu[i], 1e-12);
            assertEquals(v[i] > 0 ? v[i] : Math.exp(v[i]) - 1, elu[i], 1e-12);
            assertEquals(Math.log(1 + Math.exp(v[i])), softplus[i], 1e-12);
        }
        assertEquals(1.0, Tensor.of(new double[] {800}).sigmoid().item());
        assertEquals(0.0, Tensor.of(new double[] {-800}).sigmoid().item());
        assertEquals(800.0, Tensor.of(new double[] {800}).softplus().item());
    }

    /** Independent erf (Abramowitz and Stegun 7.1.26, |error| < 1.5e-7). */
    private static double erf(double x) {
        double t = 1 / (1 + 0.3275911 * Math.abs(x));
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592)
                * t * Math.exp(-x * x);
        return Math.copySign(y, x);
    }

    @Test
    void indexing() {
        Tensor table = Tensor.of(new float[] {0, 1, 10, 11, 20, 21}, 3, 2);
        Tensor idx = Tensor.of(new long[] {2, 0, 2});
        assertArrayEquals(new float[] {20, 21, 0, 1, 20, 21}, table.indexSelect(0, idx).toFloatArray());
        Tensor picked = table.gather(1, Tensor.of(new long[] {1, 0, 1}, 3, 1));
        assertArrayEquals(new float[] {1, 10, 21}, picked.toFloatArray());
        Tensor sums = Tensor.zeros(3).scatterAdd(0, Tensor.of(new long[] {0, 2, 0}), Tensor.of(new float[] {1, 2, 3}));
        assertArrayEquals(new float[] {4, 0, 2}, sums.toFloatArray());
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 1}, Tensor.of(new long[] {1, 2}).oneHot(3).toFloatArray());
    }

    @Test
    void randomIsSeededAndDeterministic() {
        Tensor a = Tensor.randn(new Generator(7), 1000);
        Tensor b = Tensor.randn(new Generator(7), 1000);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        assertNotEquals(a.select(0, 0).item(), Tensor.randn(new Generator(8), 1).item());
        assertEquals(0, a.mean().item(), 0.1);
        assertEquals(1, a.std().item(), 0.1);
        Tensor u = Tensor.rand(new Generator(1), 10000);
        assertTrue(u.min().item() >= 0 && u.max().item() < 1);
        assertEquals(0.3, Tensor.bernoulli(new Generator(2), 0.3, 10000).mean().item(), 0.02);
        long[] perm = Tensor.randperm(new Generator(3), 50).toLongArray();
        assertEquals(50 * 49 / 2, java.util.Arrays.stream(perm).sum());
        assertEquals(50, java.util.Arrays.stream(perm).distinct().count());
        // randperm draws under one lock exactly what Fisher-Yates over nextLong(i + 1) draws
        Generator one = new Generator(3);
        long[] byHand = java.util.stream.LongStream.range(0, 50).toArray();
        for (int i = 49; i > 0; i--) {
            int j = (int) one.nextLong(i + 1);
            long t = byHand[i];
            byHand[i] = byHand[j];
            byHand[j] = t;
        }
        assertArrayEquals(byHand, perm);
        Generator bulk = new Generator(3);
        bulk.shuffle(new long[50]);
        assertArrayEquals(one.getState(), bulk.getState(), "the same draws");
        Tensor.manualSeed(5);
        float[] first = Tensor.rand(4).toFloatArray();
        Tensor.manualSeed(5);
        assertArrayEquals(first, Tensor.rand(4).toFloatArray());
        Generator g = new Generator(11);
        long[] state = g.getState();
        double next = g.nextDouble();
        g.setState(state);
        assertEquals(next, g.nextDouble());
    }

    @Test
    void printsLikePyTorch() {
        assertEquals("tensor([[1., 2.],\n        [3., 4.]])", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).toString());
        assertEquals("tensor([0.5000, 1.2500])", Tensor.of(new float[] {0.5f, 1.25f}).toString());
        assertEquals("tensor([1, 2])", Tensor.of(new long[] {1, 2}).toString());
        assertEquals("tensor([ true, false])", Tensor.of(new boolean[] {true, false}).toString());
        assertEquals("tensor([1.5000], dtype=float64)", Tensor.of(new double[] {1.5}).toString());
        String big = Tensor.arange(2000).toString();
        assertEquals("tensor([   0,    1,    2, ..., 1997, 1998, 1999])", big);
        Tensor w = Tensor.ones(2).requiresGrad(true);
        assertEquals("tensor([1., 1.], requires_grad=true)", w.toString());
        assertTrue(w.mul(2).toString().endsWith("grad_fn=<mul>)"));
    }

    @Test
    void allCloseAndConversions() {
        Tensor a = Tensor.of(new float[] {1, 2});
        assertTrue(a.allClose(Tensor.of(new float[] {1, 2.000001f})));
        assertFalse(a.allClose(Tensor.of(new float[] {1, 2.1f})));
        assertFalse(a.allClose(Tensor.of(new float[] {1, 2, 3})));
        assertArrayEquals(new double[] {1, 2}, a.to(DType.FLOAT64).toDoubleArray());
        assertArrayEquals(new long[] {-1, 2}, Tensor.of(new float[] {-1.7f, 2.2f}).to(DType.INT64).toLongArray());
        long big = Long.MAX_VALUE - 1;
        assertEquals(big, Tensor.of(new long[] {1, big}).slice(0, 1, 2).clone().toLongArray()[0]);
    }
}
