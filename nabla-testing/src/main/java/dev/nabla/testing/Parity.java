package dev.nabla.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Backend parity: a computation run on every backend must give what the float64 reference
 * backend gives, within a tolerance for float32 ({@code |e - a| <= atol + rtol |e|}; NaN
 * matches NaN).
 */
public final class Parity {
    /** Every backend, the reference first. */
    public static final List<Backend> BACKENDS = List.of(Backends.REF, Backends.CPU);

    private Parity() {
    }

    /**
     * Runs {@code run} on every backend (as the default backend too) and compares each of its
     * results (e.g. an output and some gradients) with the reference backend's.
     */
    public static void check(String what, Function<Backend, List<Tensor>> run, double atol, double rtol) {
        List<Tensor> expected = onBackend(Backends.REF, () -> run.apply(Backends.REF));
        for (Backend b : BACKENDS.subList(1, BACKENDS.size())) {
            List<Tensor> actual = onBackend(b, () -> run.apply(b));
            assertEquals(expected.size(), actual.size(), what + ": number of results on " + b.name());
            for (int i = 0; i < expected.size(); i++) {
                assertClose(what + " on " + b.name() + ", result " + i, expected.get(i), actual.get(i), atol, rtol);
            }
        }
    }

    /** Same shape and, element by element, {@code |e - a| <= atol + rtol |e|} (NaN matches NaN). */
    public static void assertClose(String what, Tensor expected, Tensor actual, double atol, double rtol) {
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what + ": shape");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            boolean same = e[i] == a[i] || (Double.isNaN(e[i]) && Double.isNaN(a[i]))
                    || Math.abs(e[i] - a[i]) <= atol + rtol * Math.abs(e[i]);
            if (!same) {
                fail(what + ": element " + i + " expected " + e[i] + " but was " + a[i]);
            }
        }
    }

    /** {@code body}'s result with {@code backend} as the default backend, restoring the previous one. */
    public static <T> T onBackend(Backend backend, Supplier<T> body) {
        Backend previous = Backends.getDefault();
        Backends.setDefault(backend);
        try {
            return body.get();
        } finally {
            Backends.setDefault(previous);
        }
    }
}
