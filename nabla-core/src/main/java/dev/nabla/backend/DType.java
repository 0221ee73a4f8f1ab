package dev.nabla.backend;

/** Element types of tensors. {@link #FLOAT32} is the default for the {@code cpu} backend. */
public enum DType {
    /** 32-bit IEEE float, stored in {@code float[]}. */
    FLOAT32,
    /** 64-bit IEEE float, stored in {@code double[]}: the reference backend and gradient checks. */
    FLOAT64,
    /** 64-bit signed integer, stored in {@code long[]}: indices and class labels. */
    INT64,
    /** Boolean mask, stored in {@code boolean[]}: results of comparisons. */
    BOOL;

    /** Bytes per element in host memory. */
    public int bytes() {
        return switch (this) {
            case FLOAT32 -> 4;
            case FLOAT64, INT64 -> 8;
            case BOOL -> 1;
        };
    }

    /** Whether values of this type can carry gradients. */
    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64;
    }

    private final String shortName = name().toLowerCase(java.util.Locale.ROOT);

    /** Lower-case name as PyTorch prints it, e.g. {@code float32}. */
    public String shortName() {
        return shortName;
    }

    /** The type of {@code a op b}: the wider float type wins, else INT64 over BOOL (NumPy promotion). */
    public static DType promote(DType a, DType b) {
        if (a == b) {
            return a;
        }
        if (a == FLOAT64 || b == FLOAT64) {
            return FLOAT64;
        }
        if (a == FLOAT32 || b == FLOAT32) {
            return FLOAT32;
        }
        return INT64;
    }
}
