package dev.nabla.nn.layers;

import dev.nabla.backend.Shape;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Parametric ReLU (He et al. 2015), as {@code torch.nn.PReLU}: {@code y = x > 0 ? x : a * x}
 * with a learned slope {@code a}, one for all channels or one per channel (dim 1 of the input);
 * initial slope 0.25.
 *
 * <p>Shape: any (with one slope per channel, {@code [N, C, ...]}), output the same shape.
 * Parameters: {@code weight} {@code [numParameters]}.
 */
public class PReLU extends Module {
    /** The slopes. */
    public final Parameter weight;
    private final double init;

    /** The options of a PReLU (PyTorch's constructor arguments); model files store them. */
    public record Config(int numParameters, double init) {
    }

    /** The layer described by {@code config}. */
    public PReLU(Config config) {
        this(config.numParameters(), config.init());
    }

    /** One slope, 0.25. */
    public PReLU() {
        this(1, 0.25);
    }

    public PReLU(int numParameters, double init) {
        if (numParameters < 1) {
            throw new IllegalArgumentException("PReLU: num_parameters must be positive, got " + numParameters);
        }
        this.init = init;
        this.weight = registerParameter("weight", Tensor.full(init, numParameters));
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(weight.size(0), init);
    }

    @Override
    public Tensor forward(Tensor input) {
        int n = weight.size(0);
        Tensor slope;
        if (n == 1) {
            slope = weight.reshape();
        } else {
            if (input.dim() < 2 || input.size(1) != n) {
                throw new IllegalArgumentException("PReLU: " + n + " slopes need an input [N, " + n + ", ...], got "
                        + Shape.str(input.shape()));
            }
            int[] shape = new int[input.dim()];
            Arrays.fill(shape, 1);
            shape[1] = n;
            slope = weight.reshape(shape);
        }
        return Tensor.where(input.gt(0), input, input.mul(slope));
    }
}
