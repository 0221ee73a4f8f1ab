package dev.nabla.ops;

import dev.nabla.backend.DType;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Matrix product with PyTorch's semantics: 1-D·1-D is a dot product; a 1-D left operand is a row
 * ({@code [k] -> [1, k]}) and a 1-D right operand a column, the added dim removed afterwards;
 * otherwise {@code [..., m, k] @ [..., k, n] -> [..., m, n]} with the batch dims broadcast.
 * Backward: {@code dA = dC @ B^T}, {@code dB = A^T @ dC}, summed over broadcast batch dims.
 * int64 operands give an int64 product (no gradient).
 */
public final class Matmul {
    private Matmul() {
    }

    public static Tensor apply(Tensor a, Tensor b) {
        OpSupport.sameBackend("matmul", a, b);
        int[] as = a.data().shapeRef();
        int[] bs = b.data().shapeRef();
        if (as.length == 0 || bs.length == 0) {
            throw new IllegalArgumentException("matmul: both arguments must be at least 1-D, got "
                    + Shape.str(as) + " @ " + Shape.str(bs));
        }
        int k = as[as.length - 1];
        int kb = bs.length == 1 ? bs[0] : bs[bs.length - 2];
        if (k != kb) {
            throw new IllegalArgumentException("matmul: " + Shape.str(as) + " @ " + Shape.str(bs)
                    + ": inner dimensions " + k + " and " + kb + " differ");
        }
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("matmul: dtypes differ: " + a.dtype().shortName() + " and "
                    + b.dtype().shortName());
        }
        if (a.dtype() == DType.INT64) { // as torch.matmul on int64: exact while the sums stay within 2^53
            return apply(a.to(DType.FLOAT64), b.to(DType.FLOAT64)).to(DType.INT64);
        }
        OpSupport.requireFloat("matmul", a);
        Tensor a2 = as.length == 1 ? a.unsqueeze(0) : a;
        Tensor b2 = bs.length == 1 ? b.unsqueeze(1) : b;
        int[] batch = Shape.broadcast("matmul", Arrays.copyOf(a2.data().shapeRef(), a2.dim() - 2),
                Arrays.copyOf(b2.data().shapeRef(), b2.dim() - 2));
        Tensor c = batched(a2.expand(withLast2(batch, a2)), b2.expand(withLast2(batch, b2)));
        if (as.length == 1) {
            c = c.squeeze(-2);
        }
        if (bs.length == 1) {
            c = c.squeeze(-1);
        }
        return c;
    }

    private static int[] withLast2(int[] batch, Tensor t) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = t.size(-2);
        s[batch.length + 1] = t.size(-1);
        return s;
    }

    /** {@code [..., m, k] @ [..., k, n]} for operands with identical batch dims. */
    private static Tensor batched(Tensor a, Tensor b) {
        var out = a.backend().matmul(a.data(), b.data());
        Tensor c = OpSupport.result("matmul", out, a, g -> new Tensor[] {
            a.requiresGrad() ? batched(g, b.transpose(-1, -2)) : null,
            b.requiresGrad() ? batched(a.transpose(-1, -2), g) : null}, a, b);
        return OpSupport.saving(c, b.requiresGrad() ? a.data() : null, a.requiresGrad() ? b.data() : null);
    }
}
