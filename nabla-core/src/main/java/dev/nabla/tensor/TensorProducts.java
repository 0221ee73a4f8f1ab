package dev.nabla.tensor;

import dev.nabla.backend.DType;
import dev.nabla.backend.Shape;

/**
 * PyTorch's named matrix products, each a {@link TensorMath#matmul} with its shapes checked:
 * {@code mm}, {@code mv}, the scaled sums {@code addmm}, {@code addmv}, {@code baddbmm}
 * ({@code beta * this + alpha * product}; with {@code beta = 0} this tensor is ignored, NaN
 * included, as PyTorch's) and {@code tensordot}; and the square matrices' {@code inverse},
 * {@code det} and {@code slogdet} (see {@link dev.nabla.ops.Linalg}, which also solves {@code A X = B}).
 */
public sealed interface TensorProducts permits Tensor {

    private Tensor self() {
        return (Tensor) this;
    }

    /** {@code [n, m] x [m, p] -> [n, p]}. */
    default Tensor mm(Tensor other) {
        check("mm", self().dim() == 2 && other.dim() == 2 && self().size(1) == other.size(0), "[n, m] and [m, p]", other);
        return self().matmul(other);
    }

    /** Matrix times vector: {@code [n, m] x [m] -> [n]}. */
    default Tensor mv(Tensor vec) {
        check("mv", self().dim() == 2 && vec.dim() == 1 && self().size(1) == vec.size(0), "[n, m] and [m]", vec);
        return self().matmul(vec);
    }

    /** {@code beta * this + alpha * (mat1 @ mat2)}, this broadcast to {@code [n, p]}. */
    default Tensor addmm(Tensor mat1, Tensor mat2, double beta, double alpha) {
        return scaledSum("addmm", self(), mat1.mm(mat2), beta, alpha);
    }

    /** {@code this + mat1 @ mat2}. */
    default Tensor addmm(Tensor mat1, Tensor mat2) { return addmm(mat1, mat2, 1, 1); }

    /** {@code beta * this + alpha * (mat @ vec)}. */
    default Tensor addmv(Tensor mat, Tensor vec, double beta, double alpha) {
        return scaledSum("addmv", self(), mat.mv(vec), beta, alpha);
    }

    /** {@code this + mat @ vec}. */
    default Tensor addmv(Tensor mat, Tensor vec) { return addmv(mat, vec, 1, 1); }

    /** {@code beta * this + alpha * bmm(batch1, batch2)}, this broadcast to {@code [b, n, p]}. */
    default Tensor baddbmm(Tensor batch1, Tensor batch2, double beta, double alpha) {
        return scaledSum("baddbmm", self(), batch1.bmm(batch2), beta, alpha);
    }

    /** {@code this + bmm(batch1, batch2)}. */
    default Tensor baddbmm(Tensor batch1, Tensor batch2) { return baddbmm(batch1, batch2, 1, 1); }

    /** {@code beta * this + alpha * outer(vec1, vec2)}, this broadcast to {@code [n, m]}. */
    default Tensor addr(Tensor vec1, Tensor vec2, double beta, double alpha) {
        return scaledSum("addr", self(), vec1.outer(vec2), beta, alpha);
    }

    /** {@code this + outer(vec1, vec2)}. */
    default Tensor addr(Tensor vec1, Tensor vec2) { return addr(vec1, vec2, 1, 1); }

    /** {@code beta * this + alpha * sum_b batch1[b] @ batch2[b]}, this broadcast to {@code [n, p]}. */
    default Tensor addbmm(Tensor batch1, Tensor batch2, double beta, double alpha) {
        return scaledSum("addbmm", self(), batch1.bmm(batch2).sum(new int[] {0}, false), beta, alpha);
    }

    /** {@code this + sum_b batch1[b] @ batch2[b]}. */
    default Tensor addbmm(Tensor batch1, Tensor batch2) { return addbmm(batch1, batch2, 1, 1); }

    /** Contracts the last {@code dims} dims of this tensor with the first {@code dims} of {@code other}. */
    default Tensor tensordot(Tensor other, int dims) {
        int n = self().dim();
        if (dims < 0 || dims > n || dims > other.dim()) {
            throw new IllegalArgumentException("tensordot: cannot contract " + dims + " dims of shapes "
                    + Shape.str(self().shape()) + " and " + Shape.str(other.shape()));
        }
        int[] mine = new int[dims];
        int[] theirs = new int[dims];
        for (int i = 0; i < dims; i++) {
            mine[i] = n - dims + i;
            theirs[i] = i;
        }
        return tensordot(other, mine, theirs);
    }

