package dev.nabla.nn;

import dev.nabla.backend.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Weight initializers, as {@code torch.nn.init}: each overwrites a tensor in place (outside
 * autograd) and returns it. Random ones take an explicit {@link Generator} or use the default.
 *
 * <p>Fans: for a weight of shape {@code [out, in, k...]}, {@code fanIn = in * prod(k)} and
 * {@code fanOut = out * prod(k)} (PyTorch's convention; Linear's weight is {@code [out, in]}).
 */
public final class Init {
    private Init() {
    }

    /** The nonlinearity a layer feeds, for {@link #calculateGain}. */
    public enum Nonlinearity { LINEAR, SIGMOID, TANH, RELU, LEAKY_RELU, SELU }

    /** Which fan Kaiming initialization preserves: the forward pass's variance or the backward pass's. */
    public enum FanMode { FAN_IN, FAN_OUT }

    /**
     * PyTorch's recommended gain: 1 for linear and sigmoid, 5/3 for tanh, sqrt(2) for ReLU,
     * {@code sqrt(2 / (1 + slope^2))} for leaky ReLU with negative slope {@code param}, 3/4 for SELU.
     */
    public static double calculateGain(Nonlinearity nonlinearity, double param) {
        return switch (nonlinearity) {
            case LINEAR, SIGMOID -> 1;
            case TANH -> 5.0 / 3;
            case RELU -> Math.sqrt(2);
            case LEAKY_RELU -> Math.sqrt(2 / (1 + param * param));
            case SELU -> 0.75;
        };
    }

