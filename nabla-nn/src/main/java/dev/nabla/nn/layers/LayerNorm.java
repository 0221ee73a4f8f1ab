package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Tensor;

/**
 * Layer normalization (Ba et al. 2016), as {@code torch.nn.LayerNorm}: over the last
 * {@code normalizedShape.length} dims,
 * {@code y = (x - mean) / sqrt(var + eps) * weight + bias}, with the biased variance.
 *
 * <p>Shape: input {@code [*, normalizedShape...]}, output the same. Weight and bias have shape
 * {@code normalizedShape}; defaults: weight ones, bias zeros, eps 1e-5. Same in training and
 * evaluation. Computed as one fused op, {@link Tensor#layerNorm}.
 */
public class LayerNorm extends Module {
    /** Elementwise scale (gamma), or {@code null} without an affine transform. */
    public final Parameter weight;
    /** Elementwise shift (beta), or {@code null}. */
    public final Parameter bias;
    private final int[] normalizedShape;
    private final double eps;

    /**
     * The options of a LayerNorm, PyTorch's constructor arguments; model files store them.
     *
     * @param normalizedShape the trailing dims normalized over
     * @param elementwiseAffine whether there is a learnable weight and bias of that shape
     */
    public record Config(int[] normalizedShape, double eps, boolean elementwiseAffine) {
    }

    /** The layer described by {@code config}. */
    public LayerNorm(Config config) {
        this(config.normalizedShape(), config.eps(), config.elementwiseAffine());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(normalizedShape.clone(), eps, weight != null);
    }

    /** With eps 1e-5 and a learnable weight and bias. */
    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5, true);
    }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0) {
            throw new IllegalArgumentException("LayerNorm: normalizedShape must have at least one dim");
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm: eps must be positive, got " + eps);
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = elementwiseAffine ? registerParameter("weight", Tensor.ones(normalizedShape)) : null;
        this.bias = elementwiseAffine ? registerParameter("bias", Tensor.zeros(normalizedShape)) : null;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.layerNorm(normalizedShape, weight, bias, eps);
    }

    /** Configuration, as given to the constructor. */
    public int[] normalizedShape() { return normalizedShape.clone(); }

    /** Configuration, as given to the constructor. */
    public double eps() { return eps; }
}
