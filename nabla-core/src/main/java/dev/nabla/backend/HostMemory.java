package dev.nabla.backend;

import java.util.Arrays;

/**
 * Host memory (Java arrays in {@link Storage}'s nested classes): the {@link Backend} memory
 * methods of the backends that keep their data on the Java heap ({@code ref}, {@code cpu}).
 */
public final class HostMemory {
    private HostMemory() {
    }

    /** The Java array behind a host storage ({@code float[]}, {@code double[]}, {@code long[]}, {@code boolean[]}), or null for another backend's. */
    public static Object array(Storage s) {
        return switch (s) {
            case Storage.Floats f -> f.data();
            case Storage.Doubles d -> d.data();
            case Storage.Longs l -> l.data();
            case Storage.Bools b -> b.data();
            default -> null;
        };
    }

    /** {@link Backend#upload}: {@code values} wrapped (not copied) as a contiguous array of {@code shape} (of as many elements). */
    public static NDArray upload(Object values, int[] shape) {
        Storage s = switch (values) {
            case float[] v -> new Storage.Floats(v);
            case double[] v -> new Storage.Doubles(v);
            case long[] v -> new Storage.Longs(v);
            case boolean[] v -> new Storage.Bools(v);
            default -> throw new IllegalArgumentException("upload: expected a float[], double[], long[] or boolean[], got "
                    + values.getClass().getSimpleName());
        };
        return new NDArray(s, shape.clone());
    }

    /** {@link Backend#full}: a new host array with every element {@code value} (one pass, no temporaries). */
    public static NDArray full(DType dtype, int[] shape, double value) {
        NDArray out = NDArray.zeros(dtype, shape);
        if (value != 0) {
            Storage s = out.storage();
            for (int i = 0; i < s.size(); i++) {
                s.set(i, value);
            }
        }
        return out;
    }

    /** {@link Backend#download} for a host array {@code x} of {@code backend}: a converted copy's array. */
    public static Object download(Backend backend, NDArray x, DType dtype) {
        NDArray c = backend.copy(x, dtype);
        Object array = switch (c.storage()) {
            case Storage.Floats f -> f.data();
            case Storage.Doubles d -> d.data();
            case Storage.Longs l -> l.data();
            case Storage.Bools b -> b.data();
            default -> throw new IllegalStateException("download: " + backend.name() + " returned non-host storage");
        };
        if (c.offset() == 0 && c.storage().size() == c.numel()) {
            return array;
        }
        return switch (array) {
            case float[] v -> Arrays.copyOfRange(v, c.offset(), c.offset() + c.numel());
            case double[] v -> Arrays.copyOfRange(v, c.offset(), c.offset() + c.numel());
            case long[] v -> Arrays.copyOfRange(v, c.offset(), c.offset() + c.numel());
            case boolean[] v -> Arrays.copyOfRange(v, c.offset(), c.offset() + c.numel());
            default -> throw new IllegalStateException();
        };
    }
}
