package dev.nabla.ops;

import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Norms and distances between vectors, as {@code torch.nn.functional.normalize},
 * {@code cosine_similarity}, {@code pairwise_distance} and {@code torch.cdist}; composed of
 * differentiable ops.
 */
public final class Distances {
    private Distances() {
    }

    /** {@code x / max(||x||_p, eps)} along {@code dim} (PyTorch's defaults: p 2, dim 1, eps 1e-12). */
    public static Tensor normalize(Tensor x, double p, int dim, double eps) {
        return x.div(x.norm(p, new int[] {dim}, true).clampMin(eps).expandAs(x));
    }

    /**
     * The cosine of the angle between {@code x1} and {@code x2} (broadcast) along {@code dim}:
     * {@code sum(x1 / max(||x1||, eps) * x2 / max(||x2||, eps))} (PyTorch 1.13's form; defaults dim 1, eps 1e-8).
     */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2, int dim, double eps) {
        int[] shape = Shape.broadcast("cosineSimilarity", x1.shape(), x2.shape());
        Tensor a = x1.expand(shape);
        Tensor b = x2.expand(shape);
        int[] dims = {dim};
        return a.div(a.norm(2, dims, true).clampMin(eps)).mul(b.div(b.norm(2, dims, true).clampMin(eps))).sum(dim);
    }

    /** {@code ||x1 - x2 + eps||_p} along the last dim (PyTorch's defaults: p 2, eps 1e-6). */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps, boolean keepDim) {
        Tensor d = x1.sub(x2).add(eps);
        return d.norm(p, new int[] {d.dim() - 1}, keepDim);
    }

    /**
     * The p-norm distances between the rows of {@code x1} {@code [..., P, M]} and of {@code x2}
     * {@code [..., R, M]}: {@code [..., P, R]}.
     */
    public static Tensor cdist(Tensor x1, Tensor x2, double p) {
        if (x1.dim() < 2 || x2.dim() < 2 || x1.size(-1) != x2.size(-1)) {
            throw new IllegalArgumentException("cdist: expected [..., P, M] and [..., R, M], got "
                    + Shape.str(x1.shape()) + " and " + Shape.str(x2.shape()));
        }
        return x1.unsqueeze(-2).sub(x2.unsqueeze(-3)).norm(p, new int[] {-1}, false);
    }
}
