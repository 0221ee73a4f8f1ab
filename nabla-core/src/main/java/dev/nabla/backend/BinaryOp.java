package dev.nabla.backend;

/**
 * Elementwise functions of two broadcast operands. Comparisons produce {@link DType#BOOL};
 * the others produce the promoted type of their operands. Each constant carries its definition in
 * float64 ({@link #apply(double, double)}) and, exact for int64 and bool operands,
 * {@link #applyLong(long, long)} (integer arithmetic wraps around on overflow, as in PyTorch).
 */
public enum BinaryOp {
    ADD(false) {
        public double apply(double a, double b) { return a + b; }
        public long applyLong(long a, long b) { return a + b; }
    },
    SUB(false) {
        public double apply(double a, double b) { return a - b; }
        public long applyLong(long a, long b) { return a - b; }
    },
    MUL(false) {
        public double apply(double a, double b) { return a * b; }
        public long applyLong(long a, long b) { return a * b; }
    },
    /** {@code a / b}; for integers truncated toward zero (the op layer turns integer {@code /} into float division). */
    DIV(false) {
        public double apply(double a, double b) { return a / b; }
        public long applyLong(long a, long b) { return nonZero(this, b) / b; }
    },
    /** {@code a^b}; for integers by repeated squaring, with PyTorch's results for negative exponents (0 unless |a| = 1). */
    POW(false) {
        public double apply(double a, double b) { return Math.pow(a, b); }
        public long applyLong(long a, long b) { return powLong(a, b); }
    },
    /** Larger of the two; NaN if either is NaN. */
    MAXIMUM(false) {
        public double apply(double a, double b) { return Math.max(a, b); }
        public long applyLong(long a, long b) { return Math.max(a, b); }
    },
    /** Smaller of the two; NaN if either is NaN. */
    MINIMUM(false) {
        public double apply(double a, double b) { return Math.min(a, b); }
        public long applyLong(long a, long b) { return Math.min(a, b); }
    },
    /** {@code floor(a / b)}, as {@code torch.floor_divide} and Python's {@code //}. */
    FLOOR_DIVIDE(false) {
        public double apply(double a, double b) { return floorDivide(a, b); }
        public long applyLong(long a, long b) { return Math.floorDiv(a, nonZero(this, b)); }
    },
    /** {@code a / b} rounded toward zero, as {@code torch.div(a, b, rounding_mode='trunc')}. */
    TRUNC_DIVIDE(false) {
        public double apply(double a, double b) { double q = a / b; return q < 0 ? Math.ceil(q) : Math.floor(q); }
        public long applyLong(long a, long b) { return a / nonZero(this, b); }
    },
    EQ(true) {
        public double apply(double a, double b) { return a == b ? 1 : 0; }
        public long applyLong(long a, long b) { return a == b ? 1 : 0; }
    },
    NE(true) {
        public double apply(double a, double b) { return a != b ? 1 : 0; }
        public long applyLong(long a, long b) { return a != b ? 1 : 0; }
    },
    LT(true) {
        public double apply(double a, double b) { return a < b ? 1 : 0; }
        public long applyLong(long a, long b) { return a < b ? 1 : 0; }
    },
    LE(true) {
        public double apply(double a, double b) { return a <= b ? 1 : 0; }
        public long applyLong(long a, long b) { return a <= b ? 1 : 0; }
    },
    GT(true) {
        public double apply(double a, double b) { return a > b ? 1 : 0; }
        public long applyLong(long a, long b) { return a > b ? 1 : 0; }
    },
    GE(true) {
        public double apply(double a, double b) { return a >= b ? 1 : 0; }
        public long applyLong(long a, long b) { return a >= b ? 1 : 0; }
    },

    /** The angle of the point {@code (b, a)}: {@code atan(a / b)} in the right quadrant, in {@code [-pi, pi]}. */
    ATAN2(false) { public double apply(double a, double b) { return Math.atan2(a, b); } },
    /** Python's modulus {@code a - b * floor(a / b)}: the sign of the divisor ({@code torch.remainder}). */
    REMAINDER(false) {
        public double apply(double a, double b) {
            double r = a % b;
            return r != 0 && (r < 0) != (b < 0) ? r + b : r;
        }
        public long applyLong(long a, long b) { return Math.floorMod(a, nonZero(this, b)); }
    },
    /** C's {@code fmod}, {@code a - b * trunc(a / b)}: the sign of the dividend ({@code torch.fmod}). */
    FMOD(false) {
        public double apply(double a, double b) { return a % b; }
        public long applyLong(long a, long b) { return a % nonZero(this, b); }
    };

    private final boolean comparison;
    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    BinaryOp(boolean comparison) {
        this.comparison = comparison;
    }

    /** The lower-case name for messages and graphs, e.g. {@code floor_divide}. */
    public String label() {
        return label;
    }

    /** The function's value, in float64 (comparisons give 1 for true, 0 for false). */
    public abstract double apply(double a, double b);

    /** The function's value for integer operands, exact (comparisons give 1 for true, 0 for false). */
    public long applyLong(long a, long b) {
        return (long) apply(a, b);
    }

    /** Whether the result is a boolean mask. */
    public boolean isComparison() {
        return comparison;
    }

    private static long nonZero(BinaryOp op, long b) {
        if (b == 0) {
            throw new ArithmeticException(op.label() + ": integer division by zero");
        }
        return b;
    }

    private static long powLong(long a, long b) {
        if (b < 0) {
            return a == 1 ? 1 : a == -1 ? ((b & 1) == 0 ? 1 : -1) : 0;
        }
        long result = 1;
        for (long base = a, e = b; e != 0; e >>= 1, base *= base) {
            if ((e & 1) != 0) {
                result *= base;
            }
        }
        return result;
    }

    /** PyTorch's {@code div_floor_floating}: Python's floor division, exact where {@code floor(a / b)} rounds wrongly. */
    private static double floorDivide(double a, double b) {
        if (b == 0) {
            return a / b;
        }
        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) {
            div -= 1;
        }
        if (div == 0) {
            return Math.copySign(0, a / b);
        }
        double floor = Math.floor(div);
        return div - floor > 0.5 ? floor + 1 : floor;
    }
}
