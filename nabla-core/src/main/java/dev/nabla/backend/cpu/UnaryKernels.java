package dev.nabla.backend.cpu;

import dev.nabla.backend.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 loops of the unary ops: one small method per op (each compiled on its own, so
 * vectors never cross a call C2 might not inline), an unmasked vector loop and a scalar tail
 * that uses the op's float64 definition, rounded.
 */
final class UnaryKernels {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();

    private UnaryKernels() {
    }

    /** {@code y[yo + i] = op(x[xo + i])} for {@code i < n}; {@code x} and {@code y} may alias. */
    static void apply(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
        int ub = S.loopBound(n);
        switch (op) {
            case NEG -> neg(x, xo, y, yo, ub);
            case EXP, LOG, LOG1P, SIGMOID, TANH -> {
                vectorMath(op, x, xo, y, yo, n);
                return;
            }
            case SQRT -> sqrt(x, xo, y, yo, ub);
            case RSQRT -> rsqrt(x, xo, y, yo, ub);
            case ABS -> abs(x, xo, y, yo, ub);
            case SIGN -> sign(x, xo, y, yo, ub);
            case RELU -> relu(x, xo, y, yo, ub);
            case ERF -> ub = erf(x, xo, y, yo, n);
            case GELU -> gelu(x, xo, y, yo, ub);
            case SIN -> lanewise(VectorOperators.SIN, x, xo, y, yo, ub);
            case COS -> lanewise(VectorOperators.COS, x, xo, y, yo, ub);
            case FLOOR, CEIL, ROUND, TRUNC -> ub = 0; // exact in float32: the scalar loop rounds nothing
            default -> throw new UnsupportedOperationException("cpu unary kernel: no vector loop for " + op);
        }
        for (int i = ub; i < n; i++) {
            y[yo + i] = (float) op.apply(x[xo + i]);
        }
    }

    private static void lanewise(VectorOperators.Unary op, float[] x, int xo, float[] y, int yo, int ub) {
        for (int i = 0; i < ub; i += L) {
            FloatVector.fromArray(S, x, xo + i).lanewise(op).intoArray(y, yo + i);
        }
    }

    /** The {@link VectorMath} function of op over {@code n} elements, tail included. */
    private static void vectorMath(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
        switch (op) {
            case EXP -> VectorMath.exp(x, xo, y, yo, n);
            case LOG -> VectorMath.log(x, xo, y, yo, n);
            case LOG1P -> VectorMath.log1p(x, xo, y, yo, n);
            case SIGMOID -> VectorMath.sigmoid(x, xo, y, yo, n);
            case TANH -> VectorMath.tanh(x, xo, y, yo, n);
            default -> throw new IllegalArgumentException("no VectorMath function for " + op);
        }
    }

    private static void neg(float[] x, int xo, float[] y, int yo, int ub) {
        for (int i = 0; i < ub; i += L) {
            FloatVector.fromArray(S, x, xo + i).neg().intoArray(y, yo + i);
        }
    }

    private static void sqrt(float[] x, int xo, float[] y, int yo, int ub) {
        for (int i = 0; i < ub; i += L) {
            FloatVector.fromArray(S, x, xo + i).sqrt().intoArray(y, yo + i);
        }
    }

