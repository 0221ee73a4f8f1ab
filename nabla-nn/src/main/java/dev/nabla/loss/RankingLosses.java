package dev.nabla.loss;

import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Losses on pairs of inputs with a target of {@code 1} or {@code -1} saying whether the pair
 * should be similar (ranked first), as {@code torch.nn.functional.cosine_embedding_loss} and
 * {@code margin_ranking_loss}.
 */
public final class RankingLosses {
    /** PyTorch's guard against zero norms in the cosine. */
    private static final double EPSILON = 1e-12;

    private RankingLosses() {
    }

    /**
     * {@code l = 1 - cos(x1, x2)} where {@code y = 1}, {@code max(0, cos(x1, x2) - margin)} where
     * {@code y = -1}, 0 for other targets, with
     * {@code cos = x1.x2 / sqrt((|x1|^2 + 1e-12)(|x2|^2 + 1e-12))} along the last dim.
     * Shape: {@code x1}, {@code x2} {@code [N, D]} and {@code y} {@code [N]}, or {@code [D]} and
     * {@code []}; {@code NONE} gives {@code [N]}.
     */
    public static Tensor cosineEmbedding(Tensor x1, Tensor x2, Tensor y, double margin, Reduction reduction) {
        if (!Arrays.equals(x1.shape(), x2.shape()) || x1.dim() < 1 || x1.dim() > 2 || y.dim() != x1.dim() - 1
                || (y.dim() == 1 && y.size(0) != x1.size(0))) {
            throw new IllegalArgumentException("cosineEmbedding: expected inputs [N, D] or [D] of one shape and target "
                    + "[N] or [], got " + Shape.str(x1.shape()) + ", " + Shape.str(x2.shape()) + " and "
                    + Shape.str(y.shape()));
        }
        int dim = x1.dim() - 1;
        Tensor dot = x1.mul(x2).sum(dim);
        Tensor norms = x1.mul(x1).sum(dim).add(EPSILON).mul(x2.mul(x2).sum(dim).add(EPSILON)).sqrt();
        Tensor cos = dot.div(norms);
        Tensor zero = Tensor.zerosLike(cos);
        Tensor l = Tensor.where(y.eq(1), cos.rsub(1), zero).add(Tensor.where(y.eq(-1), cos.sub(margin).clampMin(0), zero));
        return reduction.apply(l);
    }

    /**
     * {@code l = max(0, -y (x1 - x2) + margin)}: {@code x1} should rank higher than {@code x2}
     * where {@code y = 1}, lower where {@code y = -1}. Shape: {@code x1}, {@code x2}, {@code y}
     * broadcast together ({@code [N]} or {@code []} usually).
     */
    public static Tensor marginRanking(Tensor x1, Tensor x2, Tensor y, double margin, Reduction reduction) {
        if (x1.dim() != x2.dim() || x1.dim() != y.dim()) {
            throw new IllegalArgumentException("marginRanking: inputs and target must have the same number of dims, got "
                    + Shape.str(x1.shape()) + ", " + Shape.str(x2.shape()) + " and " + Shape.str(y.shape()));
        }
        return reduction.apply(y.neg().mul(x1.sub(x2)).add(margin).clampMin(0));
    }
}
