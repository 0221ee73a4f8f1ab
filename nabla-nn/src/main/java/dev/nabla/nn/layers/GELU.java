package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Gaussian error linear unit {@code y = x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2))}, or with the
 * tanh approximation {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}, as {@code
 * torch.nn.GELU}.
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class GELU extends Module {
    private final boolean tanhApproximation;

    /** The options of a GELU (PyTorch's constructor arguments); model files store them. */
    public record Config(boolean tanhApproximation) {
    }

    /** The layer described by {@code config}. */
    public GELU(Config config) {
        this(config.tanhApproximation());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(tanhApproximation);
    }

    /** The exact form. */
    public GELU() {
        this(false);
    }

    /** With {@code tanhApproximation} true, PyTorch's {@code approximate="tanh"}. */
    public GELU(boolean tanhApproximation) {
        this.tanhApproximation = tanhApproximation;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.gelu(tanhApproximation);
    }

    /** Configuration, as given to the constructor. */
    public boolean tanhApproximation() { return tanhApproximation; }
}
