package dev.nabla.ops;

import dev.nabla.backend.Backend;
import dev.nabla.backend.DType;
import dev.nabla.backend.LayerNormGrads;
import dev.nabla.backend.LayerNormOutput;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Layer normalization as one op ({@code torch.nn.functional.layer_norm}): over the trailing
 * dims {@code normalizedShape}, {@code y = (x - mean) / sqrt(var + eps) * weight + bias} with
 * the biased variance; one backend call instead of nine elementwise ops and reductions, and a
 * fused backward ({@link Backend#layerNormBackward}) from the saved mean and {@code 1 / sqrt(var + eps)}.
 *
 * <p>Shape: {@code x [*, normalizedShape...]}, viewed as {@code [rows, n]} with {@code n} the
 * product of {@code normalizedShape}; {@code weight} and {@code bias} of shape
 * {@code normalizedShape}, each or both null; the result has x's shape, and mixed float types
 * are computed in the promoted one (as in arithmetic).
 */
public final class LayerNorm {
    private LayerNorm() {
    }

    public static Tensor apply(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        OpSupport.requireFloat("layerNorm", x);
        int[] xs = x.data().shapeRef();
        int k = normalizedShape.length;
        if (k == 0) {
            throw new IllegalArgumentException("layerNorm: normalizedShape must have at least one dim");
        }
        if (xs.length < k || !Arrays.equals(Arrays.copyOfRange(xs, xs.length - k, xs.length), normalizedShape)) {
            String dims = Shape.str(normalizedShape);
            throw new IllegalArgumentException("layerNorm: expected input [*, " + dims.substring(1, dims.length() - 1)
                    + "] for normalizedShape " + dims + ", got " + Shape.str(xs));
        }
        checkAffine("weight", weight, x, normalizedShape);
        checkAffine("bias", bias, x, normalizedShape);
        DType type = x.dtype();
        for (Tensor t : new Tensor[] {weight, bias}) {
            type = t == null ? type : DType.promote(type, t.dtype());
        }
        Tensor xt = x.to(type);
        Tensor wt = weight == null ? null : weight.to(type);
        Tensor bt = bias == null ? null : bias.to(type);
        if (xt != x || wt != weight || bt != bias) {
            return apply(xt, normalizedShape, wt, bt, eps);
        }
        Backend be = x.backend();
        int n = Shape.numel(normalizedShape);
        int[] rowsN = {Shape.numel(Arrays.copyOf(xs, xs.length - k)), n};
        NDArray x2 = reshaped(x.data(), rowsN, be);
        NDArray w = weight == null ? null : reshaped(weight.data(), new int[] {n}, be);
        NDArray b = bias == null ? null : reshaped(bias.data(), new int[] {n}, be);
        LayerNormOutput f = be.layerNorm(x2, w, b, eps);
        NDArray out = reshaped(f.y(), xs, be);
        return OpSupport.saving(OpSupport.result("layerNorm", out, x, g -> {
            if (dev.nabla.autograd.GradMode.isEnabled()) {
                return OpSupport.viaComposite(g, t -> composite(t[0], k, t[1], t[2], eps), x, weight, bias);
            }
            LayerNormGrads d = be.layerNormBackward(reshaped(g.data(), rowsN, be), x2, f.mean(), f.rstd(), w,
                    x.requiresGrad(), weight != null && weight.requiresGrad(), bias != null && bias.requiresGrad());
            return new Tensor[] {wrap(d.dx(), xs, be), wrap(d.dweight(), normalizedShape, be),
                wrap(d.dbias(), normalizedShape, be)};
        }, x, weight, bias), x2, w);
    }

    /** {@code (x - mean) / sqrt(var + eps) * w + b} over the last {@code k} dims, in plain tensor ops. */
    private static Tensor composite(Tensor x, int k, Tensor w, Tensor b, double eps) {
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) {
            dims[i] = x.dim() - k + i;
        }
        Tensor centered = x.sub(x.mean(dims, true));
        Tensor y = centered.mul(centered.pow(2).mean(dims, true).add(eps).rsqrt());
        y = w == null ? y : y.mul(w);
        return b == null ? y : y.add(b);
    }

    private static void checkAffine(String name, Tensor t, Tensor x, int[] normalizedShape) {
        if (t == null) {
            return;
        }
        OpSupport.sameBackend("layerNorm", x, t);
        if (!Arrays.equals(t.data().shapeRef(), normalizedShape)) {
            throw new IllegalArgumentException("layerNorm: " + name + " of shape " + Shape.str(t.data().shapeRef())
                    + " does not match normalizedShape " + Shape.str(normalizedShape));
        }
    }

    /** {@code a} with the same elements in row-major order as {@code shape}: a view when contiguous, else a copy. */
    private static NDArray reshaped(NDArray a, int[] shape, Backend be) {
        NDArray c = a.isContiguous() ? a : be.copy(a, a.dtype());
        return c.view(shape.clone(), Shape.contiguousStrides(shape), c.offset());
    }

    private static Tensor wrap(NDArray a, int[] shape, Backend be) {
        return a == null ? null : new Tensor(reshaped(a, shape, be), be);
    }
}
