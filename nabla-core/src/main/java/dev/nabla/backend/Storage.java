package dev.nabla.backend;

/**
 * A flat, mutable block of elements shared by all views of it, owned by a {@link Backend}. The
 * nested classes hold host memory (Java arrays), which the {@code ref} and {@code cpu} backends
 * share; a device backend defines its own subclass (device memory), whose element accessors may
 * refuse to work. Only backends (and {@code io}'s host codecs) create or read storages: other
 * code goes through {@link Backend#upload}, {@link Backend#download} and the tensor factories.
 *
 * <p>The element accessors read and write any dtype as {@code double}, which is exact for
 * float32, float64, booleans and integers up to 2^53; {@link #getLong}/{@link #setLong} are exact
 * for int64; fast kernels reach the primitive arrays directly instead.
 *
 * <p>A storage carries a version counter (PyTorch's {@code _version}), shared by all views: each
 * in-place op on a tensor bumps it, and the backward pass refuses to use a tensor that was saved
 * for it at an earlier version.
 */
public abstract class Storage {
    private int version;

    protected Storage() {
    }

    /** The element type. */
    public abstract DType dtype();

    /** Number of elements. */
    public abstract int size();

    /** Element {@code i} as a double (booleans as 0 or 1); a device storage may refuse. */
    public abstract double get(int i);

    /** Stores {@code v} at {@code i}, rounded to the storage's type. */
    public abstract void set(int i, double v);

    /** Element {@code i} as a long (floats truncated toward zero, booleans as 0 or 1). */
    public long getLong(int i) { return (long) get(i); }

    /** Stores {@code v} at {@code i}, converted to the storage's type. */
    public void setLong(int i, long v) { set(i, v); }

    /** How many in-place updates this storage has had. */
    public int version() { return version; }

    /** Records an in-place update (called by the in-place ops, not by kernels). */
    public void bumpVersion() { version++; }

    /** A new zero-filled host storage of {@code size} elements of {@code dtype}. */
    public static Storage allocate(DType dtype, int size) {
        return switch (HeapBudget.allocate(dtype, size)) {
            case float[] v -> new Floats(v);
            case double[] v -> new Doubles(v);
            case long[] v -> new Longs(v);
            case boolean[] v -> new Bools(v);
            default -> throw new IllegalStateException();
        };
    }

    /** float32 elements. */
    public static final class Floats extends Storage {
        private final float[] data;

        public Floats(float[] data) { this.data = data; }

        /** The elements (not a copy). */
        public float[] data() { return data; }

        public DType dtype() { return DType.FLOAT32; }
        public int size() { return data.length; }
        public double get(int i) { return data[i]; }
        public void set(int i, double v) { data[i] = (float) v; }
    }

    /** float64 elements. */
    public static final class Doubles extends Storage {
        private final double[] data;

        public Doubles(double[] data) { this.data = data; }

        /** The elements (not a copy). */
        public double[] data() { return data; }

        public DType dtype() { return DType.FLOAT64; }
        public int size() { return data.length; }
        public double get(int i) { return data[i]; }
        public void set(int i, double v) { data[i] = v; }
    }

    /** int64 elements; {@link #set} truncates toward zero like a C cast. */
    public static final class Longs extends Storage {
        private final long[] data;

        public Longs(long[] data) { this.data = data; }

        /** The elements (not a copy). */
        public long[] data() { return data; }

        public DType dtype() { return DType.INT64; }
        public int size() { return data.length; }
        public double get(int i) { return data[i]; }
        public void set(int i, double v) { data[i] = (long) v; }
        @Override public long getLong(int i) { return data[i]; }
        @Override public void setLong(int i, long v) { data[i] = v; }
    }

    /** Boolean elements; {@link #set} stores {@code v != 0}. */
    public static final class Bools extends Storage {
        private final boolean[] data;

        public Bools(boolean[] data) { this.data = data; }

        /** The elements (not a copy). */
        public boolean[] data() { return data; }

        public DType dtype() { return DType.BOOL; }
        public int size() { return data.length; }
        public double get(int i) { return data[i] ? 1 : 0; }
        public void set(int i, double v) { data[i] = v != 0; }
        @Override public long getLong(int i) { return data[i] ? 1 : 0; }
        @Override public void setLong(int i, long v) { data[i] = v != 0; }
    }
}
