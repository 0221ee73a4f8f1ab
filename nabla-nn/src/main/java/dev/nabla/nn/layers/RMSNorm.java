package dev.nabla.nn.layers;

import dev.nabla.backend.DType;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Root-mean-square normalization (Zhang and Sennrich 2019), as {@code torch.nn.RMSNorm}: over the
 * last {@code normalizedShape.length} dims, {@code y = x / sqrt(mean(x^2) + eps) * weight}.
 * With {@code eps} null, the machine epsilon of the input's type is used (PyTorch's default).
 *
 * <p>Shape: {@code [*, normalizedShape...]}, output the same; weight {@code normalizedShape} (ones).
 */
public class RMSNorm extends Module {

    /**
     * The options of an RMSNorm, PyTorch's constructor arguments ({@code eps} null: the machine
     * epsilon of the input's type); model files store them.
     */
    public record Config(int[] normalizedShape, Double eps, boolean elementwiseAffine) {
    }

    /** The layer described by {@code config}. */
    public RMSNorm(Config config) {
        this(config.normalizedShape(), config.eps(), config.elementwiseAffine());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(normalizedShape(), eps, weight != null);
    }
    /** Elementwise scale, or {@code null} without an affine transform. */
    public final Parameter weight;
    private final int[] normalizedShape;
    private final Double eps;

    /** eps = machine epsilon, with a learnable weight. */
    public RMSNorm(int... normalizedShape) {
        this(normalizedShape, null, true);
    }

    public RMSNorm(int[] normalizedShape, Double eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0) {
            throw new IllegalArgumentException("RMSNorm: normalizedShape must have at least one dim");
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = elementwiseAffine ? registerParameter("weight", Tensor.ones(normalizedShape)) : null;
    }

    @Override
    public Tensor forward(Tensor input) {
        int k = normalizedShape.length;
        int[] s = input.shape();
        if (s.length < k || !Arrays.equals(Arrays.copyOfRange(s, s.length - k, s.length), normalizedShape)) {
            throw new IllegalArgumentException("RMSNorm: expected input [*, " + Arrays.toString(normalizedShape)
                    .replaceAll("[\\[\\]]", "") + "], got " + Arrays.toString(s));
        }
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) {
            dims[i] = s.length - k + i;
        }
        double e = eps != null ? eps : input.dtype() == DType.FLOAT64 ? Math.ulp(1.0) : Math.ulp(1.0f);
        Tensor y = input.mul(input.mul(input).mean(dims, true).add(e).rsqrt());
        return weight == null ? y : y.mul(weight);
    }

    /** Configuration, as given to the constructor. */
    public int[] normalizedShape() { return normalizedShape.clone(); }

    /** Configuration, as given to the constructor (null for the machine epsilon). */
    public Double eps() { return eps; }
}
