package dev.nabla.backend;

/**
 * A flat, mutable block of elements shared by all views of it. The element accessors read and
 * write any dtype as {@code double}, which is exact for float32, float64, booleans and integers up
 * to 2^53; fast kernels reach the primitive arrays directly instead.
 */
public sealed interface Storage {

    /** The element type. */
    DType dtype();

    /** Number of elements. */
    int size();

    /** Element {@code i} as a double (booleans as 0 or 1). */
    double get(int i);

    /** Stores {@code v} at {@code i}, rounded to the storage's type. */
    void set(int i, double v);

    /** A new zero-filled storage of {@code size} elements of {@code dtype}. */
    static Storage allocate(DType dtype, int size) {
        return switch (dtype) {
            case FLOAT32 -> new Floats(new float[size]);
            case FLOAT64 -> new Doubles(new double[size]);
            case INT64 -> new Longs(new long[size]);
            case BOOL -> new Bools(new boolean[size]);
        };
    }

    /** float32 elements. */
    record Floats(float[] data) implements Storage {
        public DType dtype() { return DType.FLOAT32; }
        public int size() { return data.length; }
        public double get(int i) { return data[i]; }
        public void set(int i, double v) { data[i] = (float) v; }
    }

    /** float64 elements. */
    record Doubles(double[] data) implements Storage {
        public DType dtype() { return DType.FLOAT64; }
        public int size() { return data.length; }
        public double get(int i) { return data[i]; }
        public void set(int i, double v) { data[i] = v; }
    }

    /** int64 elements; {@link #set} truncates toward zero like a C cast. */
    record Longs(long[] data) implements Storage {
        public DType dtype() { return DType.INT64; }
        public int size() { return data.length; }
        public double get(int i) { return data[i]; }
        public void set(int i, double v) { data[i] = (long) v; }
    }

    /** Boolean elements; {@link #set} stores {@code v != 0}. */
    record Bools(boolean[] data) implements Storage {
        public DType dtype() { return DType.BOOL; }
        public int size() { return data.length; }
        public double get(int i) { return data[i] ? 1 : 0; }
        public void set(int i, double v) { data[i] = v != 0; }
    }
}
