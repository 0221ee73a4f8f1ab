package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.DType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The edge semantics of the everyday ops, worked out by hand (PyTorch's documented behaviour), on both backends. */
class EverydayOpsTest {
    private static final double NAN = Double.NaN;

    private static Backend backend(String name) {
        return Backends.byName(name);
    }

    private static Tensor t(Backend be, double... v) {
        return Tensor.of(v).to(be).to(be.floatType());
    }

    private static Tensor m(Backend be, double[][] rows) {
        return Tensor.of(rows).to(be).to(be.floatType());
    }

    private static void same(double[] expected, Tensor actual) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, "length of " + actual);
        for (int i = 0; i < a.length; i++) {
            assertTrue(Double.isNaN(expected[i]) ? Double.isNaN(a[i]) : Math.abs(expected[i] - a[i]) <= 1e-6,
                    "element " + i + ": expected " + expected[i] + " but was " + a[i] + " in " + actual);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void roundingHalfToEvenAndZeroGradient(String name) {
        Backend be = backend(name);
        Tensor x = t(be, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 1.7).requiresGrad(true);
        same(new double[] {-2, -2, -0.0, 0, 2, 2, 2}, x.round());
        same(new double[] {-3, -2, -1, 0, 1, 2, 1}, x.floor());
        same(new double[] {-2, -1, -0.0, 1, 2, 3, 2}, x.ceil());
        same(new double[] {-2, -1, -0.0, 0, 1, 2, 1}, x.trunc());
        same(new double[] {0.2, 0.4}, t(be, 0.25, 0.35).round(1));
        same(new double[] {1200, -200}, t(be, 1250, -150).round(-2));
        x.floor().add(x.ceil()).add(x.round()).sum().backward();
        same(new double[7], x.grad());
        assertEquals(DType.INT64, Tensor.of(new long[] {3}).floor().dtype());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void remainderTakesTheDivisorsSignAndFmodTheDividends(String name) {
        Backend be = backend(name);
        Tensor a = t(be, -3, 3, -3, 3, 5.5, -5.5);
        Tensor b = t(be, 2, 2, -2, -2, 2, 2);
        same(new double[] {1, 1, -1, -1, 1.5, 0.5}, a.remainder(b));
        same(new double[] {-1, 1, -1, 1, 1.5, -1.5}, a.fmod(b));
        same(new double[] {NAN}, t(be, 1).remainder(0));
        Tensor i = Tensor.of(new long[] {-7, 7}).to(be).remainder(3);
        assertEquals(DType.INT64, i.dtype());
        assertArrayEquals(new long[] {2, 1}, i.toLongArray());
        // d/db remainder(a, b) = -floor(a / b); d/db fmod(a, b) = -trunc(a / b)
        Tensor bb = t(be, 2, 2).requiresGrad(true);
        t(be, -3, 5).remainder(bb).sum().backward();
        same(new double[] {2, -2}, bb.grad());
        bb.zeroGrad();
        t(be, -3, 5).fmod(bb).sum().backward();
        same(new double[] {1, -2}, bb.grad());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void trigonometryAndAtan2Quadrants(String name) {
        Backend be = backend(name);
        same(new double[] {1, 0}, t(be, Math.PI / 2, 0).sin());
        same(new double[] {-1, 1}, t(be, Math.PI, 0).cos());
        same(new double[] {3 * Math.PI / 4, -3 * Math.PI / 4, Math.PI / 4, Math.PI, Math.PI / 2},
                t(be, 1, -1, 1, 0, 1).atan2(t(be, -1, -1, 1, -1, 0)));
        assertEquals(be.floatType(), Tensor.of(new long[] {1}).to(be).atan2(Tensor.of(new long[] {1}).to(be)).dtype());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void sortIsStableBothWaysWithNaNLargest(String name) {
        Backend be = backend(name);
        ValuesIndices up = t(be, 2, 1, 2, 1, 3).sort(0, false, true);
        same(new double[] {1, 1, 2, 2, 3}, up.values());
        assertArrayEquals(new long[] {1, 3, 0, 2, 4}, up.indices().toLongArray());
        ValuesIndices down = t(be, 2, 1, 2, 1, 3).sort(0, true, true);
        same(new double[] {3, 2, 2, 1, 1}, down.values());
        assertArrayEquals(new long[] {4, 0, 2, 1, 3}, down.indices().toLongArray());
        ValuesIndices nan = t(be, 3, NAN, 1, NAN, -0.0, 0).sort();
        same(new double[] {0, 0, 1, 3, NAN, NAN}, nan.values());
        assertArrayEquals(new long[] {4, 5, 2, 0, 1, 3}, nan.indices().toLongArray());
        assertArrayEquals(new long[] {1, 3, 0, 2, 5, 4}, t(be, 3, NAN, 1, NAN, -1, 0).argsort(0, true).toLongArray());
        // gradients flow to the elements at their sorted positions
        Tensor x = t(be, 3, 1, 2).requiresGrad(true);
        x.sort().values().mul(t(be, 10, 20, 30)).sum().backward();
        same(new double[] {30, 10, 20}, x.grad());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void topkLargestAndSmallest(String name) {
        Backend be = backend(name);
        Tensor x = t(be, 1, 5, 3, 5, 2).requiresGrad(true);
        ValuesIndices top = x.topk(2);
        same(new double[] {5, 5}, top.values());
        assertArrayEquals(new long[] {1, 3}, top.indices().toLongArray());
        ValuesIndices low = x.topk(2, 0, false, true);
        same(new double[] {1, 2}, low.values());
        assertArrayEquals(new long[] {0, 4}, low.indices().toLongArray());
        top.values().sum().backward();
        same(new double[] {0, 1, 0, 1, 0}, x.grad());
        ValuesIndices rows = m(be, new double[][] {{1, 9, 4}, {7, 2, 8}}).topk(1, 1, true, true);
        assertArrayEquals(new int[] {2, 1}, rows.values().shape());
        assertArrayEquals(new long[] {1, 2}, rows.indices().toLongArray());
        assertThrows(IllegalArgumentException.class, () -> x.topk(6));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void medianIsTheLowerMiddleValueAndQuantileInterpolates(String name) {
        Backend be = backend(name);
        assertEquals(2, t(be, 1, 4, 2, 3).median().item());
        assertEquals(3, t(be, 5, 1, 3).median().item());
        assertTrue(Double.isNaN(t(be, 1, NAN, 3).median().item()));
        ValuesIndices med = m(be, new double[][] {{1, 4, 2, 3}, {5, 0, 5, 9}}).median(1, false);
        same(new double[] {2, 5}, med.values());
        assertEquals(2, med.indices().toLongArray()[0]);
        Tensor x = t(be, 4, 1, 3, 2).requiresGrad(true);
        x.median().backward();
        same(new double[] {0, 0, 0, 1}, x.grad());

        Tensor q = t(be, 1, 2, 3, 4);
        assertEquals(2.5, q.quantile(0.5).item(), 1e-6);
        assertEquals(2.2, q.quantile(0.4).item(), 1e-6);
        assertEquals(2, q.quantile(0.4, null, false, "lower").item());
        assertEquals(3, q.quantile(0.4, null, false, "higher").item());
        assertEquals(3, q.quantile(0.5, null, false, "nearest").item()); // rank 1.5 rounds to even: 2
        assertEquals(2, q.quantile(0.4, null, false, "nearest").item());
        assertEquals(2.5, q.quantile(0.4, null, false, "midpoint").item());
        Tensor qs = m(be, new double[][] {{1, 2}, {3, 4}, {5, 6}}).quantile(t(be, 0.25, 0.75), 0, false, "linear");
        assertArrayEquals(new int[] {2, 2}, qs.shape());
        same(new double[] {2, 3, 4, 5}, qs);
        assertArrayEquals(new int[] {1, 1}, m(be, new double[][] {{1, 2}}).quantile(0.5, null, true, "linear").shape());
        assertTrue(Double.isNaN(t(be, 1, NAN).quantile(0.1).item()));
        assertThrows(IllegalArgumentException.class, () -> q.quantile(1.5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void cumsumCumprodAndProd(String name) {
        Backend be = backend(name);
        same(new double[] {1, 3, 6}, t(be, 1, 2, 3).cumsum(0));
        Tensor counts = Tensor.of(new boolean[] {true, false, true}).to(be).cumsum(0);
        assertEquals(DType.INT64, counts.dtype());
        assertArrayEquals(new long[] {1, 1, 2}, counts.toLongArray());
        same(new double[] {1, 2, 3, 5, 7, 9}, m(be, new double[][] {{1, 2, 3}, {4, 5, 6}}).cumsum(0));
        // cumprod of [2, 0, 3, 0, 5] is [2, 0, 0, 0, 0]; with dy = 1: dx = [1, x0 + x0 x2, 0, 0, 0] = [1, 8, 0, 0, 0]
        Tensor x = t(be, 2, 0, 3, 0, 5).requiresGrad(true);
        Tensor y = x.cumprod(0);
        same(new double[] {2, 0, 0, 0, 0}, y);
        y.sum().backward();
        same(new double[] {1, 8, 0, 0, 0}, x.grad());
        Tensor p = t(be, 2, 0, 4).requiresGrad(true);
        assertEquals(0, p.prod().item());
        p.prod().backward();
        same(new double[] {0, 8, 0}, p.grad());
        assertEquals(24, t(be, 2, 3, 4).prod().item());
        same(new double[] {3, 8}, m(be, new double[][] {{1, 2}, {3, 4}}).prod(0, false));
        assertArrayEquals(new int[] {2, 1}, m(be, new double[][] {{1, 2}, {3, 4}}).prod(1, true).shape());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void repeatTileFlipRollTriangles(String name) {
        Backend be = backend(name);
        Tensor v = t(be, 1, 2);
        Tensor r = v.repeat(2, 2);
        assertArrayEquals(new int[] {2, 4}, r.shape());
        same(new double[] {1, 2, 1, 2, 1, 2, 1, 2}, r);
        same(new double[] {1, 2, 1, 2}, v.tile(2));
        Tensor sq = m(be, new double[][] {{1, 2}, {3, 4}});
        Tensor tiled = sq.tile(2); // dims padded to (1, 2)
        assertArrayEquals(new int[] {2, 4}, tiled.shape());
        same(new double[] {1, 2, 1, 2, 3, 4, 3, 4}, tiled);
        assertThrows(IllegalArgumentException.class, () -> sq.repeat(2));
        same(new double[] {3, 4, 1, 2}, sq.flip(0));
        same(new double[] {4, 3, 2, 1}, sq.flip(0, 1));
        same(new double[] {4, 5, 1, 2, 3}, t(be, 1, 2, 3, 4, 5).roll(2));
        same(new double[] {2, 3, 4, 5, 1}, t(be, 1, 2, 3, 4, 5).roll(-1));
        Tensor two = m(be, new double[][] {{1, 2, 3}, {4, 5, 6}});
        same(new double[] {6, 1, 2, 3, 4, 5}, two.roll(1));
        same(new double[] {6, 4, 5, 3, 1, 2}, two.roll(new int[] {1, 1}, new int[] {0, 1}));
        Tensor nine = Tensor.arange(1.0, 10.0, 1.0).to(be).reshape(3, 3);
        same(new double[] {0, 0, 0, 4, 0, 0, 7, 8, 0}, nine.tril(-1));
        same(new double[] {0, 2, 3, 0, 0, 6, 0, 0, 0}, nine.triu(1));
        same(new double[] {1, 0, 0, 4, 5, 0, 7, 8, 9}, nine.tril());
        same(new double[] {1, 2, 0, 4, 5, 6}, two.tril(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void scatterAndIndexPut(String name) {
        Backend be = backend(name);
        // PyTorch's documented example: only src's index-shaped corner is read
        Tensor src = Tensor.arange(1.0, 11.0, 1.0).to(be).reshape(2, 5);
        Tensor index = Tensor.of(new long[] {0, 1, 2, 0}, 1, 4).to(be);
        same(new double[] {1, 0, 0, 4, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0},
                Tensor.zeros(3, 5).to(be).scatter(0, index, src));
        Tensor full = Tensor.full(2.0, 2, 4).to(be);
        Tensor idx = Tensor.of(new long[] {2, 3}, 2, 1).to(be);
        Tensor c = Tensor.full(1.23, 2, 1).to(be);
        same(new double[] {2, 2, 2.46, 2, 2, 2, 2, 2.46}, full.scatter(1, idx, c, "multiply"));
        same(new double[] {2, 2, 3.23, 2, 2, 2, 2, 3.23}, full.scatter(1, idx, c, "add"));
        same(new double[] {2, 2, -1, 2, 2, 2, 2, -1}, full.scatter(1, idx, -1));
        Tensor x = Tensor.ones(2, 4).to(be).requiresGrad(true);
        Tensor s = Tensor.full(3.0, 2, 1).to(be).requiresGrad(true);
        x.scatter(1, idx, s).mul(Tensor.arange(1.0, 9.0, 1.0).to(be).reshape(2, 4)).sum().backward();
        same(new double[] {1, 2, 0, 4, 5, 6, 7, 0}, x.grad());
        same(new double[] {3, 8}, s.grad());

        Tensor acc = Tensor.zeros(3).to(be).indexPut(new Tensor[] {Tensor.of(new long[] {0, 0, 2}).to(be)},
                t(be, 1, 2, 3), true);
        same(new double[] {3, 0, 3}, acc);
        Tensor put = Tensor.zeros(2, 3).to(be).indexPut(new Tensor[] {Tensor.of(new long[] {0, -1}).to(be),
            Tensor.of(new long[] {2, 0}).to(be)}, t(be, 5));
        same(new double[] {0, 0, 5, 5, 0, 0}, put);
        Tensor rows = Tensor.zeros(3, 2).to(be).indexPut(new Tensor[] {Tensor.of(new long[] {-1}).to(be)}, t(be, 7, 8));
        same(new double[] {0, 0, 0, 0, 7, 8}, rows);
        Tensor masked = sq(be).indexPut(new Tensor[] {sq(be).gt(2)}, t(be, 0));
        same(new double[] {1, 2, 0, 0}, masked);
        same(new double[] {1, -1, 3}, t(be, 1, 2, 3).maskedFill(Tensor.of(new boolean[] {false, true, false}).to(be), -1));
        assertThrows(IndexOutOfBoundsException.class,
                () -> Tensor.zeros(3).to(be).indexPut(new Tensor[] {Tensor.of(new long[] {3}).to(be)}, t(be, 1)));
    }

    private static Tensor sq(Backend be) {
        return m(be, new double[][] {{1, 2}, {3, 4}});
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void einsumForms(String name) {
        Backend be = backend(name);
        Tensor a = sq(be);
        assertEquals(5, Tensor.einsum("ii", a).item());
        same(new double[] {1, 4}, Tensor.einsum("ii->i", a));
        same(new double[] {1, 3, 2, 4}, Tensor.einsum("ij->ji", a));
        same(new double[] {1, 3, 2, 4}, Tensor.einsum("ba", a)); // implicit output: alphabetical
        same(new double[] {1, 3, 2, 4}, Tensor.einsum("aB", a)); // upper case sorts first
        assertEquals(11, Tensor.einsum("i,i", t(be, 1, 2), t(be, 3, 4)).item());
        same(a.matmul(a).toDoubleArray(), Tensor.einsum("ij,jk", a, a));
        same(new double[] {3, 4, 6, 8}, Tensor.einsum("i,j->ij", t(be, 1, 2), t(be, 3, 4)));
        assertEquals(10, Tensor.einsum("ij->", a).item());
        Tensor b = Tensor.arange(0.0, 12.0, 1.0).to(be).reshape(2, 2, 3);
        same(a.matmul(b).toDoubleArray(), Tensor.einsum("...ij,...jk->...ik", a, b));
        assertThrows(IllegalArgumentException.class, () -> Tensor.einsum("ij,jk->ik", a, t(be, 1, 2)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.einsum("ij->k", a));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void activationsAtTheirBoundaries(String name) {
        Backend be = backend(name);
        Tensor x = t(be, -3, -1, 0, 1, 3, 4).requiresGrad(true);
        same(new double[] {0, -1 * 2 / 6.0, 0, 4 / 6.0, 3, 4}, x.hardswish());
        x.hardswish().sum().backward();
        same(new double[] {-0.5, 1 / 6.0, 0.5, 5 / 6.0, 1, 1}, x.grad()); // at 3 the slope of x, as PyTorch's
        Tensor h = t(be, -2, -1, 0.5, 1, 2).requiresGrad(true);
        same(new double[] {-1, -1, 0.5, 1, 1}, h.hardtanh());
        h.hardtanh().sum().backward();
        same(new double[] {0, 0, 1, 0, 0}, h.grad());
        Tensor z = t(be, 0, -100, 100).requiresGrad(true);
        same(new double[] {-Math.log(2), -100, 0}, z.logSigmoid());
        z.logSigmoid().sum().backward();
        same(new double[] {0.5, 1, 0}, z.grad());
        assertEquals(0.8650983882673103, t(be, 1).mish().item(), 1e-6);
        assertEquals(-0.30340146137410895, t(be, -1).mish().item(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> t(be, 1).bmm(t(be, 1)));
    }
}
