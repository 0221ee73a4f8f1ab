package dev.nabla.backend;

/**
 * Elementwise functions of two broadcast operands. Comparisons produce {@link DType#BOOL};
 * the others produce the promoted type of their operands.
 */
public enum BinaryOp {
    ADD { public double apply(double a, double b) { return a + b; } },
    SUB { public double apply(double a, double b) { return a - b; } },
    MUL { public double apply(double a, double b) { return a * b; } },
    DIV { public double apply(double a, double b) { return a / b; } },
    POW { public double apply(double a, double b) { return Math.pow(a, b); } },
    /** Larger of the two; NaN if either is NaN. */
    MAXIMUM { public double apply(double a, double b) { return Math.max(a, b); } },
    /** Smaller of the two; NaN if either is NaN. */
    MINIMUM { public double apply(double a, double b) { return Math.min(a, b); } },
    EQ { public double apply(double a, double b) { return a == b ? 1 : 0; } },
    NE { public double apply(double a, double b) { return a != b ? 1 : 0; } },
    LT { public double apply(double a, double b) { return a < b ? 1 : 0; } },
    LE { public double apply(double a, double b) { return a <= b ? 1 : 0; } },
    GT { public double apply(double a, double b) { return a > b ? 1 : 0; } },
    GE { public double apply(double a, double b) { return a >= b ? 1 : 0; } };

    /** The function's value, in float64 (comparisons give 1 for true, 0 for false). */
    public abstract double apply(double a, double b);

    /** Whether the result is a boolean mask. */
    public boolean isComparison() {
        return ordinal() >= EQ.ordinal();
    }
}
