package dev.nabla.ops;

import dev.nabla.autograd.GradMode;
import dev.nabla.backend.DType;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Square linear algebra as {@code torch.linalg}: {@code inv}, {@code det}, {@code slogdet} and
 * {@code solve} over the last two dims of {@code [..., n, n]} tensors (batch dims broadcast),
 * by LU factorization with partial pivoting on the host in float64, the results in the input's
 * dtype. Differentiable, with PyTorch's rules: {@code d inv = -Y^T g Y^T},
 * {@code d det = g det A^-T}, {@code d logabsdet = g A^-T}, and for {@code X = solve(A, B)}
 * {@code dB = solve(A^T, g)}, {@code dA = -dB X^T}. A singular matrix is refused where PyTorch
 * refuses it (inverse, solve, and the gradient of det); its determinant is 0.
 */
public final class Linalg {
    private Linalg() {
    }

    /** The determinant's sign (-1, 0 or 1) and the log of its absolute value, as {@code torch.linalg.slogdet}. */
    public record SignLogAbsDet(Tensor sign, Tensor logabsdet) {
    }

    /** {@code A^-1} of each {@code [n, n]} matrix. */
    public static Tensor inv(Tensor a) {
        int n = square("inv", a);
        double[] m = host(a);
        double[] out = new double[m.length];
        double[] col = new double[n];
        int[] piv = new int[n];
        for (int off = 0; off < m.length; off += n * n) {
            factor("inv", m, off, n, piv, true);
            for (int j = 0; j < n; j++) {
                Arrays.fill(col, 0);
                col[j] = 1;
                substitute(m, off, n, piv, col);
                for (int i = 0; i < n; i++) {
                    out[off + i * n + j] = col[i];
                }
            }
        }
        Tensor y = like(a, out, a.shape());
        return record("inv", y, g -> {
            Tensor yT = (GradMode.isEnabled() ? inv(a) : y).mT();
            return new Tensor[] {yT.matmul(g).matmul(yT).neg()};
        }, a);
    }

    /** The determinant of each {@code [n, n]} matrix: shape {@code [...]}. */
    public static Tensor det(Tensor a) {
        double[][] signLog = determinants("det", a);
        double[] d = new double[signLog[0].length];
        for (int i = 0; i < d.length; i++) {
            d[i] = signLog[0][i] * Math.exp(signLog[1][i]);
        }
        Tensor det = like(a, d, batch(a));
        return record("det", det, g -> {
            Tensor scale = g.mul(GradMode.isEnabled() ? det(a) : det).unsqueeze(-1).unsqueeze(-1);
            return new Tensor[] {scale.mul(inv(a).mT())};
        }, a);
    }

    /** The sign and log absolute value of each determinant (the sign's gradient is zero, as PyTorch's). */
    public static SignLogAbsDet slogdet(Tensor a) {
        double[][] signLog = determinants("slogdet", a);
        Tensor logabsdet = record("slogdet", like(a, signLog[1], batch(a)),
                g -> new Tensor[] {g.unsqueeze(-1).unsqueeze(-1).mul(inv(a).mT())}, a);
        Tensor sign = record("slogdet", like(a, signLog[0], batch(a)), g -> new Tensor[] {Tensor.zerosLike(a)}, a);
        return new SignLogAbsDet(sign, logabsdet);
    }

