package dev.nabla.backend;

/**
 * Elementwise functions that backends implement as primitives. Each constant carries its
 * definition in float64, which the reference backend uses as is.
 */
public enum UnaryOp {
    NEG {
        public double apply(double x) { return -x; }
        public long applyLong(long x) { return -x; }
        public double derivative(double x, double y) { return -1; }
    },
    EXP {
        public double apply(double x) { return Math.exp(x); }
        public double derivative(double x, double y) { return y; }
    },
    LOG {
        public double apply(double x) { return Math.log(x); }
        public double derivative(double x, double y) { return 1 / x; }
    },
    LOG1P {
        public double apply(double x) { return Math.log1p(x); }
        public double derivative(double x, double y) { return 1 / (x + 1); }
    },
    SQRT {
        public double apply(double x) { return Math.sqrt(x); }
        public double derivative(double x, double y) { return 0.5 / y; }
    },
    /** {@code 1/sqrt(x)}. */
    RSQRT {
        public double apply(double x) { return 1 / Math.sqrt(x); }
        public double derivative(double x, double y) { return -0.5 * y * y * y; }
    },
    ABS {
        public double apply(double x) { return Math.abs(x); }
        public long applyLong(long x) { return Math.abs(x); }
        public double derivative(double x, double y) { return SIGN.apply(x); } // 0 at NaN, as PyTorch's sgn
    },
    /** -1, 0 or 1; as PyTorch's {@code (0 < x) - (x < 0)}, NaN and -0 give (positive) 0. */
    SIGN {
        public double apply(double x) { return x > 0 ? 1 : x < 0 ? -1 : 0; }
        public long applyLong(long x) { return Long.signum(x); }
        public double derivative(double x, double y) { return 0; }
    },
    /** {@code 1/(1+exp(-x))}, evaluated without overflow for large |x|. */
    SIGMOID {
        public double apply(double x) {
            if (x >= 0) {
                return 1 / (1 + Math.exp(-x));
            }
            double e = Math.exp(x);
            return e / (1 + e);
        }

        public double derivative(double x, double y) { return y * (1 - y); }
    },
    TANH {
        public double apply(double x) { return Math.tanh(x); }
        public double derivative(double x, double y) { return 1 - y * y; }
    },
    /** {@code max(x, 0)} as PyTorch's {@code x < 0 ? 0 : x}: -0 and NaN pass through (NaN's gradient too). */
    RELU {
        public double apply(double x) { return x < 0 ? 0 : x; }
        public long applyLong(long x) { return Math.max(x, 0); }
        public double derivative(double x, double y) { return y <= 0 ? 0 : 1; }
    },
    /** The error function {@code 2/sqrt(pi) * integral_0^x exp(-t^2) dt}. */
    ERF {
        public double apply(double x) { return Erf.erf(x); }
        public double derivative(double x, double y) { return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x); }
    },
    /**
     * Exact GELU {@code x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2))}; derivative
     * {@code Phi(x) + x * exp(-x^2 / 2) / sqrt(2 pi)}.
     */
    GELU {
        public double apply(double x) { return 0.5 * x * (1 + Erf.erf(x * INV_SQRT2)); }
        public double derivative(double x, double y) {
            return 0.5 * (1 + Erf.erf(x * INV_SQRT2)) + x * Math.exp(-0.5 * x * x) * INV_SQRT_2PI;
        }
    },

    // ---- trigonometry and rounding (the rounding ops have zero gradient, as in PyTorch) ----
    SIN {
        public double apply(double x) { return Math.sin(x); }
        public double derivative(double x, double y) { return Math.cos(x); }
    },
    COS {
        public double apply(double x) { return Math.cos(x); }
        public double derivative(double x, double y) { return -Math.sin(x); }
    },
    /** Largest integer {@code <= x}. */
    FLOOR {
        public double apply(double x) { return Math.floor(x); }
        public double derivative(double x, double y) { return 0; }
    },
    /** Smallest integer {@code >= x}. */
    CEIL {
        public double apply(double x) { return Math.ceil(x); }
        public double derivative(double x, double y) { return 0; }
    },
    /** Nearest integer, halves to even ({@code round(2.5) = 2}), as {@code torch.round}. */
    ROUND {
        public double apply(double x) { return Math.rint(x); }
        public double derivative(double x, double y) { return 0; }
    },
    /** The integer part, rounded toward zero. */
    TRUNC {
        public double apply(double x) { return x < 0 ? Math.ceil(x) : Math.floor(x); }
        public double derivative(double x, double y) { return 0; }
    };

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** The lower-case name for messages and graphs, e.g. {@code sigmoid}. */
    public String label() {
        return label;
    }

    /** Whether the op is piecewise constant (sign and rounding): zero gradient, integers kept. */
    public boolean isStep() {
        return this == SIGN || this == FLOOR || this == CEIL || this == ROUND || this == TRUNC;
    }

    /** {@code 1 / sqrt 2}. */
    public static final double INV_SQRT2 = 1 / Math.sqrt(2);
    /** {@code 1 / sqrt(2 pi)}, the standard normal density at 0. */
    public static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    /** The function's value at {@code x}, in float64. */
    public abstract double apply(double x);

    /** The function's value for an integer {@code x}, exact for the ops that keep integer types. */
    public long applyLong(long x) {
        return (long) apply(x);
    }

    /**
     * The derivative {@code f'(x)}, given {@code x} and {@code y = f(x)} (whichever is cheaper to
     * use); the backward pass multiplies it by the output gradient.
     */
    public abstract double derivative(double x, double y);

    /** The error function, accurate to about 1e-15 (series with positive terms, no cancellation). */
    static final class Erf {
        private Erf() {
        }

        static double erf(double x) {
            double ax = Math.abs(x);
            if (ax >= 6) {
                return Math.signum(x);
            }
            // erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n 2^n x^(2n+1) / (1*3*...*(2n+1))
            double term = ax;
            double sum = ax;
            double x2 = 2 * ax * ax;
            for (int n = 1; n < 200 && term > 1e-17 * sum; n++) {
                term *= x2 / (2 * n + 1);
                sum += term;
            }
            double r = 2 / Math.sqrt(Math.PI) * Math.exp(-ax * ax) * sum;
            return Math.copySign(Math.min(r, 1.0), x);
        }
    }
}