    private static void rsqrt(float[] x, int xo, float[] y, int yo, int ub) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < ub; i += L) {
            one.div(FloatVector.fromArray(S, x, xo + i).sqrt()).intoArray(y, yo + i);
        }
    }

    private static void abs(float[] x, int xo, float[] y, int yo, int ub) {
        for (int i = 0; i < ub; i += L) {
            FloatVector.fromArray(S, x, xo + i).abs().intoArray(y, yo + i);
        }
    }

    /** -1, 0 or 1; NaN and signed zeros pass through. */
    private static void sign(float[] x, int xo, float[] y, int yo, int ub) {
        FloatVector zero = FloatVector.zero(S); // NaN and -0 give 0, as the scalar UnaryOp.SIGN
        for (int i = 0; i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            zero.blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f))
                    .intoArray(y, yo + i);
        }
    }

    /** {@code x <= 0 ? 0 : x}, so NaN stays NaN like the reference. */
    private static void relu(float[] x, int xo, float[] y, int yo, int ub) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.blend(zero, v.compare(VectorOperators.LT, 0f)).intoArray(y, yo + i); // -0 stays -0, as UnaryOp.RELU
        }
    }

    static final VectorSpecies<Double> D = Vectors.DOUBLE;
    /** The float lanes that widen to one {@link #D} vector. */
    static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    // Numerator (odd, times x) and denominator (even) coefficients, in powers of x^2 from the top.
    private static final double A0 = -2.72614225801306e-10f, A1 = 2.77068142495902e-08f, A2 = -2.10102402082508e-06f,
        A3 = -5.69250639462346e-05f, A4 = -7.34990630326855e-04f, A5 = -2.95459980854025e-03f, A6 = -1.60960333262415e-02f;
    private static final double B0 = -1.45660718464996e-05f, B1 = -2.13374055278905e-04f, B2 = -1.68282697438203e-03f,
        B3 = -7.37332916720468e-03f, B4 = -1.42647390514189e-02f;

    /** {@code F.length()} floats from {@code x[i]} widened to doubles. */
    static DoubleVector widen(float[] x, int i) {
        return (DoubleVector) FloatVector.fromArray(F, x, i).convertShape(VectorOperators.F2D, D, 0);
    }

    /** {@code v} rounded to floats and stored at {@code y[i]}. */
    static void narrow(DoubleVector v, float[] y, int i) {
        ((FloatVector) v.convertShape(VectorOperators.D2F, F, 0)).intoArray(y, i);
    }

    /**
     * The error function in float64 lanes: the rational approximation Eigen uses for float
     * ({@code generic_fast_erf_float}, x clamped to [-4, 4]) has error below 7e-8 when evaluated in
     * double, so a result rounded to float is within 1e-7 of erf (evaluated in float it would be 4e-7).
     */
    static DoubleVector erf(DoubleVector x) {
        DoubleVector v = x.max(-4.0).min(4.0);
        DoubleVector x2 = v.mul(v);
        DoubleVector p = x2.fma(A0, A1).fma(x2, DoubleVector.broadcast(D, A2))
                .fma(x2, DoubleVector.broadcast(D, A3)).fma(x2, DoubleVector.broadcast(D, A4))
                .fma(x2, DoubleVector.broadcast(D, A5)).fma(x2, DoubleVector.broadcast(D, A6));
        DoubleVector q = x2.fma(B0, B1).fma(x2, DoubleVector.broadcast(D, B2))
                .fma(x2, DoubleVector.broadcast(D, B3)).fma(x2, DoubleVector.broadcast(D, B4));
        return v.mul(p).div(q);
    }

    /** erf over the largest prefix of whole double vectors (returned). */
    private static int erf(float[] x, int xo, float[] y, int yo, int n) {
        int ub = n - n % D.length();
        for (int i = 0; i < ub; i += D.length()) {
            narrow(erf(widen(x, xo + i)), y, yo + i);
        }
        return ub;
    }

    /**
     * GELU {@code x Phi(x)}, with {@code Phi(x) = 1 - Phi(-x)} for {@code x > 0} and the tail from
     * {@link #normalTails} (a pass of its own over blocks): relative error about 1e-6 for
     * {@code |x| <= 4} (1.5e-5 at 12), where {@code 0.5 x (1 + erf(x / sqrt 2))} loses every digit
     * to cancellation for negative x.
     * GELU(-inf) is NaN and large negative x give -0, as in the reference.
     */
    private static void gelu(float[] x, int xo, float[] y, int yo, int ub) {
        float[] tail = new float[Math.min(ub, TAIL_BLOCK)]; // y may alias x
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int b = 0; b < ub; b += TAIL_BLOCK) {
            int len = Math.min(TAIL_BLOCK, ub - b);
            normalTails(x, xo + b, tail, 0, len);
            for (int i = 0; i < len; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xo + b + i);
                FloatVector t = FloatVector.fromArray(S, tail, i);
                v.mul(t.blend(one.sub(t), v.compare(VectorOperators.GT, 0f))).intoArray(y, yo + b + i); // x Phi(x)
            }
        }
    }

    // Numerical Recipes' erfc fit (erfcc): erfc(z) = t exp(-z^2 + P(t)), t = 1 / (1 + z/2), z >= 0,
    // fractional error below 1.2e-7. P's coefficients, from the highest power of t.
    private static final float[] ERFC_P = {0.17087277f, -0.82215223f, 1.48851587f, -1.13520398f, 0.27886807f,
        -0.18628806f, 0.09678418f, 0.37409196f, 1.00002368f, -1.26551223f};

    /** Elements per pass of {@link #normalTails} in GELU's kernels (a multiple of every vector length). */
    static final int TAIL_BLOCK = 1024;

    /**
     * The standard normal's tail {@code out[oo + i] = Phi(-|x[xo + i]|) = erfc(|x| / sqrt 2) / 2} for
     * {@code i < n} (whole vectors; out must not alias x), to a relative error of about 1e-6 for
     * {@code |x| <= 4} (the fit's 1.2e-7 plus the rounding of the exponent, which grows with x^2).
     * In passes, as {@link VectorMath} explains: the exponent into out, its exp, the factor t/2.
     */
    static void normalTails(float[] x, int xo, float[] out, int oo, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < n; i += L) {
            FloatVector z = FloatVector.fromArray(S, x, xo + i).abs().mul((float) UnaryOp.INV_SQRT2);
            FloatVector t = one.div(z.fma(0.5f, 1f));
            FloatVector p = FloatVector.broadcast(S, ERFC_P[0]);
            for (int c = 1; c < ERFC_P.length; c++) {
                p = p.fma(t, FloatVector.broadcast(S, ERFC_P[c]));
            }
            p.sub(z.mul(z)).intoArray(out, oo + i);
        }
        VectorMath.exp(out, oo, out, oo, n);
        for (int i = 0; i < n; i += L) {
            FloatVector z = FloatVector.fromArray(S, x, xo + i).abs().mul((float) UnaryOp.INV_SQRT2);
            FloatVector t = one.div(z.fma(0.5f, 1f));
            t.mul(0.5f).mul(FloatVector.fromArray(S, out, oo + i)).intoArray(out, oo + i);
        }
    }
}
