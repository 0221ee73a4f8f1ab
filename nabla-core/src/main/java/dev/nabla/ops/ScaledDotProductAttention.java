package dev.nabla.ops;

import dev.nabla.autograd.GradMode;
import dev.nabla.backend.AttentionGrads;
import dev.nabla.backend.AttentionOutput;
import dev.nabla.backend.Backend;
import dev.nabla.backend.DType;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Scaled dot-product attention as one op, {@code torch.nn.functional.scaled_dot_product_attention}
 * without mask or dropout: {@code softmax(scale * Q K^T) V}, with causal masking (query i sees
 * keys {@code 0..i}, aligned top left as PyTorch's {@code is_causal}) if asked. One backend pass
 * forward and one backward ({@link Backend#attention}, {@link Backend#attentionBackward}) that
 * keep no {@code [Lq, Lk]} weights between them, instead of five ops that allocate and keep them.
 *
 * <p>Shapes: {@code q [..., Lq, d]}, {@code k [..., Lk, d]}, {@code v [..., Lk, dv]} with the
 * same leading dims give {@code [..., Lq, dv]}; mixed float types are computed in the promoted one.
 */
public final class ScaledDotProductAttention {
    private ScaledDotProductAttention() {
    }

    /** {@code softmax(scale * q k^T) v}, causal if asked. */
    public static Tensor apply(Tensor q, Tensor k, Tensor v, boolean causal, double scale) {
        check(q, k, v);
        DType type = DType.promote(DType.promote(q.dtype(), k.dtype()), v.dtype());
        if (q.dtype() != type || k.dtype() != type || v.dtype() != type) {
            return apply(q.to(type), k.to(type), v.to(type), causal, scale);
        }
        if (q.numel() == 0 || k.numel() == 0) {
            return composite(q, k, v, causal, scale); // empty: PyTorch's answers come from the plain ops
        }
        Backend be = q.backend();
        AttentionOutput f = be.attention(q.data(), k.data(), v.data(), causal, scale);
        return OpSupport.saving(OpSupport.result("scaledDotProductAttention", f.out(), q, g -> {
            if (GradMode.isEnabled()) {
                return OpSupport.viaComposite(g, t -> composite(t[0], t[1], t[2], causal, scale), q, k, v);
            }
            AttentionGrads d = be.attentionBackward((g.dtype() == type ? g : g.to(type)).data(), q.data(), k.data(),
                    v.data(), f.out(), f.lse(), causal, scale);
            return new Tensor[] {grad(d.dq(), q), grad(d.dk(), k), grad(d.dv(), v)};
        }, q, k, v), q.data(), k.data(), v.data(), f.out(), f.lse());
    }

    /** The same in plain tensor ops (the recorded backward differentiates it). */
    static Tensor composite(Tensor q, Tensor k, Tensor v, boolean causal, double scale) {
        Tensor scores = q.matmul(k.transpose(-1, -2)).mul(scale);
        if (causal) {
            int lq = q.size(-2);
            int lk = k.size(-2);
            boolean[] hidden = new boolean[lq * lk];
            for (int i = 0; i < lq; i++) {
                for (int j = i + 1; j < lk; j++) {
                    hidden[i * lk + j] = true;
                }
            }
            scores = scores.maskedFill(Tensor.of(hidden, lq, lk).to(q.backend()), Double.NEGATIVE_INFINITY);
        }
        return scores.softmax(-1).matmul(v);
    }

    private static void check(Tensor q, Tensor k, Tensor v) {
        OpSupport.sameBackend("scaledDotProductAttention", q, k);
        OpSupport.sameBackend("scaledDotProductAttention", q, v);
        for (Tensor t : new Tensor[] {q, k, v}) {
            OpSupport.requireFloat("scaledDotProductAttention", t);
        }
        int n = q.dim();
        boolean ok = n >= 2 && k.dim() == n && v.dim() == n && q.size(-1) == k.size(-1) && k.size(-2) == v.size(-2);
        for (int i = 0; ok && i < n - 2; i++) {
            ok = q.size(i) == k.size(i) && q.size(i) == v.size(i);
        }
        if (!ok) {
            throw new IllegalArgumentException("scaledDotProductAttention: expected q [..., Lq, d], k [..., Lk, d] and"
                    + " v [..., Lk, dv] with the same leading dims, got " + Shape.str(q.shape()) + ", "
                    + Shape.str(k.shape()) + ", " + Shape.str(v.shape()));
        }
    }

    private static Tensor grad(NDArray g, Tensor input) {
        return input.requiresGrad() ? new Tensor(g, input.backend()) : null;
    }
}
