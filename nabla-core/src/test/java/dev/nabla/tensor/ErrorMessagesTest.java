package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.backend.Backends;
import dev.nabla.backend.DType;
import dev.nabla.backend.UnaryOp;
import dev.nabla.ops.LstmCell;
import dev.nabla.ops.LstmSequence;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input is refused with a message naming the op and the shapes, never a raw kernel exception. */
class ErrorMessagesTest {

    private static String message(Executable e) {
        return assertThrows(RuntimeException.class, e).getMessage();
    }

    @Test
    void shapeMismatchesNameOpAndShapes() {
        assertEquals("matmul: [32, 8] @ [64, 64]: inner dimensions 8 and 64 differ",
                message(() -> Tensor.zeros(32, 8).matmul(Tensor.zeros(64, 64))));
        assertEquals("add: shapes [2, 3] and [4] cannot be broadcast: size 3 vs 4 at dim 1",
                message(() -> Tensor.zeros(2, 3).add(Tensor.zeros(4))));
        assertEquals("reshape: shape [5] is invalid for a tensor of shape [2, 3] (6 elements)",
                message(() -> Tensor.zeros(2, 3).reshape(5)));
        assertEquals("expand: cannot expand shape [2] to [3]: size 2 at dim 0 is not 1",
                message(() -> Tensor.zeros(2).expand(3)));
        assertEquals("concat: float32 tensor of shape [2, 2] does not match float32 [2, 3] outside dim 0",
                message(() -> Tensor.concat(List.of(Tensor.zeros(2, 3), Tensor.zeros(2, 2)), 0)));
        assertEquals("lstmCell: expected gates [B, 4H] and cell [B, H], got input gates [2, 8], hidden gates "
                + "[2, 12] and cell [2, 3]", message(() -> LstmCell.apply(Tensor.zeros(2, 8), Tensor.zeros(2, 12),
                Tensor.zeros(2, 3))));
        assertEquals("lstmSequence: expected xProj [T, B, 4H], W_hh [4H, H], b_hh [4H], h0 and c0 [B, H], got xProj "
                + "[5, 2, 12], W_hh [12, 4], b_hh null, h0 [2, 3] and c0 [2, 3]", message(() -> LstmSequence.apply(
                Tensor.zeros(5, 2, 12), Tensor.zeros(12, 4), null, Tensor.zeros(2, 3), Tensor.zeros(2, 3))));
        assertEquals("lstmSequence: expected xProj [T, B, 4H], W_hh [4H, H], b_hh [4H], h0 and c0 [B, H], got xProj "
                + "[5, 3, 12], W_hh [12, 3], b_hh [12], h0 [2, 3] and c0 [2, 3]", message(() -> LstmSequence.apply(
                Tensor.zeros(5, 3, 12), Tensor.zeros(12, 3), Tensor.zeros(12), Tensor.zeros(2, 3),
                Tensor.zeros(2, 3))));
        assertEquals("linear: cannot fuse activation EXP; fusible: [SIGMOID, TANH, RELU]",
                message(() -> dev.nabla.ops.Linear.apply(Tensor.zeros(2, 3), Tensor.zeros(4, 3), null, UnaryOp.EXP)));
        assertEquals("layerNorm: expected input [*, 3, 4] for normalizedShape [3, 4], got [3, 5]",
                message(() -> Tensor.zeros(3, 5).layerNorm(new int[] {3, 4}, null, null, 1e-5)));
        assertEquals("layerNorm: expected input [*, 4] for normalizedShape [4], got []",
                message(() -> Tensor.zeros().layerNorm(new int[] {4}, null, null, 1e-5)));
        assertEquals("layerNorm: normalizedShape must have at least one dim",
                message(() -> Tensor.zeros(3).layerNorm(new int[0], null, null, 1e-5)));
        assertEquals("layerNorm: bias of shape [5] does not match normalizedShape [4]",
                message(() -> Tensor.zeros(2, 4).layerNorm(new int[] {4}, Tensor.ones(4), Tensor.zeros(5), 1e-5)));
    }

    @Test
    void badDimsAndIndices() {
        assertEquals("sum: dim 2 is out of range for a tensor of rank 2 (expected -2 to 1)",
                message(() -> Tensor.zeros(2, 3).sum(2)));
        assertEquals("indexSelect: index 5 is out of bounds for size 3",
                message(() -> Tensor.zeros(3, 2).indexSelect(0, Tensor.of(new long[] {0, 5}))));
        assertEquals("gather: index -1 is out of bounds for size 3",
                message(() -> Tensor.zeros(2, 3).gather(1, Tensor.of(new long[] {0, -1}, 2, 1))));
        assertEquals("select: index 4 is out of range for dim 0 of size 4",
                message(() -> Tensor.zeros(4).select(0, 4)));
        assertEquals("narrow: start 2 and length 3 are out of range for dim 0 of size 4",
                message(() -> Tensor.zeros(4).narrow(0, 2, 3)));
        assertEquals("permute: dim 0 repeated in [0, 0]", message(() -> Tensor.zeros(2, 2).permute(0, 0)));
    }

    @Test
    void dtypeAndBackendMismatches() {
        assertEquals("matmul: dtypes differ: float32 and float64",
                message(() -> Tensor.zeros(2, 2).matmul(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2))));
        assertEquals("lstmCell: dtypes differ: input gates float32, hidden gates float64, cell float32",
                message(() -> LstmCell.apply(Tensor.zeros(1, 4), Tensor.zeros(1, 4).to(DType.FLOAT64),
                        Tensor.zeros(1, 1))));
        assertEquals("lstmSequence: dtypes differ: xProj float32, W_hh float64, h0 float32, c0 float32",
                message(() -> LstmSequence.apply(Tensor.zeros(1, 1, 4), Tensor.zeros(4, 1).to(DType.FLOAT64), null,
                        Tensor.zeros(1, 1), Tensor.zeros(1, 1))));
        assertEquals("indexSelect: index must be an int64 tensor, got float32",
                message(() -> Tensor.zeros(3).indexSelect(0, Tensor.zeros(2))));
        assertEquals("where: condition must be a bool tensor, got float32",
                message(() -> Tensor.where(Tensor.zeros(2), Tensor.zeros(2), Tensor.zeros(2))));
        assertEquals("add: tensors on cpu and ref; move one with to(device)",
                message(() -> Tensor.zeros(2).add(Tensor.zeros(2).to(Backends.REF))));
        assertEquals("item: only one-element tensors can be converted to a number, but shape is [2]",
                message(() -> Tensor.zeros(2).item()));
    }
}
