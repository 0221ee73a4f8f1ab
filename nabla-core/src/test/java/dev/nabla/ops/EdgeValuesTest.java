package dev.nabla.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.DType;
import dev.nabla.tensor.Tensor;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PyTorch's answers at the edges, on the reference (float64) and cpu (float32) backends: the
 * gradients at kinks and zeros where a composition of ops would give the wrong subgradient or
 * 0 * inf = NaN, NaN propagation through activations and reductions. Expected values are
 * PyTorch's (2.x) results for the same inputs.
 */
class EdgeValuesTest {
    private static final double NAN = Double.NaN;

    private static Tensor t(Backend be, double... v) {
        return Tensor.of(v).to(be).to(be.floatType()).detach().requiresGrad(true);
    }

    private static double[] grad(Backend be, UnaryOperator<Tensor> f, double... x) {
        Tensor in = t(be, x);
        f.apply(in).sum().backward();
        return in.grad().toDoubleArray();
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void softplusGradientIsSigmoidAtZeroAndBeyondTheThreshold(String name) {
        Backend be = Backends.byName(name);
        assertArrayEquals(new double[] {0.5}, grad(be, Tensor::softplus, 0), 1e-7, "softplus'(0) = sigmoid(0)");
        // beta 2, threshold 3: log1p(exp(2x)) / 2 below x = 1.5, x above; gradient sigmoid(2x), then 1.
        double[] x = {-30, -1, 0, 0.5, 1.4, 1.6, 30};
        double[] values = t(be, x).softplus(2, 3).toDoubleArray();
        double[] grads = grad(be, v -> v.softplus(2, 3), x);
        for (int i = 0; i < x.length; i++) {
            double bx = 2 * x[i];
            double value = bx > 3 ? x[i] : Math.log1p(Math.exp(bx)) / 2;
            double slope = bx > 3 ? 1 : sigmoid(bx);
            assertEquals(value, values[i], 1e-6 * Math.max(1, Math.abs(value)), "softplus(" + x[i] + ")");
            assertEquals(slope, grads[i], 1e-6, "softplus'(" + x[i] + ")");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void normOfZerosHasZeroGradient(String name) {
        Backend be = Backends.byName(name);
        assertArrayEquals(new double[] {0, 0, 0}, grad(be, Tensor::norm, 0, 0, 0), 0);
        assertArrayEquals(new double[] {0, 0}, grad(be, v -> v.norm(3, new int[0], false), 0, 0), 0);
        assertArrayEquals(new double[] {0, 0}, grad(be, v -> v.norm(0.5, new int[0], false), 0, 0), 0);
        // One zero row among others: only that row's gradient is masked.
        Tensor x = Tensor.of(new double[] {0, 0, 3, 4}, 2, 2).to(be).to(be.floatType()).detach().requiresGrad(true);
        x.norm(2, new int[] {1}, false).sum().backward();
        assertArrayEquals(new double[] {0, 0, 0.6, 0.8}, x.grad().toDoubleArray(), 1e-6);
        assertArrayEquals(new double[] {2, 0, 2}, grad(be, v -> v.norm(0.5, new int[0], false), 1, 0, 1), 1e-5,
                "p < 1: zero elements get 0, not sign(0) * inf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void powGradientsAreMaskedAtZero(String name) {
        Backend be = Backends.byName(name);
        assertArrayEquals(new double[] {0, 0}, grad(be, v -> v.pow(0), 0, 2), 0, "d/dx x^0 = 0, also at 0");
        Tensor a = t(be, 0, 0, 0, 2);
        Tensor b = t(be, 0, 2, 0.5, 3);
        a.pow(b).sum().backward();
        // d/da: 0 (b = 0), 2*0 = 0, 0.5 * 0^-0.5 = inf, 3 * 2^2 = 12; d/db: 0 where a = 0 and b >= 0, else a^b log a.
        assertArrayEquals(new double[] {0, 0, Double.POSITIVE_INFINITY, 12}, a.grad().toDoubleArray(), 1e-5);
        assertArrayEquals(new double[] {0, 0, 0, 8 * Math.log(2)}, b.grad().toDoubleArray(), 1e-5);
        Tensor e = t(be, 0, 1);
        Tensor.zeros(2).to(be).to(be.floatType()).pow(e).sum().backward();
        assertArrayEquals(new double[] {0, 0}, e.grad().toDoubleArray(), 0, "d/db 0^b for b >= 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void nanPropagatesThroughActivationsAndReductions(String name) {
        Backend be = Backends.byName(name);
        double[] x = new double[19]; // long enough for the vector loops and a tail
        java.util.Arrays.fill(x, -1);
        x[0] = NAN;
        x[17] = NAN;
        Tensor in = t(be, x);
        java.util.Map<String, Tensor> outs = new java.util.LinkedHashMap<>();
        outs.put("relu", in.relu());
        outs.put("leakyRelu", in.leakyRelu(0.1));
        outs.put("elu", in.elu());
        outs.put("gelu", in.gelu());
        outs.put("silu", in.silu());
        outs.put("softplus", in.softplus());
        outs.put("sigmoid", in.sigmoid());
        outs.put("tanh", in.tanh());
        outs.put("clamp", in.clamp(-0.5, 0.5));
        outs.put("maximum", in.maximum(Tensor.zerosLike(in)));
        outs.put("minimum", in.minimum(Tensor.zerosLike(in)));
        for (var e : outs.entrySet()) {
            double[] y = e.getValue().toDoubleArray();
            assertTrue(Double.isNaN(y[0]) && Double.isNaN(y[17]), e.getKey() + "(NaN) is NaN, was " + y[0] + ", " + y[17]);
            assertTrue(!Double.isNaN(y[1]) && !Double.isNaN(y[18]), e.getKey() + "(-1) is a number");
        }
        assertTrue(Double.isNaN(in.max().item()) && Double.isNaN(in.min().item()), "max/min of a tensor with NaN");
        assertTrue(Double.isNaN(in.sum().item()) && Double.isNaN(in.mean().item()));
        assertEquals(0, in.argmax().item(), "argmax points at the (first) NaN, as torch.argmax");
        assertEquals(0, in.relu().argmin().item(), "argmin too");
        Tensor rows = Tensor.of(new double[] {1, NAN, 2, 3, 4, 5}, 2, 3).to(be).to(be.floatType());
        double[] rowMax = rows.amax(new int[] {1}, false).toDoubleArray();
        assertTrue(Double.isNaN(rowMax[0]) && rowMax[1] == 5, "amax along a dim: NaN only in the row with one");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void reluPassesTheGradientOfNan(String name) {
        Backend be = Backends.byName(name);
        // PyTorch: threshold_backward gives grad where relu(x) > 0 or is NaN, 0 where relu(x) <= 0.
        assertArrayEquals(new double[] {1, 0, 0, 1}, grad(be, Tensor::relu, NAN, 0, -2, 3), 0);
        assertArrayEquals(new double[] {0, 0, 3}, t(be, -0.0, -5, 3).relu().toDoubleArray(), 0);
        Tensor x = t(be, NAN, 0, -2, 3);
        Tensor recorded = dev.nabla.autograd.Autograd.grad(java.util.List.of(x.relu().sum()), java.util.List.of(x),
                null, true, true, true).get(0);
        assertArrayEquals(new double[] {1, 0, 0, 1}, recorded.toDoubleArray(), 0, "the same with createGraph");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void integerTrueDivisionGivesFloats(String name) {
        Backend be = Backends.byName(name);
        Tensor a = Tensor.of(new long[] {7, -7, 7, 0}).to(be);
        Tensor b = Tensor.of(new long[] {2, 2, -2, 3}).to(be);
        Tensor q = a.div(b);
        assertEquals(be.floatType(), q.dtype(), "int64 / int64 is float, as torch.div");
        assertArrayEquals(new double[] {3.5, -3.5, -3.5, 0}, q.toDoubleArray(), 0);
        assertArrayEquals(new double[] {3.5, -3.5, 3.5, 0}, a.div(2).toDoubleArray(), 0);
        Tensor floor = a.floorDivide(b);
        assertEquals(DType.INT64, floor.dtype());
        assertArrayEquals(new long[] {3, -4, -4, 0}, floor.toLongArray(), "floor toward -inf (Python's //)");
        assertArrayEquals(new long[] {3, -3, -3, 0}, a.div(b, "trunc").toLongArray(), "trunc toward 0");
        assertArrayEquals(new long[] {3, -4, -4, 0}, a.div(b, "floor").toLongArray());
        assertArrayEquals(new long[] {-4, 3, -4, 0}, a.neg().floorDivide(2).toLongArray());
        Tensor bools = Tensor.of(new boolean[] {true, false}).to(be);
        assertArrayEquals(new double[] {1, 0}, bools.div(Tensor.of(new boolean[] {true, true}).to(be)).toDoubleArray(), 0);
        ArithmeticException zero = assertThrows(ArithmeticException.class,
                () -> a.floorDivide(Tensor.of(new long[] {1, 1, 0, 1}).to(be)));
        assertTrue(zero.getMessage().contains("division by zero"), zero.getMessage());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class, () -> a.div(b, "round"));
        assertTrue(mode.getMessage().contains("roundingMode"), mode.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.pow(-1), "integers to negative integer powers");
        assertArrayEquals(new long[] {49, 49, 49, 0}, a.pow(2).toLongArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void floatRoundingDivisionAsPyTorch(String name) {
        Backend be = Backends.byName(name);
        Tensor a = Tensor.of(new double[] {1, -1, 5.5, -5.5, 7, 0, 3}).to(be).to(be.floatType());
        Tensor b = Tensor.of(new double[] {0.1, 0.1, -2, 2, 2, -3, 0}).to(be).to(be.floatType());
        // torch.floor_divide: 1 // 0.1 is 9 (not floor(10.000000000000002) or floor(1 / 0.1f) = 10).
        double[] floor = a.floorDivide(b).toDoubleArray();
        assertArrayEquals(new double[] {9, -10, -3, -3, 3, -0.0, Double.POSITIVE_INFINITY}, floor, 0);
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(floor[5]), "0 // -3 is -0.0");
        double[] trunc = a.div(b, "trunc").toDoubleArray();
        assertArrayEquals(new double[] {-2, -2, 3}, new double[] {trunc[2], trunc[3], trunc[4]}, 0);
        Tensor x = t(be, 7.5, -3);
        x.floorDivide(2).sum().backward();
        assertArrayEquals(new double[] {0, 0}, x.grad().toDoubleArray(), 0, "rounding has zero gradient");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void int64ArithmeticAndReductionsAreExactAbove2To53(String name) {
        Backend be = Backends.byName(name);
        long big = (1L << 53) + 1; // not a double
        Tensor a = Tensor.of(new long[] {big, -big, Long.MAX_VALUE - 1}).to(be);
        assertArrayEquals(new long[] {big + 1, -big + 1, Long.MAX_VALUE}, a.add(1).toLongArray());
        assertArrayEquals(new long[] {big - 2, -big - 2, Long.MAX_VALUE - 3}, a.sub(2).toLongArray());
        assertArrayEquals(new long[] {3 * big, -3 * big, 3 * (Long.MAX_VALUE - 1)}, a.mul(3).toLongArray(),
                "wraps around like PyTorch's int64");
        assertArrayEquals(new long[] {-big, big, -(Long.MAX_VALUE - 1)}, a.neg().toLongArray());
        assertArrayEquals(new long[] {big, big, Long.MAX_VALUE - 1}, a.abs().toLongArray());
        assertArrayEquals(new long[] {(1L << 52) + 1, -(1L << 52), Long.MAX_VALUE / 2}, a.add(1).floorDivide(2).toLongArray());
        Tensor pair = Tensor.of(new long[] {big, big - 1}).to(be);
        assertEquals(2 * big - 1, pair.sum().toLongArray()[0], "sum in long arithmetic");
        assertEquals(big, pair.max().toLongArray()[0]);
        assertEquals(big - 1, pair.min().toLongArray()[0]);
        assertEquals(0, pair.argmax().toLongArray()[0], "2^53 + 1 > 2^53, which a double cannot tell");
        assertEquals(1, pair.argmin().toLongArray()[0]);
        assertArrayEquals(new boolean[] {false, true}, pair.eq(big - 1).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false}, pair.gt(big - 1).toBooleanArray());
        assertArrayEquals(new long[] {big, big}, pair.maximum(Tensor.of(new long[] {0, big}).to(be)).toLongArray());
        assertArrayEquals(new long[] {big - 1, big}, pair.gather(0, Tensor.of(new long[] {1, 0}).to(be)).toLongArray());
        assertArrayEquals(new long[] {big, 7}, Tensor.where(Tensor.of(new boolean[] {true, false}).to(be), pair,
                Tensor.of(new long[] {7, 7}).to(be)).toLongArray());
        assertArrayEquals(new long[] {big, big - 1}, pair.reshape(2, 1).transpose(0, 1).contiguous().toLongArray());
        Tensor dst = Tensor.zeros(DType.INT64, 2).to(be);
        dst.assign(pair);
        assertArrayEquals(new long[] {big, big - 1}, dst.toLongArray(), "assign");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void int64RemainderScansSortsAndScattersAreExactAbove2To53(String name) {
        Backend be = Backends.byName(name);
        long big = (1L << 53) + 1;
        Tensor a = Tensor.of(new long[] {big, -big, Long.MAX_VALUE - 1}).to(be);
        assertArrayEquals(new long[] {3, 7, 6}, a.remainder(10).toLongArray(), "sign of the divisor");
        assertArrayEquals(new long[] {3, -3, 6}, a.fmod(10).toLongArray(), "sign of the dividend");
        assertEquals(DType.INT64, a.remainder(10).dtype());
        assertThrows(ArithmeticException.class, () -> a.remainder(0));
        Tensor pair = Tensor.of(new long[] {big, big - 1}).to(be);
        assertArrayEquals(new long[] {big, 2 * big - 1}, pair.cumsum(0).toLongArray());
        assertArrayEquals(new long[] {big, big * (big - 1)}, pair.cumprod(0).toLongArray(), "wraps like int64");
        assertArrayEquals(new long[] {1, 0}, pair.argsort().toLongArray(), "2^53 + 1 > 2^53");
        assertArrayEquals(new long[] {big - 1, big}, pair.sort().values().toLongArray());
        Tensor idx = Tensor.of(new long[] {1}).to(be);
        assertArrayEquals(new long[] {big, big - 1 + big}, pair.scatter(0, idx, pair.narrow(0, 0, 1), "add").toLongArray());
        assertArrayEquals(new long[] {big, (big - 1) * 3}, pair.scatter(0, idx, Tensor.of(new long[] {3}).to(be),
                "multiply").toLongArray());
        Tensor angle = Tensor.of(new long[] {1}).to(be).atan2(Tensor.of(new long[] {1}).to(be));
        assertEquals(be.floatType(), angle.dtype(), "atan2 of integers is float");
        assertEquals(Math.PI / 4, angle.toDoubleArray()[0], 1e-7);
    }
}
