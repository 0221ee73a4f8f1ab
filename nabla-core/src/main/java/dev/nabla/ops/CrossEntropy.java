package dev.nabla.ops;

import dev.nabla.backend.Backend;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.DType;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.Shape;
import dev.nabla.backend.UnaryOp;
import dev.nabla.tensor.Tensor;

/**
 * Softmax cross-entropy of logits against class indices as one op:
 * {@code l = -sum_n logSoftmax(x)[n, y_n] / N} (or the sum), with the fused backward
 * {@code dx = (softmax(x) - onehot(y)) g / N}, which never forms the log-softmax gradient.
 *
 * <p>Shape: {@code logits [N, C]}, {@code target} INT64 {@code [N]} with values in {@code [0, C)};
 * the result is a scalar. Class weights, ignored targets and label smoothing are handled by the
 * composed loss in {@code dev.nabla.loss}.
 */
public final class CrossEntropy {
    private CrossEntropy() {
    }

    /** The mean (or, when {@code !mean}, summed) cross-entropy. */
    public static Tensor apply(Tensor logits, Tensor target, boolean mean) {
        OpSupport.sameBackend("crossEntropy", logits, target);
        OpSupport.requireFloat("crossEntropy", logits);
        if (logits.dim() != 2 || target.dim() != 1 || target.size(0) != logits.size(0)) {
            throw new IllegalArgumentException("crossEntropy: expected logits [N, C] and targets [N], got "
                    + Shape.str(logits.data().shapeRef()) + " and " + Shape.str(target.data().shapeRef()));
        }
        int n = logits.size(0);
        OpSupport.checkIndices("crossEntropy", target, logits.size(1));
        Backend be = logits.backend();
        NDArray index = target.data().view(new int[] {n, 1}, new int[] {target.data().stridesRef()[0], 1},
                target.data().offset());
        NDArray logp = be.softmax(logits.data(), 1, true);
        NDArray picked = be.gather(logp, 1, index);
        double scale = mean ? -1.0 / Math.max(n, 1) : -1.0;
        NDArray total = be.reduce(ReduceOp.SUM, picked, new int[] {0, 1}, false);
        NDArray loss = be.binary(BinaryOp.MUL, total, OpSupport.scalarLike(logits, scale).data());
        return OpSupport.saving(OpSupport.result("crossEntropy", loss, logits, g -> {
            if (dev.nabla.autograd.GradMode.isEnabled()) {
                return OpSupport.viaComposite(g, t -> t[0].logSoftmax(1).gather(1, target.reshape(n, 1)).sum()
                        .mul(scale), logits, null);
            }
            NDArray probs = be.unary(UnaryOp.EXP, logp);
            NDArray diff = be.scatterAdd(probs, 1, index, be.full(logp.dtype(), new int[] {n, 1}, -1));
            NDArray factor = be.binary(BinaryOp.MUL, g.data(), OpSupport.scalarLike(logits, -scale).data());
            return new Tensor[] {new Tensor(be.binary(BinaryOp.MUL, diff, factor), be), null};
        }, logits, target), target.data());
    }

    /** Whether {@code target} (INT64) contains {@code value}. */
    public static boolean contains(Tensor target, long value) {
        return target.dtype() == DType.INT64 && target.backend().contains(target.data(), value);
    }
}
