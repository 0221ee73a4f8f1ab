package dev.nabla.backend;

/**
 * Elementwise functions of two broadcast operands. Comparisons produce {@link DType#BOOL};
 * the others produce the promoted type of their operands.
 */
public enum BinaryOp {
    ADD(false) { public double apply(double a, double b) { return a + b; } },
    SUB(false) { public double apply(double a, double b) { return a - b; } },
    MUL(false) { public double apply(double a, double b) { return a * b; } },
    DIV(false) { public double apply(double a, double b) { return a / b; } },
    POW(false) { public double apply(double a, double b) { return Math.pow(a, b); } },
    /** Larger of the two; NaN if either is NaN. */
    MAXIMUM(false) { public double apply(double a, double b) { return Math.max(a, b); } },
    /** Smaller of the two; NaN if either is NaN. */
    MINIMUM(false) { public double apply(double a, double b) { return Math.min(a, b); } },
    EQ(true) { public double apply(double a, double b) { return a == b ? 1 : 0; } },
    NE(true) { public double apply(double a, double b) { return a != b ? 1 : 0; } },
    LT(true) { public double apply(double a, double b) { return a < b ? 1 : 0; } },
    LE(true) { public double apply(double a, double b) { return a <= b ? 1 : 0; } },
    GT(true) { public double apply(double a, double b) { return a > b ? 1 : 0; } },
    GE(true) { public double apply(double a, double b) { return a >= b ? 1 : 0; } };

    private final boolean comparison;

    BinaryOp(boolean comparison) {
        this.comparison = comparison;
    }

    /** The function's value, in float64 (comparisons give 1 for true, 0 for false). */
    public abstract double apply(double a, double b);

    /** Whether the result is a boolean mask. */
    public boolean isComparison() {
        return comparison;
    }
}
