package dev.nabla.io;

import dev.nabla.backend.Backends;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Storage;
import dev.nabla.tensor.Tensor;

/** Conversions between tensors and flat row-major storage shared by the file formats. */
final class Tensors {
    private Tensors() {
    }

    /** A tensor of {@code shape} over {@code storage} on the default backend. */
    static Tensor wrap(Storage storage, int[] shape) {
        return new Tensor(new NDArray(storage, shape.clone()), Backends.getDefault());
    }

    /** The elements of {@code t} in row-major order, in a fresh storage of its dtype. */
    static Storage rowMajor(Tensor t) {
        return switch (t.dtype()) {
            case FLOAT32 -> new Storage.Floats(t.toFloatArray());
            case FLOAT64 -> new Storage.Doubles(t.toDoubleArray());
            case INT64 -> new Storage.Longs(t.toLongArray());
            case BOOL -> new Storage.Bools(t.toBooleanArray());
        };
    }

    /** A JSON-style name of a parsed value's type, for error messages. */
    static String jsonType(Object v) {
        return switch (v) {
            case null -> "null";
            case java.util.Map<?, ?> m -> "an object";
            case java.util.List<?> l -> "an array";
            case String s -> "a string";
            case Long n -> "the integer " + n;
            case Double d -> "the number " + d;
            case Boolean b -> "the boolean " + b;
            default -> v.getClass().getSimpleName();
        };
    }
}
