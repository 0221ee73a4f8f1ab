package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Local response normalization across channels (AlexNet), as {@code torch.nn.LocalResponseNorm}:
 * {@code y_c = x_c / (k + alpha / size * sum x_c'^2)^beta}, the sum over the {@code size}
 * channels {@code c - size/2 .. c + (size-1)/2} (missing ones count as 0).
 *
 * <p>Shape: {@code [N, C, *]}, output the same. Defaults: alpha 1e-4, beta 0.75, k 1.
 */
public class LocalResponseNorm extends Module {

    /** The options of a LocalResponseNorm, PyTorch's constructor arguments; model files store them. */
    public record Config(int size, double alpha, double beta, double k) {
    }

    private final Config config;

    /** The layer described by {@code config}. */
    public LocalResponseNorm(Config config) {
        if (config.size() <= 0) {
            throw new IllegalArgumentException("LocalResponseNorm: size must be positive, got " + config.size());
        }
        this.config = config;
    }

    /** alpha 1e-4, beta 0.75, k 1. */
    public LocalResponseNorm(int size) {
        this(new Config(size, 1e-4, 0.75, 1));
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return config;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 3) {
            throw new IllegalArgumentException("LocalResponseNorm: expected input [N, C, *], got "
                    + Arrays.toString(input.shape()));
        }
        return apply(input, config.size(), config.size() / 2, config.alpha(), config.beta(), config.k());
    }

    /**
     * {@code x_c / (k + alpha / size * sum x_c'^2)^beta} over the channels
     * {@code c - before .. c - before + size - 1} of {@code [N, C, *]} (missing ones count as 0):
     * PyTorch's window has {@code before = size / 2}, ONNX's LRN {@code (size - 1) / 2}.
     */
    public static Tensor apply(Tensor x, int size, int before, double alpha, double beta, double k) {
        int[] head = x.shape();
        head[1] = before;
        int[] tail = x.shape();
        tail[1] = size - 1 - before;
        Tensor squares = x.square();
        Tensor padded = Tensor.concat(List.of(squares.newZeros(head), squares, squares.newZeros(tail)), 1);
        Tensor mean = padded.unfold(1, size, 1).sum(new int[] {-1}, false).div(size);
        return x.div(mean.mul(alpha).add(k).pow(beta));
    }
}
