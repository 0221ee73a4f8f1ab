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
    GE { public double apply(double a, double b) { return a >= b ? 1 : 0; } },

    // ---- arithmetic added after the comparisons (isComparison lists the comparisons explicitly) ----
    /** The angle of the point {@code (b, a)}: {@code atan(a / b)} in the right quadrant, in {@code [-pi, pi]}. */
    ATAN2 { public double apply(double a, double b) { return Math.atan2(a, b); } },
    /** Python's modulus {@code a - b * floor(a / b)}: the sign of the divisor ({@code torch.remainder}). */
    REMAINDER {
        public double apply(double a, double b) {
            double r = a % b;
            return r != 0 && (r < 0) != (b < 0) ? r + b : r;
        }
    },
    /** C's {@code fmod}, {@code a - b * trunc(a / b)}: the sign of the dividend ({@code torch.fmod}). */
    FMOD { public double apply(double a, double b) { return a % b; } };

    /** The function's value, in float64 (comparisons give 1 for true, 0 for false). */
    public abstract double apply(double a, double b);

    /** Whether the result is a boolean mask. */
    public boolean isComparison() {
        return ordinal() >= EQ.ordinal() && ordinal() <= GE.ordinal();
    }
}