    /**
     * The {@code X} with {@code A X = B}: {@code B} is {@code [..., n, k]}, or {@code [..., n]} (one
     * vector per matrix) when it has one dim fewer than {@code A}.
     */
    public static Tensor solve(Tensor a, Tensor b) {
        int n = square("solve", a);
        OpSupport.sameBackend("solve", a, b);
        boolean vector = b.dim() == a.dim() - 1 || b.dim() == 1;
        Tensor bm = vector ? b.unsqueeze(-1) : b;
        if (bm.dim() < 2 || bm.size(-2) != n) {
            throw new IllegalArgumentException("solve: the right-hand side " + Shape.str(b.shape())
                    + " does not match the matrices " + Shape.str(a.shape()));
        }
        int k = bm.size(-1);
        int[] batch = Shape.broadcast("solve", Arrays.copyOf(a.shape(), a.dim() - 2),
                Arrays.copyOf(bm.shape(), bm.dim() - 2));
        int[] aShape = withMatrix(batch, n, n);
        int[] xShape = withMatrix(batch, n, k);
        double[] m = host(a.expand(aShape));
        double[] x = host(bm.expand(xShape));
        double[] col = new double[n];
        int[] piv = new int[n];
        for (int off = 0, xo = 0; off < m.length; off += n * n, xo += n * k) {
            factor("solve", m, off, n, piv, true);
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < n; i++) {
                    col[i] = x[xo + i * k + j];
                }
                substitute(m, off, n, piv, col);
                for (int i = 0; i < n; i++) {
                    x[xo + i * k + j] = col[i];
                }
            }
        }
        Tensor xm = like(a, x, xShape);
        Tensor result = record("solve", xm, g -> {
            Tensor gb = solve(a.mT(), g); // g has X's matrix shape [..., n, k]
            Tensor ga = gb.matmul((GradMode.isEnabled() ? solve(a, bm) : xm).mT()).neg();
            return new Tensor[] {OpSupport.sumTo(ga, a.shape()), OpSupport.sumTo(vector ? gb.squeeze(-1) : gb, b.shape())};
        }, a, b);
        return vector ? result.squeeze(-1) : result;
    }

    /** Per matrix, the determinant's sign and log absolute value. */
    private static double[][] determinants(String op, Tensor a) {
        int n = square(op, a);
        double[] m = host(a);
        int count = 1;
        for (int d : batch(a)) {
            count *= d;
        }
        double[] sign = new double[count];
        double[] log = new double[count];
        int[] piv = new int[n];
        for (int b = 0; b < count; b++) {
            int off = b * n * n;
            double s = factor(op, m, off, n, piv, false);
            double l = 0;
            for (int i = 0; i < n && s != 0; i++) {
                double d = m[off + i * n + i];
                s *= Math.signum(d);
                l += Math.log(Math.abs(d));
            }
            sign[b] = s;
            log[b] = s == 0 ? Double.NEGATIVE_INFINITY : l;
        }
        return new double[][] {sign, log};
    }

    /**
     * LU-factors the {@code n x n} matrix at {@code off} in place (unit lower L below the
     * diagonal, U on and above it), row {@code i} swapped with {@code piv[i]}; returns the
     * permutation's sign, or 0 for a singular matrix (refused when {@code refuseSingular}).
     */
    private static double factor(String op, double[] m, int off, int n, int[] piv, boolean refuseSingular) {
        double sign = 1;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[off + r * n + c]) > Math.abs(m[off + p * n + c])) {
                    p = r;
                }
            }
            piv[c] = p;
            double pivot = m[off + p * n + c];
            if (pivot == 0 || Double.isNaN(pivot)) {
                if (refuseSingular) {
                    throw new IllegalArgumentException(op + ": the input matrix is singular (pivot " + (c + 1) + " of " + n
                            + " is zero), so it cannot be inverted");
                }
                return 0;
            }
            if (p != c) {
                sign = -sign;
                for (int j = 0; j < n; j++) {
                    double t = m[off + c * n + j];
                    m[off + c * n + j] = m[off + p * n + j];
                    m[off + p * n + j] = t;
                }
            }
            for (int r = c + 1; r < n; r++) {
                double f = m[off + r * n + c] /= pivot;
                for (int j = c + 1; j < n; j++) {
                    m[off + r * n + j] -= f * m[off + c * n + j];
                }
            }
        }
        return sign;
    }

    /** Solves {@code A x = col} in place from the factors {@link #factor} left at {@code off}. */
    private static void substitute(double[] m, int off, int n, int[] piv, double[] col) {
        for (int i = 0; i < n; i++) {
            double t = col[i];
            col[i] = col[piv[i]];
            col[piv[i]] = t;
        }
        for (int i = 1; i < n; i++) {
            for (int j = 0; j < i; j++) {
                col[i] -= m[off + i * n + j] * col[j];
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int j = i + 1; j < n; j++) {
                col[i] -= m[off + i * n + j] * col[j];
            }
            col[i] /= m[off + i * n + i];
        }
    }

    static int square(String op, Tensor a) {
        if (a.dim() < 2 || a.size(-1) != a.size(-2)) {
            throw new IllegalArgumentException(op + ": expected square matrices [..., n, n], got shape "
                    + Shape.str(a.shape()));
        }
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating-point tensor, got " + a.dtype().shortName());
        }
        return a.size(-1);
    }

    private static int[] batch(Tensor a) {
        return Arrays.copyOf(a.shape(), a.dim() - 2);
    }

    static int[] withMatrix(int[] batch, int rows, int cols) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = rows;
        s[batch.length + 1] = cols;
        return s;
    }

    static double[] host(Tensor t) {
        return t.detach().to(DType.FLOAT64).contiguous().toDoubleArray();
    }

    static Tensor like(Tensor a, double[] values, int[] shape) {
        return a.newTensor(values, values.length).reshape(shape);
    }

    static Tensor record(String name, Tensor value, dev.nabla.autograd.Backward backward, Tensor... inputs) {
        return OpSupport.result(name, value.data(), value, backward, inputs);
    }
}
