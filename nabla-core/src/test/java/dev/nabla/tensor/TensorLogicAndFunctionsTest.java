package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.DType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The logic ops and the composed functions, with the values PyTorch 1.13 printed for the same inputs. */
class TensorLogicAndFunctionsTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    private static Tensor x(Backend b) {
        return Tensor.of(new double[] {0, -1.5, NAN, 2, INF, -INF}, 2, 3).to(b).to(b.floatType());
    }

    private static void bools(boolean[] expected, Tensor actual) {
        assertEquals(DType.BOOL, actual.dtype());
        assertArrayEquals(expected, actual.toBooleanArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void testsAndLogic(String name) {
        Backend b = Backends.byName(name);
        Tensor x = x(b);
        bools(new boolean[] {false, false, true, false, false, false}, x.isNan());
        bools(new boolean[] {false, false, false, false, true, true}, x.isInf());
        bools(new boolean[] {true, true, false, true, false, false}, x.isFinite());
        Tensor row = Tensor.of(new double[] {1, 0, 1}).to(b);
        bools(new boolean[] {false, false, true, true, false, true}, x.logicalAnd(row));
        bools(new boolean[] {false, true, true, true, true, true}, x.logicalOr(Tensor.of(new double[] {0, 0, 1}).to(b)));
        bools(new boolean[] {true, false, true, false, false, true}, x.logicalXor(Tensor.of(new double[] {1, 1, 0}).to(b)));
        bools(new boolean[] {true, false, false, false, false, false}, x.logicalNot());
        bools(new boolean[] {true}, x.any());
        bools(new boolean[] {false}, x.all());
        bools(new boolean[] {true, true}, x.any(1, false));
        bools(new boolean[] {false, true, true}, x.all(0, false));
        bools(new boolean[] {false}, Tensor.zeros(0).to(b).any());
        bools(new boolean[] {true}, Tensor.zeros(0).to(b).all());
        assertEquals(5, x.countNonzero().item());
        assertArrayEquals(new long[] {1, 2, 2}, x.countNonzero(0).toLongArray());
        Tensor nz = x.nonzero();
        assertArrayEquals(new int[] {5, 2}, nz.shape());
        assertArrayEquals(new long[] {0, 1, 0, 2, 1, 0, 1, 1, 1, 2}, nz.toLongArray());
        Tensor picked = x.maskedSelect(Tensor.of(new boolean[] {true, false, true}).to(b));
        assertArrayEquals(new double[] {0, NAN, 2, -INF}, picked.toDoubleArray(), 0);
        assertThrows(IllegalArgumentException.class, () -> x.maskedSelect(row));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ref", "cpu"})
    void composedFunctions(String name) {
        Backend b = Backends.byName(name);
        Tensor x = x(b);
        double max = name.equals("ref") ? Double.MAX_VALUE : Float.MAX_VALUE;
        assertArrayEquals(new double[] {0, -1.5, 0, 2, max, -max}, x.nanToNum().toDoubleArray(), 0);
        Tensor e = Tensor.of(new double[] {1e-10, -3e-8, 0.5, -2, 40}).to(Backends.REF);
        assertArrayEquals(new double[] {1.00000000005e-10, -2.999999955e-08, 0.6487212707001282, -0.8646647167633873,
            2.3538526683702e+17}, e.expm1().toDoubleArray(), 1e-15 * 2.4e17);
        double[] expm1 = e.expm1().toDoubleArray();
        assertEquals(1.00000000005e-10, expm1[0], 1e-24, "expm1 keeps its precision near 0");
        double[] sinh = e.sinh().toDoubleArray();
        assertEquals(-3.0000000000000004e-08, sinh[1], 1e-22, "sinh keeps its precision near 0");
        assertEquals(-3.626860407847019, sinh[3], 1e-14);
        Tensor seq = Tensor.of(new double[] {1, 4, 9, 16, 2, 3, 5, 8}, 2, 4).to(b);
        assertArrayEquals(new double[] {2, 2, 1, 1}, seq.diff(2, -1).toDoubleArray(), 0);
        bools(new boolean[] {true, false, true}, Tensor.of(new boolean[] {true, false, false, true}).to(b).diff());
    }
}
