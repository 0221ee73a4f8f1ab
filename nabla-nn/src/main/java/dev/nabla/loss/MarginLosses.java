package dev.nabla.loss;

import dev.nabla.backend.DType;
import dev.nabla.backend.Shape;
import dev.nabla.ops.Distances;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Margin and soft-margin losses, as {@code torch.nn.functional.hinge_embedding_loss},
 * {@code soft_margin_loss}, {@code multilabel_soft_margin_loss}, {@code multi_margin_loss} and
 * {@code triplet_margin_loss}.
 */
public final class MarginLosses {
    private MarginLosses() {
    }

    /**
     * {@code l = x} where {@code y = 1} and {@code max(0, margin - x)} where {@code y = -1} (both
     * terms for other targets, as PyTorch). Shape: {@code x} and {@code y} alike.
     */
    public static Tensor hingeEmbedding(Tensor input, Tensor target, double margin, Reduction reduction) {
        Losses.sameShape("hingeEmbedding", input, target);
        Tensor zero = Tensor.zerosLike(input);
        Tensor hinge = Tensor.where(target.ne(1), input.rsub(margin).clampMin(0), zero);
        return reduction.apply(hinge.add(Tensor.where(target.ne(-1), input, zero)));
    }

    /** {@code l = log(1 + exp(-y x))} for {@code y} in {@code {1, -1}}. Shape: {@code x} and {@code y} alike. */
    public static Tensor softMargin(Tensor input, Tensor target, Reduction reduction) {
        Losses.sameShape("softMargin", input, target);
        return reduction.apply(target.neg().mul(input).softplus(1, Double.POSITIVE_INFINITY));
    }

    /**
     * {@code l_n = -1/C sum_c w_c (y log sigmoid(x) + (1 - y) log sigmoid(-x))} over the classes
     * of {@code x} {@code [N, C]} (or {@code [C]}) against 0/1 targets of its shape; {@code weight}
     * {@code [C]} may be null. {@code NONE} gives {@code [N]}.
     */
    public static Tensor multiLabelSoftMargin(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        Losses.sameShape("multiLabelSoftMargin", input, target);
        Tensor l = target.mul(input.logSigmoid()).add(target.rsub(1).mul(input.neg().logSigmoid())).neg();
        if (weight != null) {
            l = l.mul(weight);
        }
        int classDim = input.dim() - 1;
        return reduction.apply(l.sum(classDim).div(input.size(classDim)));
    }

    /**
     * Multi-class hinge: {@code l_n = sum_{i != y_n} w[y_n] max(0, margin - x[n, y_n] + x[n, i])^p / C}
     * for {@code x} {@code [N, C]} (or {@code [C]}) and INT64 targets {@code [N]} (or {@code []});
     * {@code p} is 1 or 2, {@code weight} {@code [C]} may be null. {@code NONE} gives {@code [N]}.
     */
    public static Tensor multiMargin(Tensor input, Tensor target, int p, double margin, Tensor weight,
                                     Reduction reduction) {
        if (p != 1 && p != 2) {
            throw new IllegalArgumentException("multiMargin: p must be 1 or 2, got " + p);
        }
        if (input.dim() == 1) {
            Tensor l = multiMargin(input.unsqueeze(0), target.reshape(1), p, margin, weight, reduction);
            return reduction == Reduction.NONE ? l.reshape() : l;
        }
        if (input.dim() != 2 || target.dtype() != DType.INT64 || !Arrays.equals(target.shape(), new int[] {input.size(0)})) {
            throw new IllegalArgumentException("multiMargin: expected input [N, C] and int64 target [N], got "
                    + Shape.str(input.shape()) + " and " + target.dtype().shortName() + " " + Shape.str(target.shape()));
        }
        int classes = input.size(1);
        Tensor index = target.unsqueeze(1);
        Tensor picked = input.gather(1, index);
        Tensor z = input.sub(picked).add(margin).clampMin(0);
        if (p == 2) {
            z = z.mul(z);
        }
        if (weight != null) {
            z = z.mul(weight.indexSelect(0, target).unsqueeze(1));
        }
        Tensor others = Tensor.onesLike(z).scatter(1, index, 0.0);
        return reduction.apply(z.mul(others).sum(1).div(classes));
    }

    /**
     * {@code l = max(d(a, pos) - d(a, neg) + margin, 0)} with {@code d(x, y) = ||x - y + eps||_p}
     * along the last dim; with {@code swap}, {@code d(a, neg)} is {@code min(d(a, neg), d(pos, neg))}.
     * Shape: three tensors {@code [N, D]} (or {@code [D]}); {@code NONE} gives {@code [N]}.
     */
    public static Tensor tripletMargin(Tensor anchor, Tensor positive, Tensor negative, double margin, double p,
                                       double eps, boolean swap, Reduction reduction) {
        if (!Arrays.equals(anchor.shape(), positive.shape()) || !Arrays.equals(anchor.shape(), negative.shape())) {
            throw new IllegalArgumentException("tripletMargin: anchor, positive and negative must have one shape, got "
                    + Shape.str(anchor.shape()) + ", " + Shape.str(positive.shape()) + " and " + Shape.str(negative.shape()));
        }
        Tensor toPositive = Distances.pairwiseDistance(anchor, positive, p, eps, false);
        Tensor toNegative = Distances.pairwiseDistance(anchor, negative, p, eps, false);
        if (swap) {
            toNegative = toNegative.minimum(Distances.pairwiseDistance(positive, negative, p, eps, false));
        }
        return reduction.apply(toPositive.sub(toNegative).add(margin).clampMin(0));
    }
}
