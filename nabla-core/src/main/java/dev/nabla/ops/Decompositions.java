package dev.nabla.ops;

import static dev.nabla.ops.Linalg.host;
import static dev.nabla.ops.Linalg.like;
import static dev.nabla.ops.Linalg.record;
import static dev.nabla.ops.Linalg.square;
import static dev.nabla.ops.Linalg.withMatrix;

import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Matrix decompositions as {@code torch.linalg}: {@code cholesky}, {@code solve_triangular},
 * {@code qr} (reduced), {@code eigh}/{@code eigvalsh} and {@code svdvals}, over the last two dims of
 * {@code [..., m, n]} tensors, computed on the host in float64 (Cholesky-Banachiewicz,
 * substitution, Householder reflections with LAPACK's signs, cyclic Jacobi rotations) and
 * returned in the input's dtype. The gradients are PyTorch's formulas, written with
 * differentiable ops. Single-threaded host code: meant for the matrices of models (up to a few
 * hundred rows), not for large linear algebra.
 */
public final class Decompositions {
    private Decompositions() {
    }

    /** {@code Q [..., m, k]} with orthonormal columns and upper triangular {@code R [..., k, n]}, k = min(m, n). */
    public record QR(Tensor q, Tensor r) {
    }

    /** Ascending eigenvalues {@code [..., n]} and the eigenvectors in the columns of {@code [..., n, n]}. */
    public record Eigh(Tensor eigenvalues, Tensor eigenvectors) {
    }

    /**
     * The lower triangular {@code L} with {@code A = L L^T}, from {@code A}'s lower triangle;
     * refused when {@code A} is not positive-definite. Gradient:
     * {@code gA = L^-T Phi(L^T gL) L^-1}, {@code Phi(P) = (tril(P) + tril(P, -1)^T) / 2}.
     */
    public static Tensor cholesky(Tensor a) {
        int n = square("cholesky", a);
        double[] m = host(a);
        double[] l = new double[m.length];
        for (int off = 0; off < m.length; off += n * n) {
            for (int j = 0; j < n; j++) {
                double s = m[off + j * n + j];
                for (int k = 0; k < j; k++) {
                    s -= l[off + j * n + k] * l[off + j * n + k];
                }
                if (!(s > 0)) {
                    throw new IllegalArgumentException("cholesky: the input is not positive-definite (the leading minor of order "
                            + (j + 1) + " is not positive-definite)");
                }
                double d = Math.sqrt(s);
                l[off + j * n + j] = d;
                for (int i = j + 1; i < n; i++) {
                    double t = m[off + i * n + j];
                    for (int k = 0; k < j; k++) {
                        t -= l[off + i * n + k] * l[off + j * n + k];
                    }
                    l[off + i * n + j] = t / d;
                }
            }
        }
        Tensor lower = like(a, l, a.shape());
        return record("cholesky", lower, g -> {
            Tensor p = lower.mT().matmul(g).tril(0);
            Tensor s = p.add(p.tril(-1).mT()).mul(0.5);
            Tensor left = solveTriangular(lower.mT(), s, true, false);
            return new Tensor[] {solveTriangular(lower.mT(), left.mT(), true, false).mT()};
        }, a);
    }

    /**
     * The {@code X} with {@code A X = B} for triangular {@code A [..., n, n]} (its upper or lower
     * triangle; a unit diagonal assumed when {@code unitriangular}) and {@code B [..., n, k]},
     * batch dims broadcast. Gradient: {@code gB = A^-T gX}, {@code gA = -gB X^T} on A's triangle.
     */
    public static Tensor solveTriangular(Tensor a, Tensor b, boolean upper, boolean unitriangular) {
        int n = square("solveTriangular", a);
        OpSupport.sameBackend("solveTriangular", a, b);
        if (b.dim() < 2 || b.size(-2) != n) {
            throw new IllegalArgumentException("solveTriangular: the right-hand side " + Shape.str(b.shape())
                    + " does not match the matrices " + Shape.str(a.shape()) + " (expected [..., " + n + ", k])");
        }
        int k = b.size(-1);
        int[] batch = Shape.broadcast("solveTriangular", Arrays.copyOf(a.shape(), a.dim() - 2),
                Arrays.copyOf(b.shape(), b.dim() - 2));
        double[] m = host(a.expand(withMatrix(batch, n, n)));
        double[] x = host(b.expand(withMatrix(batch, n, k)));
        for (int off = 0, xo = 0; off < m.length; off += n * n, xo += n * k) {
            for (int j = 0; j < k; j++) {
                for (int step = 0; step < n; step++) {
                    int i = upper ? n - 1 - step : step;
                    double t = x[xo + i * k + j];
                    int from = upper ? i + 1 : 0;
                    int to = upper ? n : i;
                    for (int c = from; c < to; c++) {
                        t -= m[off + i * n + c] * x[xo + c * k + j];
                    }
                    x[xo + i * k + j] = unitriangular ? t : t / m[off + i * n + i];
                }
            }
        }
        Tensor solution = like(a, x, withMatrix(batch, n, k));
        return record("solveTriangular", solution, g -> {
            Tensor gb = solveTriangular(a.mT(), g, !upper, unitriangular);
            Tensor full = gb.matmul(solution.mT()).neg();
            int diagonal = unitriangular ? 1 : 0;
            Tensor ga = upper ? full.triu(diagonal) : full.tril(-diagonal);
            return new Tensor[] {OpSupport.sumTo(ga, a.shape()), OpSupport.sumTo(gb, b.shape())};
        }, a, b);
    }

    /**
     * The reduced QR decomposition by Householder reflections {@code H = I - tau v v^T}, with
     * LAPACK's signs ({@code R}'s diagonal has the opposite sign of the pivot column's head).
     * Gradient (m >= n): {@code gA = (gQ + Q copyltu(M)) R^-T}, {@code M = R gR^T - gQ^T Q};
     * for m < n the square part {@code X = QU} takes {@code gQ + Y gV^T} and {@code gY = Q gV}.
     */
    public static QR qr(Tensor a) {
        if (a.dim() < 2 || !a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("qr: expected a floating-point tensor [..., m, n], got "
                    + a.dtype().shortName() + " " + Shape.str(a.shape()));
        }
        int rows = a.size(-2);
        int cols = a.size(-1);
        int k = Math.min(rows, cols);
        int[] batch = Arrays.copyOf(a.shape(), a.dim() - 2);
        double[] m = host(a);
        int count = m.length / Math.max(rows * cols, 1);
        double[] q = new double[count * rows * k];
        double[] r = new double[count * k * cols];
        double[] tau = new double[k];
        for (int b = 0; b < count; b++) {
            householder(m, b * rows * cols, rows, cols, tau);
            for (int i = 0; i < k; i++) {
                for (int j = i; j < cols; j++) {
                    r[b * k * cols + i * cols + j] = m[b * rows * cols + i * cols + j];
                }
            }
            accumulateQ(m, b * rows * cols, rows, cols, tau, q, b * rows * k, k);
        }
        Tensor qt = like(a, q, withMatrix(batch, rows, k));
        Tensor rt = like(a, r, withMatrix(batch, k, cols));
        dev.nabla.autograd.Backward backward = g -> qrBackward(a, qt, rt, g);
        Tensor both = record("qr", Tensor.concat(java.util.List.of(qt.reshape(withMatrix(batch, 1, rows * k)),
                rt.reshape(withMatrix(batch, 1, k * cols))), -1), backward, a);
        Tensor qOut = both.narrow(-1, 0, rows * k).reshape(qt.shape());
        Tensor rOut = both.narrow(-1, rows * k, k * cols).reshape(rt.shape());
        return new QR(qOut, rOut);
    }

    /**
     * The eigenvalues (ascending) and eigenvectors of the symmetric matrices whose lower
     * triangles {@code A} holds. Each eigenvector's sign is arbitrary, as in PyTorch (whose LAPACK
     * may choose the other one): compare {@code V diag(L) V^T} or {@code V^2}. Gradient:
     * {@code gA = V (diag(gL) + skew(V^T gV) / (L_j - L_i)) V^T}, skew(X) = (X - X^T) / 2.
     */
    public static Eigh eigh(Tensor a) {
        int n = square("eigh", a);
        int[] batch = Arrays.copyOf(a.shape(), a.dim() - 2);
        double[] m = host(a);
        int count = m.length / Math.max(n * n, 1);
        double[] values = new double[count * n];
        double[] vectors = new double[m.length];
        for (int b = 0; b < count; b++) {
            jacobi(m, b * n * n, n, values, b * n, vectors);
        }
        Tensor l = like(a, values, withMatrix(batch, 1, n)).squeeze(-2);
        Tensor v = like(a, vectors, a.shape());
        dev.nabla.autograd.Backward backward = g -> {
            Tensor gl = g.narrow(-2, 0, 1).squeeze(-2);
            Tensor gv = g.narrow(-2, 1, n);
            Tensor vg = v.mT().matmul(gv);
            Tensor skew = vg.sub(vg.mT()).mul(0.5);
            Tensor gap = l.unsqueeze(-2).sub(l.unsqueeze(-1));
            Tensor eye = Tensor.eye(n).to(a.backend()).to(a.dtype());
            Tensor inner = skew.div(gap.add(eye)).mul(eye.rsub(1)).add(gl.diagEmbed());
            return new Tensor[] {v.matmul(inner).matmul(v.mT())};
        };
        Tensor both = record("eigh", Tensor.concat(java.util.List.of(l.unsqueeze(-2), v), -2), backward, a);
        return new Eigh(both.narrow(-2, 0, 1).squeeze(-2), both.narrow(-2, 1, n));
    }

    /**
     * The singular values of each {@code [m, n]} matrix, descending ({@code [..., min(m, n)]}), by
     * one-sided Jacobi rotations (Hestenes); gradient {@code gA = U diag(gS) V^T}.
     */
    public static Tensor svdvals(Tensor a) {
        if (a.dim() < 2 || !a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("svdvals: expected a floating-point tensor [..., m, n], got "
                    + a.dtype().shortName() + " " + Shape.str(a.shape()));
        }
        boolean wide = a.size(-2) < a.size(-1);
        Tensor tall = wide ? a.mT() : a; // the singular values of A^T are A's
        int rows = tall.size(-2);
        int cols = tall.size(-1);
        int[] batch = Arrays.copyOf(a.shape(), a.dim() - 2);
        double[] m = host(tall);
        int count = m.length / Math.max(rows * cols, 1);
        double[] values = new double[count * cols];
        double[] u = new double[m.length];
        double[] v = new double[count * cols * cols];
        for (int b = 0; b < count; b++) {
            hestenes(m, b * rows * cols, rows, cols, values, b * cols, u, v, b * cols * cols);
        }
        Tensor s = like(a, values, withMatrix(batch, 1, cols)).squeeze(-2);
        Tensor left = like(a, u, withMatrix(batch, rows, cols));
        Tensor right = like(a, v, withMatrix(batch, cols, cols));
        return record("svdvals", s, g -> {
            Tensor gTall = left.mul(g.unsqueeze(-2)).matmul(right.mT());
            return new Tensor[] {wide ? gTall.mT() : gTall};
        }, a);
    }

    /**
     * One-sided Jacobi SVD of the {@code rows x cols} matrix ({@code rows >= cols}) at {@code off}:
     * its columns rotated pairwise until orthogonal; descending singular values into
     * {@code values}, {@code U} ({@code rows x cols}, zero columns for zero values) and {@code V}.
     */
    private static void hestenes(double[] m, int off, int rows, int cols, double[] values, int so, double[] u,
                                 double[] v, int vo) {
        double[][] w = new double[cols][rows];
        double[][] r = new double[cols][cols];
        for (int j = 0; j < cols; j++) {
            r[j][j] = 1;
            for (int i = 0; i < rows; i++) {
                w[j][i] = m[off + i * cols + j];
            }
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < cols; p++) {
                for (int q = p + 1; q < cols; q++) {
                    double alpha = dot(w[p], w[p]);
                    double beta = dot(w[q], w[q]);
                    double gamma = dot(w[p], w[q]);
                    if (gamma == 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) {
                        continue;
                    }
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.copySign(1, zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    double c = 1 / Math.sqrt(1 + t * t);
                    double sn = c * t;
                    rotate(w[p], w[q], c, sn);
                    rotate(r[p], r[q], c, sn);
                }
            }
            if (!rotated) {
                break;
            }
        }
        double[] norms = new double[cols];
        Integer[] order = new Integer[cols];
        for (int j = 0; j < cols; j++) {
            norms[j] = Math.sqrt(dot(w[j], w[j]));
            order[j] = j;
        }
        Arrays.sort(order, (x, y) -> Double.compare(norms[y], norms[x]));
        for (int k = 0; k < cols; k++) {
            int j = order[k];
            values[so + k] = norms[j];
            for (int i = 0; i < rows; i++) {
                u[off + i * cols + k] = norms[j] == 0 ? 0 : w[j][i] / norms[j];
            }
            for (int i = 0; i < cols; i++) {
                v[vo + i * cols + k] = r[j][i];
            }
        }
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    /** {@code (x, y) <- (c x - s y, s x + c y)}. */
    private static void rotate(double[] x, double[] y, double c, double s) {
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            x[i] = c * xi - s * y[i];
            y[i] = s * xi + c * y[i];
        }
    }

    /** The eigenvalues of {@link #eigh}, ascending. */
    public static Tensor eigvalsh(Tensor a) {
        return eigh(a).eigenvalues();
    }

    private static Tensor[] qrBackward(Tensor a, Tensor q, Tensor r, Tensor g) {
        int rows = q.size(-2);
        int k = q.size(-1);
        int cols = r.size(-1);
        Tensor gq = g.narrow(-1, 0, rows * k).reshape(q.shape());
        Tensor gr = g.narrow(-1, rows * k, k * cols).reshape(r.shape());
        if (rows >= cols) {
            return new Tensor[] {squareQrBackward(q, r, gq, gr)};
        }
        Tensor y = a.detach().narrow(-1, rows, cols - rows);
        Tensor u = r.narrow(-1, 0, rows);
        Tensor gu = gr.narrow(-1, 0, rows);
        Tensor gv = gr.narrow(-1, rows, cols - rows);
        Tensor gx = squareQrBackward(q, u, gq.add(y.matmul(gv.mT())), gu);
        return new Tensor[] {Tensor.concat(java.util.List.of(gx, q.matmul(gv)), -1)};
    }

    /** {@code (gQ + Q copyltu(R gR^T - gQ^T Q)) R^-T} for {@code R} square upper triangular. */
    private static Tensor squareQrBackward(Tensor q, Tensor r, Tensor gq, Tensor gr) {
        Tensor m = r.matmul(gr.mT()).sub(gq.mT().matmul(q));
        Tensor lower = m.tril(-1);
        Tensor copyltu = lower.add(lower.mT()).add(m.diagonal(0, -2, -1).diagEmbed());
        Tensor rhs = gq.add(q.matmul(copyltu));
        return solveTriangular(r, rhs.mT(), true, false).mT();
    }

    /** Householder QR of the {@code rows x cols} matrix at {@code off}, in place: R on and above the diagonal, v below. */
    private static void householder(double[] m, int off, int rows, int cols, double[] tau) {
        for (int j = 0; j < tau.length; j++) {
            double alpha = m[off + j * cols + j];
            double norm = 0;
            for (int i = j + 1; i < rows; i++) {
                norm = Math.hypot(norm, m[off + i * cols + j]);
            }
            if (norm == 0) {
                tau[j] = 0;
                continue;
            }
            double beta = -Math.copySign(Math.hypot(alpha, norm), alpha);
            tau[j] = (beta - alpha) / beta;
            double scale = 1 / (alpha - beta);
            for (int i = j + 1; i < rows; i++) {
                m[off + i * cols + j] *= scale;
            }
            m[off + j * cols + j] = beta;
            for (int c = j + 1; c < cols; c++) {
                reflect(m, off, rows, cols, j, tau[j], m, off, cols, c);
            }
        }
    }

    /**
     * Applies {@code H_j = I - tau v v^T}, {@code v = [1, m[j+1.., j]]} (the reflector stored in
     * column j of the factored matrix at {@code off}), to rows {@code j..} of column {@code c} of
     * the matrix at {@code xo} in {@code x} (row stride {@code ldx}).
     */
    private static void reflect(double[] m, int off, int rows, int cols, int j, double tau, double[] x, int xo, int ldx,
                                int c) {
        double dot = x[xo + j * ldx + c];
        for (int i = j + 1; i < rows; i++) {
            dot += m[off + i * cols + j] * x[xo + i * ldx + c];
        }
        dot *= tau;
        x[xo + j * ldx + c] -= dot;
        for (int i = j + 1; i < rows; i++) {
            x[xo + i * ldx + c] -= dot * m[off + i * cols + j];
        }
    }

    /** {@code Q = H_0 ... H_{k-1} I[:, :k]} into {@code q} at {@code qo} ({@code rows x k}). */
    private static void accumulateQ(double[] m, int off, int rows, int cols, double[] tau, double[] q, int qo, int k) {
        for (int i = 0; i < k; i++) {
            q[qo + i * k + i] = 1;
        }
        for (int j = k - 1; j >= 0; j--) {
            for (int c = 0; c < k; c++) {
                reflect(m, off, rows, cols, j, tau[j], q, qo, k, c);
            }
        }
    }

    /**
     * Cyclic Jacobi rotations of the symmetric matrix from the lower triangle at {@code off} until
     * the off-diagonal part vanishes; eigenvalues ascending into {@code values}, eigenvectors as
     * columns into {@code vectors} at {@code off}.
     */
    private static void jacobi(double[] m, int off, int n, double[] values, int vo, double[] vectors) {
        double[][] s = new double[n][n];
        double[][] v = new double[n][n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
            for (int j = 0; j <= i; j++) {
                s[i][j] = m[off + i * n + j];
                s[j][i] = s[i][j];
                total += s[i][j] * s[i][j];
            }
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double offNorm = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    offNorm += s[i][j] * s[i][j];
                }
            }
            if (offNorm <= 1e-40 * total || Double.isNaN(offNorm)) { // off-diagonal below 1e-20 of the norm
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int qq = p + 1; qq < n; qq++) {
                    if (s[p][qq] == 0) {
                        continue;
                    }
                    double theta = (s[qq][qq] - s[p][p]) / (2 * s[p][qq]);
                    double t = Math.copySign(1, theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1);
                    double sn = t * c;
                    for (int i = 0; i < n; i++) { // columns p, q of S, then rows p, q
                        double ip = s[i][p];
                        double iq = s[i][qq];
                        s[i][p] = c * ip - sn * iq;
                        s[i][qq] = sn * ip + c * iq;
                    }
                    for (int i = 0; i < n; i++) {
                        double pi = s[p][i];
                        double qi = s[qq][i];
                        s[p][i] = c * pi - sn * qi;
                        s[qq][i] = sn * pi + c * qi;
                        double vp = v[i][p];
                        double vq = v[i][qq];
                        v[i][p] = c * vp - sn * vq;
                        v[i][qq] = sn * vp + c * vq;
                    }
                    s[p][qq] = 0;
                    s[qq][p] = 0;
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(s[x][x], s[y][y]));
        for (int c = 0; c < n; c++) {
            values[vo + c] = s[order[c]][order[c]];
            for (int i = 0; i < n; i++) {
                vectors[off + i * n + c] = v[i][order[c]];
            }
        }
    }
}
