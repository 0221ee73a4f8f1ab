package dev.nabla.io;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Storage;
import dev.nabla.tensor.Tensor;

/** Conversions between tensors and flat row-major storage shared by the file formats. */
final class Tensors {
    private Tensors() {
    }

    /** A tensor of {@code shape} over the host {@code storage}, uploaded to the default backend. */
    static Tensor wrap(Storage storage, int[] shape) {
        Backend backend = Backends.getDefault();
        return new Tensor(backend.upload(array(storage), shape.clone()), backend);
    }

    /**
     * The elements of {@code t} in row-major order, downloaded from its device into a fresh host
     * storage of its dtype (exact for int64: no conversion via double).
     */
    static Storage rowMajor(Tensor t) {
        return switch (t.backend().download(t.data(), t.dtype())) {
            case float[] v -> new Storage.Floats(v);
            case double[] v -> new Storage.Doubles(v);
            case long[] v -> new Storage.Longs(v);
            case boolean[] v -> new Storage.Bools(v);
            default -> throw new IllegalStateException("unexpected download from " + t.device());
        };
    }

    /** The elements of the (possibly strided) array {@code a} in row-major order, copied exactly. */
    static Storage rowMajor(NDArray a) {
        int n = a.numel();
        Storage out = Storage.allocate(a.dtype(), n);
        if (n == 0) {
            return out;
        }
        Object src = array(a.storage());
        Object dst = array(out);
        if (a.isContiguous()) {
            System.arraycopy(src, a.offset(), dst, 0, n);
            return out;
        }
        int[] shape = a.shapeRef();
        int[] strides = a.stridesRef();
        int[] index = new int[shape.length];
        int from = a.offset();
        for (int to = 0; to < n; to++) {
            System.arraycopy(src, from, dst, to, 1); // one element, whatever the primitive type
            for (int d = shape.length - 1; d >= 0; d--) { // next row-major index, last dim fastest
                from += strides[d];
                if (++index[d] < shape[d]) {
                    break;
                }
                from -= strides[d] * shape[d];
                index[d] = 0;
            }
        }
        return out;
    }

    /** The primitive array behind {@code s}. */
    static Object array(Storage s) {
        return switch (s) {
            case Storage.Floats f -> f.data();
            case Storage.Doubles d -> d.data();
            case Storage.Longs l -> l.data();
            case Storage.Bools b -> b.data();
            default -> throw new IllegalArgumentException("not a host storage: " + s.getClass().getSimpleName());
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
