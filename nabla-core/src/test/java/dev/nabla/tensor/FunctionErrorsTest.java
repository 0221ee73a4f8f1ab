package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.backend.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the functions added after PyTorch's (products, bucketing, splits, order statistics) refuse,
 * with messages naming the op and the shapes; their values are checked against PyTorch in
 * nabla-train's TorchOpsTest.
 */
class FunctionErrorsTest {

    private static String refused(Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run).getMessage();
    }

    @Test
    void productsNameTheOpAndTheShapes() {
        Tensor m = Tensor.ones(3, 4);
        assertEquals("mv: expected [n, m] and [m], got shapes [3, 4] and [3]", refused(() -> m.mv(Tensor.ones(3))));
        assertEquals("mm: expected [n, m] and [m, p], got shapes [3, 4] and [3, 4]", refused(() -> m.mm(m)));
        assertEquals("tensordot: contracted dims differ in size (4 and 3) for shapes [3, 4] and [3, 4]",
                refused(() -> m.tensordot(m, 1)));
        assertEquals("tensordot: dim 0 is contracted twice", refused(() -> m.tensordot(m, new int[] {0, 0}, new int[] {0, 1})));
        assertArrayEquals(new int[] {3, 3}, m.tensordot(m, new int[] {1}, new int[] {1}).shape());
        assertEquals("addmm: input of shape [2, 3, 4] cannot be broadcast to the product's [3, 4]",
                refused(() -> Tensor.ones(2, 3, 4).addmm(m.mm(Tensor.eye(4)).narrow(1, 0, 3), Tensor.ones(3, 4))));
    }

    @Test
    void bucketingRefusesWhatPyTorchRefuses() {
        Tensor counts = Tensor.of(new long[] {0, 2, -1});
        assertEquals("bincount: input must be non-negative, found -1", refused(counts::bincount));
        assertEquals("bincount: expected a 1-D integer tensor, got float32 [2]",
                refused(() -> Tensor.ones(2).bincount()));
        assertEquals("searchsorted: the sorted sequence must be 1-D or have the leading dims of the values, got shapes "
                + "[2, 3] and [3, 2]", refused(() -> Tensor.searchsorted(Tensor.ones(2, 3), Tensor.ones(3, 2), false)));
        assertEquals("histc: bins must be positive, got 0", refused(() -> Tensor.ones(2).histc(0, 0, 1)));
        assertArrayEquals(new long[] {1, 0, 1}, Tensor.of(new long[] {0, 2}).bincount().toLongArray());
    }

    @Test
    void splitsAndRotationsCheckTheirDims() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        assertEquals("kthvalue: k = 4 is out of range for dim 1 of size 3", refused(() -> x.kthvalue(4, 1, false)));
        assertEquals("rot90: the two dims must differ, got 1 twice", refused(() -> x.rot90(1, 1, -1)));
        assertEquals("fliplr: the tensor must have at least 2 dims, got 1", refused(() -> Tensor.ones(3).fliplr()));
        List<Tensor> parts = x.tensorSplit(new int[] {2, 1}, 1);
        assertEquals(List.of(2, 0, 2), parts.stream().map(p -> p.size(1)).toList(), "an index before the last one gives an empty part");
        assertEquals(4, x.tensorSplit(4, 1).size());
    }

    @Test
    void windowsAndEvenSplitsCheckTheirSizes() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        assertEquals("unfold: size 4 and step 1 do not fit dim 1 of size 3 (size must be at most the dim's, step positive)",
                refused(() -> x.unfold(1, 4, 1)));
        assertEquals("unfold: size 2 and step 0 do not fit dim 0 of size 2 (size must be at most the dim's, step positive)",
                refused(() -> x.unfold(0, 2, 0)));
        assertEquals("hsplit: dim 1 of size 3 does not split into 2 equal sections", refused(() -> x.hsplit(2)));
        assertEquals("dsplit: needs a tensor of at least 3 dims, got [2, 3]", refused(() -> x.dsplit(1)));
        assertEquals("matrixPower: expected square matrices [..., n, n], got shape [2, 3]", refused(() -> x.matrixPower(2)));
        assertEquals("cov: expected a vector or a matrix [vars, obs], got shape [1, 2, 3]", refused(() -> x.reshape(1, 2, 3).cov()));
        Tensor windows = Tensor.arange(5).unfold(0, 2, 2);
        assertArrayEquals(new int[] {2, 2}, windows.shape());
        assertArrayEquals(new double[] {0, 1, 2, 3}, windows.toDoubleArray(), 0, "the last element fits no window");
    }

    @Test
    void linearAlgebraRefusesSingularAndNonSquareMatrices() {
        Tensor singular = Tensor.of(new double[] {1, 2, 2, 4}, 2, 2);
        assertEquals("inv: the input matrix is singular (pivot 2 of 2 is zero), so it cannot be inverted",
                refused(singular::inverse));
        assertEquals(0, singular.det().item(), 0);
        assertEquals("solve: the input matrix is singular (pivot 2 of 2 is zero), so it cannot be inverted",
                refused(() -> dev.nabla.ops.Linalg.solve(singular, Tensor.ones(2))));
        assertEquals("det: expected square matrices [..., n, n], got shape [2, 3]", refused(() -> Tensor.ones(2, 3).det()));
        assertEquals("solve: the right-hand side [3] does not match the matrices [2, 2]",
                refused(() -> dev.nabla.ops.Linalg.solve(Tensor.eye(2), Tensor.ones(3))));
        assertArrayEquals(new double[] {-2, 1, 1.5, -0.5},
                Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).inverse().toDoubleArray(), 1e-6);
        assertEquals("cholesky: the input is not positive-definite (the leading minor of order 2 is not positive-definite)",
                refused(() -> Tensor.of(new double[] {1, 2, 2, 1}, 2, 2).cholesky()));
        assertEquals("qr: expected a floating-point tensor [..., m, n], got int64 [2, 2]",
                refused(() -> Tensor.zeros(DType.INT64, 2, 2).qr()));
        assertEquals("solveTriangular: the right-hand side [3] does not match the matrices [2, 2] (expected [..., 2, k])",
                refused(() -> Tensor.eye(2).solveTriangular(Tensor.ones(3), true)));
        assertEquals("eigh: expected square matrices [..., n, n], got shape [2, 3]", refused(() -> Tensor.ones(2, 3).eigh()));
    }

    @Test
    void writesIntoCopiesCheckShapesAndTypes() {
        Tensor x = Tensor.zeros(2, 3);
        assertEquals("sliceScatter: expected src of shape [2, 2], got [2, 3]",
                refused(() -> x.sliceScatter(Tensor.ones(2, 3), 1, 0, 2)));
        assertEquals("diagonalScatter: expected src of shape [2], got [3]", refused(() -> x.diagonalScatter(Tensor.ones(3))));
        assertEquals("indexCopy: source of shape [2, 2] does not match [2, 3] with 1 positions along dim 1",
                refused(() -> x.indexCopy(1, Tensor.of(new long[] {0}), Tensor.ones(2, 2))));
        assertEquals("maskedScatter: the mask selects 6 elements but source has only 4",
                refused(() -> x.maskedScatter(x.eq(0), Tensor.ones(4))));
        assertEquals("scatterReduce: reduce must be one of sum, prod, mean, amax, amin, got 'max'",
                refused(() -> x.scatterReduce(0, Tensor.zeros(DType.INT64, 1, 3), Tensor.ones(1, 3), "max")));
        assertEquals("bitwiseAnd: expected int64 or bool tensors, got float32", refused(() -> x.bitwiseAnd(3)));
        assertEquals("pdist: expected a 2-D tensor [n, m], got [3]", refused(() -> Tensor.ones(3).pdist()));
        Tensor bits = Tensor.of(new long[] {6, -1});
        assertArrayEquals(new long[] {2, 3}, bits.bitwiseAnd(3).toLongArray());
        assertArrayEquals(new long[] {-7, 0}, bits.bitwiseNot().toLongArray());
        assertArrayEquals(new long[] {0, 0}, bits.bitwiseLeftShift(64).toLongArray(), "as PyTorch 2: no bits are left");
        assertArrayEquals(new long[] {0, -1}, bits.bitwiseRightShift(70).toLongArray(), "the sign is left");
        assertEquals(DType.FLOAT64, Tensor.ones(2).floatPower(2).dtype());
        assertEquals("combinations: 17310309456440 combinations of 10 of 100 elements are too many for one tensor",
                refused(() -> Tensor.combinations(Tensor.ones(100), 10, false)));
        assertEquals("triuIndices: a 100000 x 100000 matrix has too many positions (10000000000) for one tensor",
                refused(() -> Tensor.triuIndices(100000, 100000, 0)));
        assertArrayEquals(new int[] {35, 3}, Tensor.combinations(Tensor.ones(5), 3, true).shape(), "C(7, 3) with repeats");
        assertEquals("gridSample: mode must be bilinear or nearest and padding_mode zeros or border, got bicubic and zeros",
                refused(() -> dev.nabla.ops.GridSample.gridSample(Tensor.ones(1, 1, 2, 2), Tensor.zeros(1, 1, 1, 2), "bicubic",
                        "zeros", false)));
        assertEquals("affineGrid: expected theta [N, 2, 3] and size [N, C, H, W], got [1, 3, 3] and [1, 1, 2, 2]",
                refused(() -> dev.nabla.ops.GridSample.affineGrid(Tensor.ones(1, 3, 3), new int[] {1, 1, 2, 2}, false)));
    }
}