    /**
     * Contracts dim {@code dimsA[i]} of this tensor with dim {@code dimsB[i]} of {@code other};
     * the result's dims are this tensor's others, then {@code other}'s, in order.
     */
    default Tensor tensordot(Tensor other, int[] dimsA, int[] dimsB) {
        Tensor a = self();
        if (dimsA.length != dimsB.length) {
            throw new IllegalArgumentException("tensordot: " + dimsA.length + " dims of the first tensor against "
                    + dimsB.length + " of the second");
        }
        int[] pa = order(a, dimsA, true);
        int[] pb = order(other, dimsB, false);
        int free = a.dim() - dimsA.length;
        long inner = 1;
        for (int i = 0; i < dimsA.length; i++) {
            int sa = a.size(pa[free + i]);
            int sb = other.size(pb[i]);
            if (sa != sb) {
                throw new IllegalArgumentException("tensordot: contracted dims differ in size (" + sa + " and " + sb
                        + ") for shapes " + Shape.str(a.shape()) + " and " + Shape.str(other.shape()));
            }
            inner *= sa;
        }
        int[] outShape = new int[a.dim() + other.dim() - 2 * dimsA.length];
        for (int i = 0; i < free; i++) {
            outShape[i] = a.size(pa[i]);
        }
        for (int i = dimsB.length; i < pb.length; i++) {
            outShape[free + i - dimsB.length] = other.size(pb[i]);
        }
        Tensor left = a.permute(pa).reshape(-1, (int) inner);
        Tensor right = other.permute(pb).reshape((int) inner, -1);
        return left.matmul(right).reshape(outShape);
    }

    /** The inverse of each matrix of {@code [..., n, n]}; see {@link dev.nabla.ops.Linalg#inv}. */
    default Tensor inverse() { return dev.nabla.ops.Linalg.inv(self()); }

    /** The determinant of each matrix of {@code [..., n, n]}: shape {@code [...]}. */
    default Tensor det() { return dev.nabla.ops.Linalg.det(self()); }

    /** The sign and log absolute value of each determinant. */
    default dev.nabla.ops.Linalg.SignLogAbsDet slogdet() { return dev.nabla.ops.Linalg.slogdet(self()); }

    /** The lower triangular {@code L} with {@code A = L L^T} of each symmetric positive-definite matrix. */
    default Tensor cholesky() { return dev.nabla.ops.Decompositions.cholesky(self()); }

    /** The reduced QR decomposition of each matrix of {@code [..., m, n]}. */
    default dev.nabla.ops.Decompositions.QR qr() { return dev.nabla.ops.Decompositions.qr(self()); }

    /** Eigenvalues (ascending) and eigenvectors of each symmetric matrix (read from its lower triangle). */
    default dev.nabla.ops.Decompositions.Eigh eigh() { return dev.nabla.ops.Decompositions.eigh(self()); }

    /** The eigenvalues (ascending) of each symmetric matrix (read from its lower triangle). */
    default Tensor eigvalsh() { return dev.nabla.ops.Decompositions.eigvalsh(self()); }

    /** The singular values of each matrix of {@code [..., m, n]}, descending: {@code [..., min(m, n)]}. */
    default Tensor svdvals() { return dev.nabla.ops.Decompositions.svdvals(self()); }

    /**
     * The matrix norm of each matrix of {@code [..., m, n]}: {@code "fro"} (Frobenius) or
     * {@code "nuc"} (the sum of the singular values), as {@code torch.linalg.matrix_norm}.
     */
    default Tensor matrixNorm(String ord) {
        return switch (ord) {
            case "fro" -> self().norm(2, new int[] {-2, -1}, false);
            case "nuc" -> svdvals().sum(new int[] {-1}, false);
            default -> throw new IllegalArgumentException("matrixNorm: ord must be \"fro\", \"nuc\" or a number, got \""
                    + ord + "\"");
        };
    }

    /**
     * The matrix norm of order {@code ord} of each matrix of {@code [..., m, n]}: 1 / -1 the
     * largest / smallest column sum of {@code |a|}, infinity / -infinity the same of rows, 2 / -2
     * the largest / smallest singular value.
     */
    default Tensor matrixNorm(double ord) {
        Tensor a = self();
        if (a.dim() < 2) {
            throw new IllegalArgumentException("matrixNorm: expected a tensor [..., m, n], got " + Shape.str(a.shape()));
        }
        int[] last = {-1};
        if (Math.abs(ord) == 1 || Double.isInfinite(ord)) {
            Tensor sums = a.abs().sum(new int[] {Math.abs(ord) == 1 ? -2 : -1}, false);
            return ord > 0 ? sums.amax(last, false) : sums.amin(last, false);
        }
        if (Math.abs(ord) == 2) {
            Tensor s = svdvals();
            return ord > 0 ? s.amax(last, false) : s.amin(last, false);
        }
        throw new IllegalArgumentException("matrixNorm: ord must be 1, -1, 2, -2, inf or -inf, got " + ord);
    }

    /** The condition number {@code s_max / s_min} in the 2-norm of each matrix (inf when singular), as {@code torch.linalg.cond}. */
    default Tensor cond() {
        Tensor s = svdvals();
        int[] last = {-1};
        return s.amax(last, false).div(s.amin(last, false));
    }

