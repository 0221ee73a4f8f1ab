package dev.nabla.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which binary ops are comparisons is stated per constant, and both backends agree with it. */
class BinaryOpTest {
    private static final Set<BinaryOp> COMPARISONS = EnumSet.of(BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE,
            BinaryOp.GT, BinaryOp.GE);

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void comparisonsAndOnlyComparisonsGiveMasks(BinaryOp op) {
        assertEquals(COMPARISONS.contains(op), op.isComparison(), op + ".isComparison()");
        for (Backend backend : new Backend[] {Backends.REF, Backends.CPU}) {
            NDArray x = array(backend, 1, 2, 3);
            NDArray y = array(backend, 3, 2, 1);
            NDArray out = backend.binary(op, x, y);
            assertEquals(op.isComparison(), out.dtype() == DType.BOOL, op + " on " + backend + " gives " + out.dtype());
            for (int i = 0; i < 3; i++) {
                assertEquals(op.apply(x.storage().get(i), y.storage().get(i)), out.storage().get(i), 1e-6,
                        op + " on " + backend + " element " + i);
            }
        }
    }

    private static NDArray array(Backend backend, double... v) {
        Storage s = Storage.allocate(backend.floatType(), v.length);
        for (int i = 0; i < v.length; i++) {
            s.set(i, v[i]);
        }
        return new NDArray(s, new int[] {v.length});
    }
}
