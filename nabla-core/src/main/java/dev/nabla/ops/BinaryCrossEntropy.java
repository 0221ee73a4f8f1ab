package dev.nabla.ops;

import dev.nabla.autograd.GradMode;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Binary cross-entropy of probabilities as one op with PyTorch's backward
 * ({@code torch.nn.functional.binary_cross_entropy}, elementwise, before reduction):
 * <pre>
 * l  = -w (y max(log x, -100) + (1 - y) max(log(1 - x), -100))
 * dx = g w (x - y) / max((1 - x) x, 1e-12)
 * dy = g w (log(1 - x) - log x)
 * </pre>
 * so that {@code x = 0} or {@code 1} gives a finite loss and finite gradients (composing the
 * clamped logs would give 0 * inf = NaN there). Shape: {@code input} (in [0, 1]) and
 * {@code target} alike; {@code weight} broadcasts to them, or is null.
 */
public final class BinaryCrossEntropy {
    private static final double EPSILON = 1e-12;

    private BinaryCrossEntropy() {
    }

    /** The elementwise losses, of {@code input}'s shape (or the broadcast shape with {@code weight}). */
    public static Tensor apply(Tensor input, Tensor target, Tensor weight) {
        OpSupport.sameBackend("binaryCrossEntropy", input, target);
        OpSupport.requireFloat("binaryCrossEntropy", input);
        if (!Arrays.equals(input.data().shapeRef(), target.data().shapeRef())) {
            throw new IllegalArgumentException("binaryCrossEntropy: input shape " + Shape.str(input.data().shapeRef())
                    + " and target shape " + Shape.str(target.data().shapeRef()) + " differ");
        }
        Tensor loss;
        try (GradMode.NoGrad ignored = GradMode.noGrad()) {
            if (input.numel() > 0 && (input.min().item() < 0 || input.max().item() > 1)) {
                throw new IllegalArgumentException("binaryCrossEntropy: all elements of input should be between 0 and 1");
            }
            Tensor l = unweighted(input, target);
            loss = weight == null ? l : l.mul(weight);
        }
        Tensor y = OpSupport.result("binaryCrossEntropy", loss.data(), input, g -> {
            Tensor gw = weight == null ? g : g.mul(weight);
            Tensor gx = input.requiresGrad()
                    ? gw.mul(input.sub(target)).div(input.rsub(1).mul(input).clampMin(EPSILON)) : null;
            Tensor gy = target.requiresGrad() ? gw.mul(input.rsub(1).log().sub(input.log())) : null;
            Tensor gWeight = weight != null && weight.requiresGrad() ? g.mul(unweighted(input, target)) : null;
            return new Tensor[] {sumTo(gx, input), sumTo(gy, target), sumTo(gWeight, weight)};
        }, input, target, weight);
        return OpSupport.saving(y, input.data(), target.data(), weight == null ? null : weight.data());
    }

    /** {@code -(y max(log x, -100) + (1 - y) max(log(1 - x), -100))}. */
    private static Tensor unweighted(Tensor input, Tensor target) {
        Tensor logX = input.log().clampMin(-100);
        return target.mul(logX).add(target.rsub(1).mul(input.rsub(1).log().clampMin(-100))).neg();
    }

    private static Tensor sumTo(Tensor g, Tensor like) {
        return g == null ? null : OpSupport.sumTo(g, like.data().shapeRef());
    }
}