    /** {@code {fanIn, fanOut}} of a weight with at least 2 dims. */
    public static int[] fans(Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("fan in and fan out need a tensor with at least 2 dims, got shape "
                    + java.util.Arrays.toString(t.shape()));
        }
        int receptive = t.numel() / (t.size(0) * t.size(1));
        return new int[] {t.size(1) * receptive, t.size(0) * receptive};
    }

    /** Fills with 0. */
    public static Tensor zeros(Tensor t) { return constant(t, 0); }

    /** Fills with 1. */
    public static Tensor ones(Tensor t) { return constant(t, 1); }

    /** Fills with {@code value}. */
    public static Tensor constant(Tensor t, double value) {
        try (var g = Tensor.noGrad()) {
            return t.fill(value);
        }
    }

    /** Fills from {@code U(low, high)}. */
    public static Tensor uniform(Tensor t, double low, double high, Generator gen) {
        double[] v = new double[t.numel()];
        for (int i = 0; i < v.length; i++) {
            v[i] = low + (high - low) * gen.nextDouble();
        }
        return set(t, v);
    }

    /** Fills from {@code N(mean, std^2)}. */
    public static Tensor normal(Tensor t, double mean, double std, Generator gen) {
        double[] v = new double[t.numel()];
        for (int i = 0; i < v.length; i++) {
            v[i] = mean + std * gen.nextGaussian();
        }
        return set(t, v);
    }

    /**
     * Fills from {@code N(mean, std^2)} truncated to {@code [a, b]} (as {@code trunc_normal_},
     * PyTorch's defaults {@code a = -2, b = 2}): draws outside the interval are drawn again.
     */
    public static Tensor truncNormal(Tensor t, double mean, double std, double a, double b, Generator gen) {
        if (!(a < b) || !(std > 0)) {
            throw new IllegalArgumentException("truncNormal: expected std > 0 and a < b, got std=" + std + " a=" + a + " b=" + b);
        }
        double lo = (a - mean) / std;
        double hi = (b - mean) / std;
        if (lo > 6 || hi < -6) {
            throw new IllegalArgumentException("truncNormal: [" + a + ", " + b + "] lies more than 6 standard deviations "
                    + "from the mean " + mean);
        }
        double[] v = new double[t.numel()];
        for (int i = 0; i < v.length; i++) {
            double z;
            do {
                z = gen.nextGaussian();
            } while (z < lo || z > hi);
            v[i] = mean + std * z;
        }
        return set(t, v);
    }

    /** {@link #truncNormal} with PyTorch's defaults: {@code N(0, 1)} within {@code [-2, 2]}. */
    public static Tensor truncNormal(Tensor t, Generator gen) { return truncNormal(t, 0, 1, -2, 2, gen); }

    /** Glorot/Xavier uniform: {@code U(-a, a)} with {@code a = gain * sqrt(6 / (fanIn + fanOut))}. */
    public static Tensor xavierUniform(Tensor t, double gain, Generator gen) {
        int[] f = fans(t);
        double a = gain * Math.sqrt(6.0 / (f[0] + f[1]));
        return uniform(t, -a, a, gen);
    }

    /** {@link #xavierUniform(Tensor, double, Generator)} with gain 1 and the default generator. */
    public static Tensor xavierUniform(Tensor t) { return xavierUniform(t, 1, Generator.getDefault()); }

    /** Glorot/Xavier normal: {@code N(0, std^2)} with {@code std = gain * sqrt(2 / (fanIn + fanOut))}. */
    public static Tensor xavierNormal(Tensor t, double gain, Generator gen) {
        int[] f = fans(t);
        return normal(t, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])), gen);
    }

    /** {@link #xavierNormal(Tensor, double, Generator)} with gain 1 and the default generator. */
    public static Tensor xavierNormal(Tensor t) { return xavierNormal(t, 1, Generator.getDefault()); }

    /**
     * Kaiming/He uniform: {@code U(-b, b)} with {@code b = gain * sqrt(3 / fan)}, where
     * {@code gain = calculateGain(nonlinearity, a)} and {@code fan} is chosen by {@code mode}.
     */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Generator gen) {
        double bound = Math.sqrt(3.0) * kaimingStd(t, a, mode, nonlinearity);
        return uniform(t, -bound, bound, gen);
    }

    /** Kaiming uniform for ReLU, fan-in mode, default generator. */
    public static Tensor kaimingUniform(Tensor t) {
        return kaimingUniform(t, 0, FanMode.FAN_IN, Nonlinearity.RELU, Generator.getDefault());
    }

    /** Kaiming/He normal: {@code N(0, std^2)} with {@code std = gain / sqrt(fan)}. */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Generator gen) {
        return normal(t, 0, kaimingStd(t, a, mode, nonlinearity), gen);
    }

    /** Kaiming normal for ReLU, fan-in mode, default generator. */
    public static Tensor kaimingNormal(Tensor t) {
        return kaimingNormal(t, 0, FanMode.FAN_IN, Nonlinearity.RELU, Generator.getDefault());
    }

    private static double kaimingStd(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        int[] f = fans(t);
        int fan = mode == FanMode.FAN_IN ? f[0] : f[1];
        return calculateGain(nonlinearity, a) / Math.sqrt(fan);
    }

    /** LeCun normal (for SELU networks): {@code N(0, 1 / fanIn)}. */
    public static Tensor lecunNormal(Tensor t, Generator gen) {
        return normal(t, 0, 1 / Math.sqrt(fans(t)[0]), gen);
    }

    /**
     * A (semi-)orthogonal matrix times {@code gain} (Saxe et al. 2013): the weight viewed as
     * {@code [rows = size(0), cols = numel / rows]} gets orthonormal rows (if rows <= cols) or
     * columns, from the QR decomposition of a standard normal matrix, with signs fixed so that
     * R's diagonal is positive (as in PyTorch).
     */
    public static Tensor orthogonal(Tensor t, double gain, Generator gen) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("orthogonal: only tensors with 2 or more dims are supported");
        }
        int rows = t.size(0);
        int cols = t.numel() / rows;
        int n = Math.max(rows, cols);
        int k = Math.min(rows, cols);
        double[][] q = new double[k][n]; // k orthonormal vectors of length n
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                q[j][i] = gen.nextGaussian();
            }
        }
        for (int j = 0; j < k; j++) { // modified Gram-Schmidt: the columns of Q in A = QR, R's diagonal > 0
            for (int p = 0; p < j; p++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += q[p][i] * q[j][i];
                }
                for (int i = 0; i < n; i++) {
                    q[j][i] -= dot * q[p][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += q[j][i] * q[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                q[j][i] /= norm;
            }
        }
        double[] v = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                v[r * cols + c] = gain * (rows <= cols ? q[r][c] : q[c][r]);
            }
        }
        return set(t, v);
    }

    /** {@link #orthogonal(Tensor, double, Generator)} with gain 1 and the default generator. */
    public static Tensor orthogonal(Tensor t) { return orthogonal(t, 1, Generator.getDefault()); }

    private static Tensor set(Tensor t, double[] values) {
        try (var g = Tensor.noGrad()) {
            return t.assign(t.newTensor(values, t.shape()));
        }
    }
}
