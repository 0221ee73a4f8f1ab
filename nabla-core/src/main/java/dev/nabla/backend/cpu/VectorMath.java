package dev.nabla.backend.cpu;

import dev.nabla.backend.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code exp}, {@code log}, {@code log1p}, {@code tanh}, {@code sigmoid} and a Gaussian over
 * float32 arrays, the vector lanes computed from adds, multiplies and bit operations only, so a
 * kernel gives the same bits interpreted and JIT-compiled. {@code lanewise(EXP)} and the like do
 * not: compiled code calls a native vector routine, the interpreter a per-lane fallback, and their
 * last bits differ, which made training change once C2 compiled a kernel (determinism). Lanes are
 * within 1-3 ulp of the exact values (Cephes' polynomials); scalar tails use the float64
 * function, rounded.
 *
 * <p>Only {@link #exp} and {@link #log} hold lane code for exp and log, and no function here
 * passes vectors to a helper method: exp is some 30 vector operations, and a kernel that inlined
 * a few such helpers would pass C2's inlining node limit, leave the next helper a real call and
 * box every vector through it (3-5x slower, depending on what was compiled first). The others
 * make passes over blocks instead: their argument into a scratch block, exp or log of the block,
 * then the rest. Kernels built on these do the same.
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();
    /** Above this exp overflows (e^89 > Float.MAX_VALUE); below LO it is 0 (e^-104 < MIN_VALUE / 2). */
    private static final float HI = 89f;
    private static final float LO = -104f;
    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 = LN2_HI + LN2_LO, LN2_HI with few enough bits that {@code n * LN2_HI} is exact. */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** Adding 1.5 * 2^23 rounds a float below 2^22 in magnitude to an integer held in the low mantissa bits. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    /** exp(r) - 1 - r ~ r^2 p(r) on |r| <= ln2 / 2; p's coefficients from the highest power. */
    private static final float[] EXP_P = {1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f,
        4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f};
    /** Below this |x| tanh is x + x^3 p(x^2); above it 1 - 2 / (e^2|x| + 1) loses no precision. */
    private static final float TANH_SMALL = 0.625f;
    /** tanh x - x ~ x^3 p(x^2), p's coefficients from the highest power. */
    private static final float[] TANH_P = {-5.70498872745e-3f, 2.06390887954e-2f, -5.37397155531e-2f,
        1.33314422036e-1f, -3.33332819422e-1f};

    /** log(1 + f) - f + f^2/2 ~ f^3 q(f) on sqrt(1/2) - 1 <= f < sqrt 2 - 1, q's coefficients from the highest power. */
    private static final float[] LOG_Q = {7.0376836292e-2f, -1.1514610310e-1f, 1.1676998740e-1f,
        -1.2420140846e-1f, 1.4249322787e-1f, -1.6668057665e-1f, 2.0000714765e-1f, -2.4999993993e-1f,
        3.3333331174e-1f};
    private static final float SQRT_HALF = 0.70710678118654752f;
    private static final float INF = Float.POSITIVE_INFINITY;
    /** Elements per pass (a multiple of every vector length) and each thread's scratch block. */
    private static final int BLOCK = 512;
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[BLOCK]);

    private VectorMath() {
    }

    /**
     * {@code y[yo + i] = e^x[xo + i]} for {@code i < n}; x and y may alias. Lanes: {@code x = k ln2 + r}
     * with |r| <= ln2 / 2, {@code e^x = 2^k e^r}, 2^k applied in two halves so that results below
     * Float.MIN_NORMAL come out subnormal; NaN stays NaN, +-inf give inf and 0.
     */
    static void exp(float[] x, int xo, float[] y, int yo, int n) {
        FloatVector log2e = FloatVector.broadcast(S, LOG2E);
        FloatVector round = FloatVector.broadcast(S, ROUND);
        FloatVector ln2Hi = FloatVector.broadcast(S, -LN2_HI);
        FloatVector ln2Lo = FloatVector.broadcast(S, -LN2_LO);
        int ub = S.loopBound(n);
        int i = 0;
        for (; i < ub; i += L) {
            FloatVector c = FloatVector.fromArray(S, x, xo + i).max(LO).min(HI); // NaN propagates
            FloatVector t = c.fma(log2e, round);
            FloatVector k = t.sub(ROUND);
            FloatVector r = k.fma(ln2Hi, c); // exact
            r = k.fma(ln2Lo, r);
            FloatVector p = FloatVector.broadcast(S, EXP_P[0]);
            for (int j = 1; j < EXP_P.length; j++) {
                p = p.fma(r, FloatVector.broadcast(S, EXP_P[j]));
            }
            FloatVector er = p.fma(r.mul(r), r).add(1f);
            IntVector kb = ((IntVector) t.reinterpretAsInts()).sub(ROUND_BITS);
            IntVector k1 = kb.lanewise(VectorOperators.ASHR, 1);
            FloatVector s1 = (FloatVector) k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = (FloatVector) kb.sub(k1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            er.mul(s1).mul(s2).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = (float) Math.exp(x[xo + i]);
        }
    }

    /**
     * {@code y[yo + i] = ln x[xo + i]} for {@code i < n}; x and y may alias. Lanes: {@code x = 2^k m}
     * with {@code sqrt(1/2) <= m < sqrt 2} (subnormals scaled up first), {@code ln x = k ln2 + ln(1 + f)},
     * f = m - 1; negative x give NaN, 0 gives -inf.
     */
    static void log(float[] x, int xo, float[] y, int yo, int n) {
        int ub = S.loopBound(n);
        int i = 0;
        for (; i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            VectorMask<Float> tiny = v.compare(VectorOperators.LT, Float.MIN_NORMAL);
            IntVector bits = (IntVector) v.blend(v.mul(0x1p23f), tiny).reinterpretAsInts();
            FloatVector k = (FloatVector) bits.lanewise(VectorOperators.LSHR, 23).sub(126)
                    .convert(VectorOperators.I2F, 0);
            FloatVector m = (FloatVector) bits.and(0x007fffff).or(0x3f000000).reinterpretAsFloats(); // [1/2, 1)
            VectorMask<Float> low = m.compare(VectorOperators.LT, SQRT_HALF);
            k = k.blend(k.sub(23f), tiny);
            k = k.blend(k.sub(1f), low);
            FloatVector f = m.blend(m.add(m), low).sub(1f);
            FloatVector z = f.mul(f);
            FloatVector q = FloatVector.broadcast(S, LOG_Q[0]);
            for (int c = 1; c < LOG_Q.length; c++) {
                q = q.fma(f, FloatVector.broadcast(S, LOG_Q[c]));
            }
            FloatVector w = q.mul(f).mul(z).add(k.mul(LN2_LO)).sub(z.mul(0.5f));
            f.add(w).add(k.mul(LN2_HI))
                    .blend(v, v.compare(VectorOperators.NE, v).or(v.compare(VectorOperators.EQ, INF)))
                    .blend(Float.NaN, v.compare(VectorOperators.LT, 0f))
                    .blend(-INF, v.compare(VectorOperators.EQ, 0f)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = (float) Math.log(x[xo + i]);
        }
    }

    /**
     * {@code y[yo + i] = e^(a x[xo + i] + b)} for {@code i < n} (the product rounded before the
     * sum), returning the sum of the results (lanes, then across them); x and y may alias, and a
     * null y keeps only the sum. The softmax's step, with {@code a = 1} and {@code b} minus the
     * row's maximum. A block's last vector is padded with -inf (e^-inf = 0), so that every element
     * goes through the lanes: rows of a causal attention or a 10-class softmax are mostly tail,
     * and a scalar exp costs as much as a whole vector.
     */
    static float expSum(float[] x, int xo, float a, float b, float[] y, int yo, int n) {
        float[] e = SCRATCH.get();
        FloatVector av = FloatVector.broadcast(S, a);
        FloatVector bv = FloatVector.broadcast(S, b);
        FloatVector acc = FloatVector.zero(S);
        for (int from = 0; from < n; from += BLOCK) {
            int len = Math.min(BLOCK, n - from);
            int ub = S.loopBound(len);
            int padded = ub == len ? len : ub + L; // BLOCK is a multiple of L
            int i = 0;
            for (; i < ub; i += L) {
                FloatVector.fromArray(S, x, xo + from + i).mul(av).add(bv).intoArray(e, i);
            }
            for (; i < len; i++) {
                e[i] = x[xo + from + i] * a + b;
            }
            java.util.Arrays.fill(e, len, padded, Float.NEGATIVE_INFINITY);
            exp(e, 0, e, 0, padded);
            for (i = 0; i < padded; i += L) {
                acc = acc.add(FloatVector.fromArray(S, e, i));
            }
            if (y != null) {
                System.arraycopy(e, 0, y, yo + from, len);
            }
        }
        return Lanes.sum(acc);
    }

    /**
     * {@code y[yo + i] = e^(-s x^2)} for {@code x = x[xo + i]}, {@code i < n}, s = 1/2 or 1, with
     * x^2 split exactly into {@code hi + lo} (fma), so that its rounding (which exp magnifies x^2
     * times) does not enter: {@code e^(-s hi) (1 - s lo)}. |x| is capped at 16, where the result
     * is already 0 and x^2 cannot overflow. x and y may alias.
     */
    static void gaussian(float[] x, int xo, float s, float[] y, int yo, int n) {
        float[] e = SCRATCH.get();
        for (int from = 0; from < n; from += BLOCK) {
            int len = Math.min(BLOCK, n - from);
            int ub = S.loopBound(len);
            for (int i = 0; i < ub; i += L) {
                FloatVector a = FloatVector.fromArray(S, x, xo + from + i).abs().min(16f);
                a.mul(a).mul(-s).intoArray(e, i);
            }
            exp(e, 0, e, 0, ub);
            int i = 0;
            for (; i < ub; i += L) {
                FloatVector a = FloatVector.fromArray(S, x, xo + from + i).abs().min(16f);
                FloatVector lo = a.fma(a, a.mul(a).neg());
                FloatVector.fromArray(S, e, i).mul(lo.mul(-s).add(1f)).intoArray(y, yo + from + i);
            }
            for (; i < len; i++) {
                double v = x[xo + from + i];
                y[yo + from + i] = (float) Math.exp(-s * v * v);
            }
        }
    }

    /**
     * {@code y[yo + i] = ln(1 + x[xo + i])} for {@code i < n}, as {@code ln u - ((u - 1) - x) / u}
     * with {@code u = 1 + x}: the quotient corrects the rounding of u; x itself where u rounds to 1.
     * x and y may alias.
     */
    static void log1p(float[] x, int xo, float[] y, int yo, int n) {
        float[] lu = SCRATCH.get();
        for (int from = 0; from < n; from += BLOCK) {
            int len = Math.min(BLOCK, n - from);
            int ub = S.loopBound(len);
            for (int i = 0; i < ub; i += L) {
                FloatVector.fromArray(S, x, xo + from + i).add(1f).intoArray(lu, i);
            }
            log(lu, 0, lu, 0, ub);
            int i = 0;
            for (; i < ub; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xo + from + i);
                FloatVector u = v.add(1f);
                FloatVector l = FloatVector.fromArray(S, lu, i);
                l.sub(u.sub(1f).sub(v).div(u))
                        .blend(l, u.compare(VectorOperators.EQ, 0f).or(u.compare(VectorOperators.EQ, INF)))
                        .blend(v, u.compare(VectorOperators.EQ, 1f)) // tiny x, -0 included
                        .intoArray(y, yo + from + i);
            }
            for (; i < len; i++) {
                y[yo + from + i] = (float) Math.log1p(x[xo + from + i]);
            }
        }
    }

    /**
     * {@code y[yo + i] = tanh x[xo + i]} for {@code i < n}: {@code x (1 + x^2 p(x^2))} for
     * |x| < 0.625, else {@code sign(x) (1 - 2 / (e^2|x| + 1))}. x and y may alias.
     */
    static void tanh(float[] x, int xo, float[] y, int yo, int n) {
        float[] e = SCRATCH.get();
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector two = FloatVector.broadcast(S, 2f);
        for (int from = 0; from < n; from += BLOCK) {
            int len = Math.min(BLOCK, n - from);
            int ub = S.loopBound(len);
            for (int i = 0; i < ub; i += L) {
                FloatVector a = FloatVector.fromArray(S, x, xo + from + i).abs();
                a.add(a).intoArray(e, i);
            }
            exp(e, 0, e, 0, ub);
            int i = 0;
            for (; i < ub; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xo + from + i);
                FloatVector z = v.mul(v);
                FloatVector p = FloatVector.broadcast(S, TANH_P[0]);
                for (int c = 1; c < TANH_P.length; c++) {
                    p = p.fma(z, FloatVector.broadcast(S, TANH_P[c]));
                }
                FloatVector small = v.mul(p.fma(z, one)); // x (1 + z p) keeps -0
                FloatVector large = one.sub(two.div(FloatVector.fromArray(S, e, i).add(one)));
                large.blend(large.neg(), v.compare(VectorOperators.LT, 0f))
                        .blend(small, v.abs().compare(VectorOperators.LT, TANH_SMALL)).intoArray(y, yo + from + i);
            }
            for (; i < len; i++) {
                y[yo + from + i] = (float) Math.tanh(x[xo + from + i]);
            }
        }
    }

    /**
     * {@code y[yo + i] = 1 / (1 + e^-x)} for {@code x = x[xo + i]}, {@code i < n}, from
     * {@code e = e^-|x| <= 1} (never overflows): {@code 1 / (1 + e)} for x >= 0, {@code e / (1 + e)}
     * below. x and y may alias.
     */
    static void sigmoid(float[] x, int xo, float[] y, int yo, int n) {
        float[] e = SCRATCH.get();
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int from = 0; from < n; from += BLOCK) {
            int len = Math.min(BLOCK, n - from);
            int ub = S.loopBound(len);
            for (int i = 0; i < ub; i += L) {
                FloatVector.fromArray(S, x, xo + from + i).abs().neg().intoArray(e, i);
            }
            exp(e, 0, e, 0, ub);
            int i = 0;
            for (; i < ub; i += L) {
                FloatVector ev = FloatVector.fromArray(S, e, i);
                FloatVector r = one.div(ev.add(one));
                r.blend(ev.mul(r), FloatVector.fromArray(S, x, xo + from + i).compare(VectorOperators.LT, 0f))
                        .intoArray(y, yo + from + i);
            }
            for (; i < len; i++) {
                y[yo + from + i] = (float) UnaryOp.SIGMOID.apply(x[xo + from + i]);
            }
        }
    }
}