    /**
     * The rank of each matrix: its singular values above {@code max(m, n) * eps * s_max} (eps
     * of its dtype), as {@code torch.linalg.matrix_rank}; INT64.
     */
    default Tensor matrixRank() {
        Tensor a = self();
        Tensor s = svdvals();
        double eps = a.dtype() == DType.FLOAT64 ? Math.ulp(1.0) : Math.ulp(1.0f);
        Tensor tol = s.amax(new int[] {-1}, true).mul(eps * Math.max(a.size(-2), a.size(-1)));
        return s.gt(tol).to(DType.INT64).sum(new int[] {-1}, false);
    }

    /**
     * The {@code X} with {@code this X = b}, this triangular ({@code upper} or lower; a unit
     * diagonal when {@code unitriangular}), as {@code torch.linalg.solve_triangular}.
     */
    default Tensor solveTriangular(Tensor b, boolean upper, boolean unitriangular) {
        return dev.nabla.ops.Decompositions.solveTriangular(self(), b, upper, unitriangular);
    }

    /** {@link #solveTriangular(Tensor, boolean, boolean)} with the diagonal read. */
    default Tensor solveTriangular(Tensor b, boolean upper) { return solveTriangular(b, upper, false); }

    /**
     * {@code log(det)} of each matrix of {@code [..., n, n]}: NaN where the determinant is
     * negative, {@code -inf} where it is 0 (as {@code torch.logdet}).
     */
    default Tensor logdet() {
        dev.nabla.ops.Linalg.SignLogAbsDet s = slogdet();
        return Tensor.where(s.sign().lt(0), Double.NaN, s.logabsdet()); // logabsdet is -inf where det = 0
    }

    /**
     * Each matrix of {@code [..., n, n]} to the integer power {@code k}: the identity for 0, the
     * inverse's power for a negative k (by repeated squaring).
     */
    default Tensor matrixPower(int k) {
        Tensor a = self();
        if (a.dim() < 2 || a.size(-1) != a.size(-2)) {
            throw new IllegalArgumentException("matrixPower: expected square matrices [..., n, n], got shape "
                    + Shape.str(a.shape()));
        }
        if (k < 0) {
            return a.inverse().matrixPower(-k);
        }
        Tensor result = null;
        for (Tensor p = a; k > 0; k >>= 1) {
            if ((k & 1) == 1) {
                result = result == null ? p : result.matmul(p);
            }
            if (k > 1) {
                p = p.matmul(p);
            }
        }
        if (result != null) {
            return result;
        }
        // the identity, selected by where: a zero gradient for a, as PyTorch's
        Tensor identity = Tensor.eye(a.size(-1)).to(a.backend()).to(a.dtype()).expand(a.shape());
        return Tensor.where(Tensor.full(dev.nabla.backend.DType.BOOL, 1, a.shape()).to(a.backend()), identity, a);
    }

    /** The sum of products over the last dims of both ({@code tensordot(other, [-1], [-1])}); a scalar multiplies. */
    default Tensor inner(Tensor other) {
        Tensor a = self();
        if (a.dim() == 0 || other.dim() == 0) {
            return a.mul(other);
        }
        return a.tensordot(other, new int[] {a.dim() - 1}, new int[] {other.dim() - 1});
    }

    /** The permutation that puts {@code dims} last (or first) and keeps the other dims in order. */
    private static int[] order(Tensor t, int[] dims, boolean last) {
        int n = t.dim();
        boolean[] taken = new boolean[n];
        int[] contracted = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            contracted[i] = Shape.dim("tensordot", dims[i], n);
            if (taken[contracted[i]]) {
                throw new IllegalArgumentException("tensordot: dim " + dims[i] + " is contracted twice");
            }
            taken[contracted[i]] = true;
        }
        int[] perm = new int[n];
        int k = last ? 0 : dims.length;
        for (int d = 0; d < n; d++) {
            if (!taken[d]) {
                perm[k++] = d;
            }
        }
        System.arraycopy(contracted, 0, perm, last ? n - dims.length : 0, dims.length);
        return perm;
    }

    private static Tensor scaledSum(String op, Tensor input, Tensor product, double beta, double alpha) {
        if (!java.util.Arrays.equals(Shape.broadcast(op, input.shape(), product.shape()), product.shape())) {
            throw new IllegalArgumentException(op + ": input of shape " + Shape.str(input.shape())
                    + " cannot be broadcast to the product's " + Shape.str(product.shape()));
        }
        Tensor p = alpha == 1 ? product : product.mul(alpha);
        return beta == 0 ? p : (beta == 1 ? input : input.mul(beta)).add(p);
    }

    private void check(String op, boolean ok, String expected, Tensor other) {
        if (!ok) {
            throw new IllegalArgumentException(op + ": expected " + expected + ", got shapes "
                    + Shape.str(self().shape()) + " and " + Shape.str(other.shape()));
        }
    }
}
