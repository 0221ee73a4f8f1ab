package dev.nabla.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The vector lanes of {@link VectorMath} against the float64 functions, edge values included. */
class VectorMathTest {
    /** Kernel under test: {@code y = f(x)} over n elements. */
    private interface ArrayOp {
        void apply(float[] x, int xo, float[] y, int yo, int n);
    }

    /**
     * Asserts the largest error of {@code op} over {@code x}, in units in the last place of the rounded exact
     * value, is at most limit; subnormal results must be within two subnormal steps, non-finite ones exact.
     */
    private static void assertUlps(ArrayOp op, DoubleUnaryOperator exact, float[] values, double limit) {
        float[] x = tiled(values);
        float[] y = new float[x.length];
        op.apply(x, 0, y, 0, x.length);
        double worst = 0;
        float at = 0;
        for (int i = 0; i < x.length; i++) {
            double e = exact.applyAsDouble(x[i]);
            float r = (float) e;
            if (Double.isNaN(e) || Float.isInfinite(r)) {
                assertEquals(r, y[i], "f(" + x[i] + ")");
            } else if (Math.abs(r) < Float.MIN_NORMAL) {
                assertTrue(Math.abs(y[i] - e) <= 2 * Float.MIN_VALUE, "f(" + x[i] + ") = " + y[i] + ", exact " + e);
            } else {
                double u = Math.abs(y[i] - e) / Math.ulp(r);
                if (u > worst) {
                    worst = u;
                    at = x[i];
                }
            }
        }
        assertTrue(worst <= limit, worst + " ulp at " + at);
    }

    /** The values repeated vector-length times: every value in vector lanes, none in a scalar tail. */
    private static float[] tiled(float[] values) {
        int lanes = Vectors.FLOAT.length();
        float[] x = new float[values.length * lanes];
        for (int i = 0; i < x.length; i++) {
            x[i] = values[i % values.length];
        }
        return x;
    }

    private static float[] uniform(long seed, int n, double lo, double hi) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return x;
    }

    /** Random positive floats of every exponent, subnormals included. */
    private static float[] positiveBits(long seed, int n) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = Float.intBitsToFloat(r.nextInt(0x7f800000));
        }
        return x;
    }

    /** Values near 0, from 2^-40 to 2^3 in magnitude, both signs. */
    private static float[] small(long seed, int n) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((r.nextBoolean() ? 1 : -1) * Math.pow(2, -40 + 43 * r.nextDouble()));
        }
        return x;
    }

    private static final float[] EDGES = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f,
        88.72f, 88.7228f, 88.73f, -87.33f, -100f, -103.9f, -104f, -150f, 0.625f, -0.625f, 0.62499994f, 20f, -20f};

    @Test
    void expIsWithinOneUlp() {
        assertUlps(VectorMath::exp, Math::exp, uniform(1, 40_000, -105, 90), 1);
        assertUlps(VectorMath::exp, Math::exp, small(2, 20_000), 1);
        assertUlps(VectorMath::exp, Math::exp, EDGES, 1);
    }

    @Test
    void logIsWithinOneUlp() {
        assertUlps(VectorMath::log, Math::log, positiveBits(3, 40_000), 1);
        assertUlps(VectorMath::log, Math::log, uniform(4, 20_000, 0.5, 2), 1);
        assertUlps(VectorMath::log, Math::log, EDGES, 1); // negatives NaN, +-0 -inf
    }

    @Test
    void log1pIsWithinTwoUlps() {
        assertUlps(VectorMath::log1p, Math::log1p, uniform(5, 40_000, -1, 10), 2);
        assertUlps(VectorMath::log1p, Math::log1p, small(6, 20_000), 2);
        assertUlps(VectorMath::log1p, Math::log1p, positiveBits(7, 20_000), 2);
        assertUlps(VectorMath::log1p, Math::log1p, EDGES, 2); // -1 gives -inf, below NaN
    }

    @Test
    void tanhAndSigmoidAreWithinThreeUlps() {
        DoubleUnaryOperator sigmoid = v -> 1 / (1 + Math.exp(-v));
        for (float[] x : new float[][] {uniform(8, 40_000, -12, 12), small(9, 20_000), EDGES}) {
            assertUlps(VectorMath::tanh, Math::tanh, x, 2);
            assertUlps(VectorMath::sigmoid, sigmoid, x, 3);
        }
    }

    @Test
    void gaussianKeepsTheSquareExact() {
        ArrayOp half = (x, xo, y, yo, n) -> VectorMath.gaussian(x, xo, 0.5f, y, yo, n);
        ArrayOp one = (x, xo, y, yo, n) -> VectorMath.gaussian(x, xo, 1f, y, yo, n);
        float[] x = uniform(10, 40_000, -14, 14);
        // exp and the correction each round (3 ulp); a float32 x^2 rounded before exp would be off
        // by up to x^2 2^-24 relative, 100 ulp at |x| = 13
        assertUlps(half, v -> Math.exp(-0.5 * v * v), x, 3);
        assertUlps(one, v -> Math.exp(-v * v), x, 3);
        assertUlps(half, v -> Math.exp(-0.5 * v * v), EDGES, 3);
    }

    @Test
    void signsOfZeroAndTinyValuesArePyTorchs() {
        float[] x = tiled(new float[] {-0f, 0f, -1e-30f, 1e-40f});
        float[] y = new float[x.length];
        VectorMath.tanh(x, 0, y, 0, x.length);
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(y[0]), "tanh(-0) = -0");
        assertEquals(-1e-30f, y[2]);
        VectorMath.log1p(x, 0, y, 0, x.length);
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(y[0]), "log1p(-0) = -0");
        assertEquals(1e-40f, y[3]);
    }

    @Test
    void expSumIsTheSoftmaxStepInPlace() {
        int n = 3 * Vectors.FLOAT.length() + 5; // a padded last vector too
        float[] x = uniform(11, n, -6, 6);
        float[] expected = new float[n];
        float m = 2.5f;
        for (int i = 0; i < n; i++) {
            expected[i] = (float) Math.exp(x[i] * 0.5f - m);
        }
        float[] onlySum = x.clone();
        float sum = VectorMath.expSum(onlySum, 0, 0.5f, -m, null, 0, n);
        assertEquals(0, java.util.Arrays.compare(x, onlySum), "a null y writes nothing");
        float total = VectorMath.expSum(x, 0, 0.5f, -m, x, 0, n); // in place
        assertEquals(sum, total);
        double exactSum = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(expected[i], x[i], Math.ulp(expected[i]), "element " + i);
            exactSum += expected[i];
        }
        assertEquals(exactSum, total, 1e-6 * exactSum);
    }
}
