package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.backend.DType;
import dev.nabla.backend.Storage;
import dev.nabla.tensor.Tensor;
import java.util.Map;
import java.util.Random;

/** Random tensors of every writable dtype, and exact (bitwise) comparison. */
final class TestTensors {
    private TestTensors() {
    }

    /** Random values of {@code dtype} with awkward ones mixed in (NaN, infinities, -0.0, extremes). */
    static Tensor random(DType dtype, Random rnd, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return switch (dtype) {
            case FLOAT32 -> {
                float[] v = new float[n];
                float[] odd = {Float.NaN, Float.POSITIVE_INFINITY, -0.0f, Float.MIN_VALUE, -Float.MAX_VALUE};
                for (int i = 0; i < n; i++) {
                    v[i] = i < odd.length && n > 3 ? odd[i] : (float) rnd.nextGaussian();
                }
                yield Tensors.wrap(storage(v), shape);
            }
            case FLOAT64 -> {
                double[] v = new double[n];
                double[] odd = {Double.NaN, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE, Double.MAX_VALUE};
                for (int i = 0; i < n; i++) {
                    v[i] = i < odd.length && n > 3 ? odd[i] : rnd.nextGaussian() * 1e10;
                }
                yield Tensors.wrap(storage(v), shape);
            }
            case INT64 -> {
                long[] v = new long[n];
                long[] odd = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 1L << 53 | 1};
                for (int i = 0; i < n; i++) {
                    v[i] = i < odd.length && n > 3 ? odd[i] : rnd.nextLong();
                }
                yield Tensors.wrap(storage(v), shape);
            }
            case BOOL -> {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    v[i] = rnd.nextBoolean();
                }
                yield Tensors.wrap(storage(v), shape);
            }
        };
    }

    /** A storage over {@code values} (a primitive array), so that shape {@code []} gives a true scalar. */
    static Storage storage(Object values) {
        return switch (values) {
            case float[] v -> new Storage.Floats(v);
            case double[] v -> new Storage.Doubles(v);
            case long[] v -> new Storage.Longs(v);
            case boolean[] v -> new Storage.Bools(v);
            default -> throw new IllegalArgumentException(values.getClass().getName());
        };
    }

    /** A tensor of {@code shape} over {@code values}; unlike {@code Tensor.of}, shape {@code []} is 0-dim. */
    static Tensor tensor(Object values, int... shape) {
        return Tensors.wrap(storage(values), shape);
    }

    /** Same dtype, shape and bit-identical elements (NaN equals NaN, -0.0 differs from 0.0). */
    static void assertSame(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        switch (expected.dtype()) {
            case FLOAT32 -> assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), what);
            case FLOAT64 -> assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), what);
            // Not toLongArray(), which rounds through double beyond 2^53.
            case INT64 -> assertArrayEquals(((Storage.Longs) Tensors.rowMajor(expected)).data(),
                    ((Storage.Longs) Tensors.rowMajor(actual)).data(), what);
            case BOOL -> assertArrayEquals(expected.toBooleanArray(), actual.toBooleanArray(), what);
        }
    }

    static void assertSame(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertSame(expected.get(name), actual.get(name), name);
        }
    }
}
