package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.DType;
import dev.nabla.backend.NDArray;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On a GPU: every {@link Workload} case on {@code cuda} gives {@code ref}'s results (dtype, shape,
 * and values within the {@code cpu} backend's forward tolerances: 2e-5 absolute plus 1e-4
 * relative; NaN where ref has NaN). Skipped, with the reason printed, without a GPU.
 */
@OnGpu
class CudaParityTest {
    private static Backend cuda;

    static List<Workload.Case> cases() {
        return Workload.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(Workload.Case c) {
        if (cuda == null) {
            cuda = new CudaBackend(Cuda.runtime(0));
        }
        NDArray[] expected = c.run().apply(Backends.REF);
        NDArray[] actual = c.run().apply(cuda);
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            String what = c + " result " + i;
            assertEquals(expected[i].dtype(), actual[i].dtype(), what + " dtype");
            assertArrayEquals(expected[i].shapeRef(), actual[i].shapeRef(), what + " shape");
            double[] e = (double[]) Backends.REF.download(expected[i], DType.FLOAT64);
            double[] a = (double[]) cuda.download(actual[i], DType.FLOAT64);
            for (int j = 0; j < e.length; j++) {
                boolean close = Double.isNaN(e[j]) ? Double.isNaN(a[j])
                        : e[j] == a[j] || Math.abs(e[j] - a[j]) <= 2e-5 + 1e-4 * Math.abs(e[j]);
                if (!close) {
                    throw new AssertionError(what + " element " + j + ": expected " + e[j] + ", got " + a[j]);
                }
            }
        }
    }
}
