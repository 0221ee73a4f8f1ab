package dev.nabla.nn.attention;

import dev.nabla.backend.DType;
import dev.nabla.backend.Shape;
import dev.nabla.ops.ScaledDotProductAttention;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Scaled dot-product attention, {@code softmax(Q K^T / sqrt(d) + mask) V}, as
 * {@code torch.nn.functional.scaled_dot_product_attention}.
 *
 * <p>Shapes: {@code q [..., Lq, d]}, {@code k [..., Lk, d]}, {@code v [..., Lk, dv]} give
 * {@code [..., Lq, dv]}; the weights are {@code [..., Lq, Lk]}. A BOOL mask (broadcast to
 * {@code [..., Lq, Lk]}) is true where a query may attend to a key; a float mask is added to the
 * scores. Masked keys get weight exactly 0, hence exactly zero gradient. The returned weights
 * are those before dropout.
 */
public final class Attention {
    private Attention() {
    }

    /** The output and the attention weights. */
    public record Result(Tensor output, Tensor weights) {
    }

    /** Attention with an optional mask (null for none) and causal masking (query i sees keys 0..i). */
    public static Result scaledDotProduct(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal) {
        return scaledDotProduct(q, k, v, mask, causal, 0, null);
    }

    /**
     * As above, with dropout of probability {@code dropoutP} on the attention weights (inverted:
     * kept weights are scaled by {@code 1 / (1 - p)}; masks drawn from {@code gen}), as in training.
     */
    public static Result scaledDotProduct(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double dropoutP,
                                          Generator gen) {
        if (!(dropoutP >= 0 && dropoutP < 1)) {
            throw new IllegalArgumentException("attention: dropout probability must be in [0, 1), got " + dropoutP);
        }
        if (q.dim() < 2 || k.dim() != q.dim() || v.dim() != q.dim() || q.size(-1) != k.size(-1)
                || k.size(-2) != v.size(-2)) {
            throw new IllegalArgumentException("attention: expected q [..., Lq, d], k [..., Lk, d], v [..., Lk, dv], got "
                    + Shape.str(q.shape()) + ", " + Shape.str(k.shape()) + ", " + Shape.str(v.shape()));
        }
        Tensor scores = q.matmul(k.transpose(-1, -2)).mul(1 / Math.sqrt(q.size(-1)));
        if (mask != null) {
            scores = mask.dtype() == DType.BOOL ? scores.maskedFill(mask.eq(0.0), Double.NEGATIVE_INFINITY)
                    : scores.add(mask);
        }
        if (causal) {
            scores = scores.maskedFill(causalMask(q.size(-2), k.size(-2), q).eq(0.0), Double.NEGATIVE_INFINITY);
        }
        Tensor weights = scores.softmax(-1);
        Tensor used = weights;
        if (dropoutP > 0) {
            Tensor keep = Tensor.bernoulli(gen, 1 - dropoutP, weights.shape()).to(weights.backend()).to(weights.dtype());
            used = weights.mul(keep.mul(1 / (1 - dropoutP)));
        }
        return new Result(used.matmul(v), weights);
    }

    /**
     * The output alone, {@code softmax(Q K^T / sqrt(d)) V} with causal masking if asked, as one
     * fused op that keeps no {@code [Lq, Lk]} weights ({@link ScaledDotProductAttention}); q, k
     * and v with different leading dims are broadcast as in {@link #scaledDotProduct}.
     */
    public static Tensor output(Tensor q, Tensor k, Tensor v, boolean causal) {
        boolean sameLeading = q.dim() >= 2 && k.dim() == q.dim() && v.dim() == q.dim();
        for (int i = 0; sameLeading && i < q.dim() - 2; i++) {
            sameLeading = k.size(i) == q.size(i) && v.size(i) == q.size(i);
        }
        return sameLeading ? ScaledDotProductAttention.apply(q, k, v, causal, 1 / Math.sqrt(q.size(-1)))
                : scaledDotProduct(q, k, v, null, causal).output();
    }

    /**
     * A BOOL {@code [Lq, Lk]} mask, true where {@code j <= i} (key j is not after query i): aligned
     * at the top left when {@code Lq != Lk}, as PyTorch's {@code is_causal} ({@code tril(ones(Lq, Lk))}).
     */
    public static Tensor causalMask(int queries, int keys, Tensor like) {
        boolean[] m = new boolean[queries * keys];
        for (int i = 0; i < queries; i++) {
            for (int j = 0; j < keys; j++) {
                m[i * keys + j] = j <= i;
            }
        }
        return Tensor.of(m, queries, keys).to(like.backend());
    }
}
