package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * {@code y = log(sigmoid(x))}, computed without overflow, as {@code torch.nn.LogSigmoid}.
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class LogSigmoid extends Module {

    /** The options of a LogSigmoid: none (PyTorch's {@code inplace} has no meaning here); model files store it. */
    public record Config() {
    }

    public LogSigmoid() {
    }

    /** The layer described by {@code config}. */
    public LogSigmoid(Config config) {
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config();
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.logSigmoid();
    }
}
