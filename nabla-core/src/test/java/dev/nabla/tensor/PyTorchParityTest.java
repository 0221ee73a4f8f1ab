package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.DType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regressions for places where Nabla once differed from PyTorch 1.13; the expected values were
 * printed by PyTorch for the same calls.
 */
class PyTorchParityTest {
    private static final double NAN = Double.NaN;
    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    private static Tensor t(Backend be, double... v) {
        return Tensor.of(v).to(be).to(be.floatType());
    }

    private static void same(double[] expected, Tensor actual) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, "length of " + actual);
        for (int i = 0; i < a.length; i++) {
            assertTrue(Double.isNaN(expected[i]) ? Double.isNaN(a[i])
                            : expected[i] == a[i] || Math.abs(expected[i] - a[i]) <= 1e-6,
                    "element " + i + ": expected " + expected[i] + " but was " + a[i] + " in " + actual);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void clampWithMinAboveMaxGivesMaxEverywhere(String name) {
        Backend be = Backends.byName(name);
        // torch.tensor([-3., 0, 1.5, 5]).clamp(2, 1) -> [1, 1, 1, 1], gradient 0
        Tensor x = t(be, -3, 0, 1.5, 5).requiresGrad(true);
        Tensor y = x.clamp(2, 1);
        same(new double[] {1, 1, 1, 1}, y);
        y.sum().backward();
        same(new double[] {0, 0, 0, 0}, x.grad());
        same(new double[] {NAN, 0, 1}, t(be, NAN, -1, 1).clamp(0, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void adaptiveAvgPoolToSizeZeroIsEmpty(String name) {
        Backend be = Backends.byName(name);
        // F.adaptive_avg_pool2d(torch.randn(1, 2, 4, 4), (0, 2)).shape -> [1, 2, 0, 2]; x.grad zeros; -1 raises
        Tensor x = Tensor.randn(new Generator(5), 1, 2, 4, 4).to(be).requiresGrad(true);
        Tensor y = dev.nabla.ops.Pool.adaptiveAvgPool2d(x, new int[] {0, 2});
        assertArrayEquals(new int[] {1, 2, 0, 2}, y.shape());
        y.sum().backward();
        same(new double[32], x.grad());
        assertArrayEquals(new int[] {1, 2, 0, 0}, dev.nabla.ops.Pool.adaptiveAvgPool2d(x, new int[] {0}).shape());
        assertEquals("adaptiveAvgPool2d: output_size must not be negative, got [-1, 2]",
                assertThrows(IllegalArgumentException.class,
                        () -> dev.nabla.ops.Pool.adaptiveAvgPool2d(x, new int[] {-1, 2})).getMessage());
    }

    @Test
    void adaptiveAvgPoolTakesOneSizeOrTwo() {
        // F.adaptive_avg_pool2d(x, 1) is the mean over H and W; (1, 2) pools the two halves of each row
        Tensor x = Tensor.arange(2 * 3 * 4).reshape(1, 2, 3, 4).to(DType.FLOAT32);
        same(new double[] {5.5, 17.5}, dev.nabla.ops.Pool.adaptiveAvgPool2d(x, 1).flatten());
        same(new double[] {4.5, 6.5, 16.5, 18.5}, dev.nabla.ops.Pool.adaptiveAvgPool2d(x, 1, 2).flatten());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void integerMatmulGivesIntegers(String name) {
        Backend be = Backends.byName(name);
        // torch.tensor([[1, 2], [3, 4]]) @ torch.tensor([[5, -6], [7, 8]]) -> [[19, 10], [43, 14]]; @ torch.tensor([3, 7]) -> [17, 37] (int64)
        Tensor a = Tensor.of(new long[] {1, 2, 3, 4}, 2, 2).to(be);
        Tensor b = Tensor.of(new long[] {5, -6, 7, 8}, 2, 2).to(be);
        Tensor c = a.matmul(b);
        assertEquals(DType.INT64, c.dtype());
        same(new double[] {19, 10, 43, 14}, c);
        same(new double[] {17, 37}, a.matmul(Tensor.of(new long[] {3, 7}).to(be)));
        assertThrows(IllegalArgumentException.class, () -> a.matmul(b.to(DType.FLOAT32)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void reductionsOverEmptyTensors(String name) {
        Backend be = Backends.byName(name);
        Tensor rows = Tensor.zeros(0, 3).to(be);
        // torch.zeros(0, 2).amax(1) has shape [0]; only a reduced dim of size 0 is an error
        assertArrayEquals(new int[] {0}, Tensor.zeros(0, 2).to(be).amax(new int[] {1}, false).shape());
        assertArrayEquals(new int[] {0, 1}, Tensor.zeros(0, 2).to(be).amin(new int[] {1}, true).shape());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 0).to(be).amax(new int[] {1}, false));
        assertThrows(IllegalArgumentException.class, () -> rows.max());
        // torch.zeros(0, 3).std(0) and .var(0, unbiased=False) are NaN, .logsumexp(0) is -inf
        same(new double[] {NAN, NAN, NAN}, rows.std(new int[] {0}, true, false));
        same(new double[] {NAN, NAN, NAN}, rows.var(new int[] {0}, false, false));
        same(new double[] {NEG_INF, NEG_INF, NEG_INF}, rows.logSumExp(0, false));
        assertArrayEquals(new int[] {1, 3}, rows.logSumExp(0, true).shape());
        assertArrayEquals(new int[] {0}, Tensor.zeros(3, 0).to(be).logSumExp(0, false).shape());
        same(new double[] {NAN}, t(be, 3).var());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void concatPromotesTypesAndSkipsEmptyVectors(String name) {
        Backend be = Backends.byName(name);
        // torch.cat([torch.zeros(2), torch.tensor([1])]) -> tensor([0., 0., 1.])
        Tensor mixed = Tensor.concat(List.of(t(be, 0, 0), Tensor.of(new long[] {1}).to(be)), 0);
        assertEquals(be.floatType(), mixed.dtype());
        same(new double[] {0, 0, 1}, mixed);
        // torch.cat([torch.zeros(2, 3), torch.zeros(0), torch.ones(1, 3)]) has shape [3, 3]
        Tensor legacy = Tensor.concat(List.of(Tensor.zeros(2, 3).to(be), Tensor.zeros(0).to(be),
                Tensor.ones(1, 3).to(be)), 0);
        assertArrayEquals(new int[] {3, 3}, legacy.shape());
        same(new double[] {0, 0, 0, 0, 0, 0, 1, 1, 1}, legacy);
        assertArrayEquals(new int[] {0}, Tensor.concat(List.of(Tensor.zeros(0), Tensor.zeros(0)), 0).shape());
        assertThrows(IllegalArgumentException.class,
                () -> Tensor.concat(List.of(Tensor.zeros(2, 3).to(be), Tensor.zeros(2, 2).to(be)), 0));
        // the gradient reaches a float input of a promoted concat in its own type
        Tensor x = Tensor.ones(2).to(DType.FLOAT32).requiresGrad(true);
        Tensor y = Tensor.concat(List.of(x, Tensor.of(new double[] {3}).to(DType.FLOAT64)), 0);
        assertEquals(DType.FLOAT64, y.dtype());
        y.mul(y).sum().backward();
        assertEquals(DType.FLOAT32, x.grad().dtype());
        same(new double[] {2, 2}, x.grad());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void maskedFillKeepsTheTensorsType(String name) {
        Backend be = Backends.byName(name);
        Tensor mask = Tensor.of(new boolean[] {true, false}).to(be);
        // torch.zeros(2, dtype=torch.int64).masked_fill(mask, 2.7) -> tensor([2, 0])
        Tensor ints = Tensor.zeros(DType.INT64, 2).to(be).maskedFill(mask, 2.7);
        assertEquals(DType.INT64, ints.dtype());
        assertArrayEquals(new long[] {2, 0}, ints.toLongArray());
        Tensor bools = Tensor.zeros(DType.BOOL, 2).to(be).maskedFill(mask, 1);
        assertArrayEquals(new boolean[] {true, false}, bools.toBooleanArray());
        same(new double[] {-1e9, 0}, Tensor.zeros(2).to(be).to(be.floatType()).maskedFill(mask, -1e9));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void zeroDimFloatOperandsDoNotWidenTensorsWithDims(String name) {
        Backend be = Backends.byName(name);
        Tensor f32 = Tensor.of(new float[] {1, 2}).to(be).to(DType.FLOAT32);
        Tensor f64Scalar = Tensor.of(new double[] {1.5}).to(be).to(DType.FLOAT64).reshape();
        // torch.tensor([1., 2.]) + torch.tensor(1.5, dtype=torch.float64) is float32
        Tensor sum = f32.add(f64Scalar);
        assertEquals(DType.FLOAT32, sum.dtype());
        same(new double[] {2.5, 3.5}, sum);
        assertEquals(DType.FLOAT32, f64Scalar.mul(f32).dtype());
        Tensor mask = Tensor.of(new boolean[] {true, false}).to(be);
        assertEquals(DType.FLOAT32, Tensor.where(mask, f64Scalar, f32).dtype());
        // a 0-d operand of a higher category still promotes: int64 [1] + float64 scalar is float64
        assertEquals(DType.FLOAT64, Tensor.of(new long[] {1}).to(be).add(f64Scalar).dtype());
        // two tensors with dims, or two zero-dim ones, promote as before
        assertEquals(DType.FLOAT64, f32.add(f32.to(DType.FLOAT64)).dtype());
        assertEquals(DType.FLOAT64, f32.sum().add(f64Scalar).dtype());
        // and the gradient of the float64 scalar is float64
        Tensor s = Tensor.of(new double[] {1.5}).to(be).to(DType.FLOAT64).reshape().requiresGrad(true);
        f32.mul(s).sum().backward();
        assertEquals(DType.FLOAT64, s.grad().dtype());
        assertEquals(3, s.grad().item(), 1e-6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void stdHasAZeroGradientWhereTheDeviationIsZero(String name) {
        Backend be = Backends.byName(name);
        // x = [[1, 1], [1, 2]]; x.std(1).sum().backward() -> [[0, 0], [-0.7071, 0.7071]]
        Tensor x = t(be, 1, 1, 1, 2).reshape(2, 2).detach().requiresGrad(true);
        x.std(new int[] {1}, true, false).sum().backward();
        same(new double[] {0, 0, -Math.sqrt(0.5), Math.sqrt(0.5)}, x.grad());
        // a single element, biased: std 0 and gradient 0
        Tensor one = t(be, 3).requiresGrad(true);
        Tensor s = one.std(new int[] {0}, false, false);
        same(new double[] {0}, s);
        s.backward();
        same(new double[] {0}, one.grad());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void zeroDimTensorsAlongDimZero(String name) {
        Backend be = Backends.byName(name);
        // torch.tensor(3.).max(0) -> values tensor(3.), indices tensor(0); the gradient reaches the input
        Tensor s = t(be, 3).reshape().detach().requiresGrad(true);
        ValuesIndices max = s.max(0, false);
        assertArrayEquals(new int[0], max.values().shape());
        assertEquals(3, max.values().item(), 0);
        assertEquals(0, max.indices().item(), 0);
        assertEquals(DType.INT64, max.indices().dtype());
        max.values().backward();
        assertEquals(1, s.grad().item(), 0);
        assertEquals(3, s.min(-1, true).values().item(), 0);
        assertThrows(IllegalArgumentException.class, () -> s.max(1, false));
        // torch.tensor(3.).index_select(0, torch.tensor([0])) and .gather(0, torch.tensor(0)) are tensor(3.)
        Tensor picked = s.indexSelect(0, Tensor.of(new long[] {0}).to(be));
        assertArrayEquals(new int[0], picked.shape());
        assertEquals(3, picked.item(), 0);
        assertArrayEquals(new int[0], s.gather(0, Tensor.of(new long[] {0}).to(be).reshape()).shape());
        assertArrayEquals(new int[] {1}, s.gather(0, Tensor.of(new long[] {0}).to(be)).shape());
        assertThrows(IllegalArgumentException.class, () -> s.indexSelect(0, Tensor.of(new long[] {0, 0}).to(be)));
        // PyTorch refuses these with a message; they once failed with an index error
        assertThrows(IllegalArgumentException.class, () -> Tensor.concat(List.of(s, s), 0));
        assertThrows(IllegalArgumentException.class, () -> s.narrow(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> s.select(0, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void signOfNanAndNegativeZeroIsZero(String name) {
        Backend be = Backends.byName(name);
        // torch.sign(torch.tensor([nan, -0., -2., 3.])) -> [0., 0., -1., 1.], and atan2(sign(-0.), -1) = pi
        double[] x = new double[11];
        x[0] = NAN;
        x[1] = -0.0;
        x[2] = -2;
        x[3] = 3;
        Tensor s = t(be, x).sign();
        same(new double[] {0, 0, -1, 1, 0, 0, 0, 0, 0, 0, 0}, s);
        assertEquals(0L, Double.doubleToRawLongBits(s.toDoubleArray()[1]), "sign(-0) is +0");
        assertEquals(Math.PI, t(be, -0.0).sign().atan2(t(be, -1)).item(), 1e-6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void maskingGradientsGiveExactZerosForNanUpstream(String name) {
        Backend be = Backends.byName(name);
        // d/da and d/db of maximum(a, b) * g with g = [nan, 1, 2]: PyTorch masks the loser to 0
        Tensor a = t(be, 1, 2, 3).requiresGrad(true);
        Tensor b = t(be, 0, 2, 5).requiresGrad(true);
        Tensor g = t(be, NAN, 1, 2);
        a.maximum(b).backward(g);
        same(new double[] {NAN, 0.5, 0}, a.grad());
        same(new double[] {0, 0.5, 2}, b.grad());
        Tensor c = t(be, 1, 2, 3).requiresGrad(true);
        Tensor d = t(be, 0, 2, 5).requiresGrad(true);
        c.minimum(d).backward(g);
        same(new double[] {0, 0.5, 2}, c.grad());
        same(new double[] {NAN, 0.5, 0}, d.grad());
        // a NaN operand: both sides get the gradient (neither loses a comparison)
        Tensor n = t(be, NAN).requiresGrad(true);
        Tensor m = t(be, 1).requiresGrad(true);
        n.maximum(m).sum().backward();
        same(new double[] {1}, n.grad());
        same(new double[] {1}, m.grad());
        // relu's gradient is 0 where x <= 0 whatever arrives from above (vector lanes and tail alike)
        double[] xs = new double[19];
        double[] gs = new double[19];
        double[] expected = new double[19];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i % 2 == 0 ? -1 - i : 1 + i;
            gs[i] = NAN;
            expected[i] = i % 2 == 0 ? 0 : NAN;
        }
        Tensor r = t(be, xs).requiresGrad(true);
        r.relu().backward(t(be, gs));
        same(expected, r.grad());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void clampStopsTheGradientAtNanButHardtanhDoesNot(String name) {
        Backend be = Backends.byName(name);
        // x = [nan, 0.5, 3]: x.clamp(-1, 1) grad [0, 1, 0]; clamp(min=0) [0, 1, 1]; F.hardtanh [1, 1, 0]
        Tensor x = t(be, NAN, 0.5, 3).requiresGrad(true);
        Tensor y = x.clamp(-1, 1);
        same(new double[] {NAN, 0.5, 1}, y);
        y.sum().backward();
        same(new double[] {0, 1, 0}, x.grad());
        Tensor m = t(be, NAN, 0.5, 3).requiresGrad(true);
        m.clampMin(0).sum().backward();
        same(new double[] {0, 1, 1}, m.grad());
        Tensor h = t(be, NAN, 0.5, 3).requiresGrad(true);
        h.hardtanh().sum().backward();
        same(new double[] {1, 1, 0}, h.grad());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void maxOfAllSharesItsGradientAmongNans(String name) {
        Backend be = Backends.byName(name);
        // x = [1, nan, 2, nan]: x.max() is nan with gradient [0, 0.5, 0, 0.5]; x.amax(0)'s is nan everywhere
        Tensor x = t(be, 1, NAN, 2, NAN).requiresGrad(true);
        Tensor m = x.max();
        assertTrue(Double.isNaN(m.item()));
        m.backward();
        same(new double[] {0, 0.5, 0, 0.5}, x.grad());
        Tensor y = t(be, 1, NAN, 2, NAN).requiresGrad(true);
        y.min().backward();
        same(new double[] {0, 0.5, 0, 0.5}, y.grad());
        Tensor z = t(be, 1, NAN, 2, NAN).requiresGrad(true);
        z.amax(new int[] {0}, false).backward();
        same(new double[] {NAN, NAN, NAN, NAN}, z.grad());
        // without NaN, ties share as before: [1, 3, 3] -> [0, 0.5, 0.5]
        Tensor w = t(be, 1, 3, 3).requiresGrad(true);
        w.max().backward();
        same(new double[] {0, 0.5, 0.5}, w.grad());
        // a NaN gradient reaches only the winners of max() ([0, nan, nan]), but every element of amax
        Tensor nanGrad = t(be, NAN).reshape();
        Tensor u = t(be, 1, 3, 3).requiresGrad(true);
        u.max().backward(nanGrad);
        same(new double[] {0, NAN, NAN}, u.grad());
        Tensor v = t(be, 1, 3, 3).requiresGrad(true);
        v.amax(new int[] {0}, false).backward(nanGrad);
        same(new double[] {NAN, NAN, NAN}, v.grad());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void chunkAndSplitOfAnEmptyDim(String name) {
        Backend be = Backends.byName(name);
        // torch.zeros(0, 3).chunk(2, 0) -> two [0, 3] tensors; .split(2, 0) -> one
        Tensor x = Tensor.zeros(0, 3).to(be);
        List<Tensor> chunks = x.chunk(2, 0);
        assertEquals(2, chunks.size());
        chunks.forEach(c -> assertArrayEquals(new int[] {0, 3}, c.shape()));
        List<Tensor> parts = x.split(2, 0);
        assertEquals(1, parts.size());
        assertArrayEquals(new int[] {0, 3}, parts.get(0).shape());
        // non-empty dims as before: 5 in 3 chunks is 2, 2, 1; 2 in 5 chunks is 1, 1
        assertEquals(3, Tensor.zeros(5).to(be).chunk(3, 0).size());
        assertEquals(2, Tensor.zeros(2).to(be).chunk(5, 0).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void reluKeepsNegativeZero(String name) {
        Backend be = Backends.byName(name);
        // 1 / torch.relu(torch.tensor([-0., 0., -1., 2.])) -> [-inf, inf, inf, 0.5]; gradient [0, 0, 0, 1]
        double[] xs = new double[19]; // past one vector, so the cpu kernel's lanes and tail both see -0
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i % 2 == 0 ? -0.0 : -1;
        }
        xs[17] = 2;
        Tensor x = t(be, xs).requiresGrad(true);
        Tensor y = x.relu();
        double[] inverse = t(be, 1).div(y).toDoubleArray();
        for (int i = 0; i < xs.length; i++) {
            double expected = i == 17 ? 0.5 : i % 2 == 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            assertEquals(expected, inverse[i], 1e-6, "1 / relu at " + i);
        }
        y.sum().backward();
        double[] grad = new double[xs.length];
        grad[17] = 1;
        same(grad, x.grad());
        same(new double[] {NAN}, t(be, NAN).relu());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void gradientsAtNanInputsFollowPyTorchsKernels(String name) {
        Backend be = Backends.byName(name);
        // x = [nan, 1]: F.elu grad [1, 1], F.logsigmoid grad [nan, 0.268941], abs grad [0, 1]
        Tensor e = t(be, NAN, 1).requiresGrad(true);
        e.elu().sum().backward();
        same(new double[] {1, 1}, e.grad());
        Tensor l = t(be, NAN, 1).requiresGrad(true);
        l.logSigmoid().sum().backward();
        same(new double[] {NAN, 0.2689414213699951}, l.grad());
        Tensor a = t(be, NAN, 1).requiresGrad(true);
        a.abs().sum().backward();
        same(new double[] {0, 1}, a.grad());
        // elu keeps its values and gradients elsewhere: x = [-1, 0, 2], alpha 0.5
        Tensor x = t(be, -1, 0, 2).requiresGrad(true);
        Tensor y = x.elu(0.5);
        same(new double[] {0.5 * (Math.exp(-1) - 1), 0, 2}, y);
        y.sum().backward();
        same(new double[] {0.5 * Math.exp(-1), 0.5, 1}, x.grad());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void meanOfIntegersAndBoolsIsRefused(String name) {
        Backend be = Backends.byName(name);
        // torch.tensor([1, 2]).mean() and torch.tensor([True, False]).mean(0) raise; a float tensor's mean is fine
        Tensor ints = Tensor.of(new long[] {1, 2}).to(be);
        Tensor bools = Tensor.of(new boolean[] {true, false}).to(be);
        assertEquals("mean: could not infer the output dtype: the input must be a floating-point tensor, got int64",
                assertThrows(IllegalArgumentException.class, ints::mean).getMessage());
        assertEquals("mean: could not infer the output dtype: the input must be a floating-point tensor, got bool",
                assertThrows(IllegalArgumentException.class, () -> bools.mean(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ints.reshape(1, 2).mean(new int[] {1}, true));
        assertEquals(1.5, ints.to(be.floatType()).mean().item(), 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void subtractionAndNegationOfBoolsAreRefused(String name) {
        Backend be = Backends.byName(name);
        Tensor mask = Tensor.of(new boolean[] {true, false}).to(be);
        // mask - mask and mask - torch.tensor(True) raise; so do mask - 1, 1 - mask, mask - 1.5 and x - mask
        String twoBools = "sub: bool - bool is not supported; use a.ne(b) (logical xor) instead";
        assertEquals(twoBools, assertThrows(IllegalArgumentException.class, () -> mask.sub(mask)).getMessage());
        assertEquals(twoBools, assertThrows(IllegalArgumentException.class,
                () -> mask.sub(Tensor.of(new boolean[] {true}).to(be).reshape())).getMessage());
        String invert = " is not supported; to invert a mask, use mask.eq(0) (logical not) instead";
        assertEquals("sub: bool - int64" + invert, assertThrows(IllegalArgumentException.class, () -> mask.sub(1)).getMessage());
        assertEquals("sub: int64 - bool" + invert, assertThrows(IllegalArgumentException.class, () -> mask.rsub(1)).getMessage());
        assertEquals("sub: bool - " + be.floatType().shortName() + invert,
                assertThrows(IllegalArgumentException.class, () -> mask.sub(1.5)).getMessage());
        assertEquals("sub: " + be.floatType().shortName() + " - bool" + invert,
                assertThrows(IllegalArgumentException.class, () -> t(be, 1, 2).sub(mask)).getMessage());
        // -mask raises
        assertEquals("neg: negating a bool tensor is not supported; to invert a mask, use mask.eq(0) (logical not) instead",
                assertThrows(IllegalArgumentException.class, mask::neg).getMessage());
        // integers still subtract and negate
        assertArrayEquals(new long[] {1, 0}, Tensor.of(new long[] {1, 2}).to(be).sub(2).neg().toLongArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void boolTensorsWithIntegralScalarsGiveInt64(String name) {
        Backend be = Backends.byName(name);
        Tensor mask = Tensor.of(new boolean[] {true, false}).to(be);
        // torch.tensor([True, False]) + 1 -> tensor([2, 1]); * 2 -> [2, 0]; + (-1) -> [0, -1]; ** 2 -> [1, 0] (int64)
        Tensor plusOne = mask.add(1);
        assertEquals(DType.INT64, plusOne.dtype());
        assertArrayEquals(new long[] {2, 1}, plusOne.toLongArray());
        assertArrayEquals(new long[] {2, 0}, mask.mul(2).toLongArray());
        assertArrayEquals(new long[] {0, -1}, mask.add(-1).toLongArray());
        assertArrayEquals(new long[] {1, 0}, mask.pow(2).toLongArray());
        assertEquals(DType.INT64, mask.pow(2).dtype());
        // .clamp(0, 1) -> tensor([1, 0]) (int64); a float scalar gives float32: * 0.5 -> [0.5, 0.]
        assertEquals(DType.INT64, mask.clamp(0, 1).dtype());
        assertArrayEquals(new long[] {1, 0}, mask.clamp(0, 1).toLongArray());
        // torch.tensor([1, 2]).clamp(max=1) stays int64: clampMax's open lower end (-inf) promotes nothing
        Tensor clamped = Tensor.of(new long[] {1, 2}).to(be).clampMax(1);
        assertEquals(DType.INT64, clamped.dtype());
        assertArrayEquals(new long[] {1, 1}, clamped.toLongArray());
        // torch.tensor([True, False]) * -inf -> [-inf, nan] (float32)
        same(new double[] {NEG_INF, NAN}, mask.mul(NEG_INF));
        Tensor half = mask.mul(0.5);
        assertEquals(be.floatType(), half.dtype());
        same(new double[] {0.5, 0}, half);
        // int64 + 1 stays int64, int64 + 1.5 is float32, comparisons stay bool
        assertEquals(DType.INT64, Tensor.of(new long[] {1, 2}).to(be).add(1).dtype());
        assertEquals(be.floatType(), Tensor.of(new long[] {1, 2}).to(be).add(1.5).dtype());
        // torch.tensor([1, 2]) + inf -> tensor([inf, inf]) (float32)
        same(new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY},
                Tensor.of(new long[] {1, 2}).to(be).add(Double.POSITIVE_INFINITY));
        assertArrayEquals(new boolean[] {true, false}, mask.eq(1).toBooleanArray());
        // mask + torch.tensor(True) -> tensor([True, True]) (bool: add is logical or)
        Tensor or = mask.add(Tensor.of(new boolean[] {true}).to(be).reshape());
        assertEquals(DType.BOOL, or.dtype());
        assertArrayEquals(new boolean[] {true, true}, or.toBooleanArray());
        // torch.ones(2, 2, dtype=torch.bool).triu() stays bool
        Tensor upper = Tensor.ones(DType.BOOL, 2, 2).to(be).triu(0);
        assertEquals(DType.BOOL, upper.dtype());
        assertArrayEquals(new boolean[] {true, true, false, true}, upper.toBooleanArray());
    }
}
