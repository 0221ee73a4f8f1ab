package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Splits dim {@code dim} into {@code sizes}, as {@code torch.nn.Unflatten} (the inverse of
 * {@link Flatten}); one size may be -1.
 *
 * <p>Shape: {@code [N, 784]} to {@code [N, 1, 28, 28]} for {@code Unflatten(1, 1, 28, 28)}.
 */
public class Unflatten extends Module {

    /** The options of an Unflatten, PyTorch's constructor arguments; model files store them. */
    public record Config(int dim, int[] unflattenedSize) {
    }

    /** The layer described by {@code config}. */
    public Unflatten(Config config) {
        this(config.dim(), config.unflattenedSize());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(dim, sizes());
    }

    private final int dim;
    private final int[] sizes;

    public Unflatten(int dim, int... sizes) {
        if (sizes.length == 0) {
            throw new IllegalArgumentException("Unflatten: sizes must not be empty");
        }
        this.dim = dim;
        this.sizes = sizes.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        int[] s = input.shape();
        int d = dim < 0 ? dim + s.length : dim;
        if (d < 0 || d >= s.length) {
            throw new IllegalArgumentException("Unflatten: dim " + dim + " is out of range for input " + Arrays.toString(s));
        }
        int[] out = new int[s.length - 1 + sizes.length];
        System.arraycopy(s, 0, out, 0, d);
        System.arraycopy(sizes, 0, out, d, sizes.length);
        System.arraycopy(s, d + 1, out, d + sizes.length, s.length - d - 1);
        long known = 1;
        for (int v : sizes) {
            known *= v == -1 ? 1 : v;
        }
        if (Arrays.stream(sizes).filter(v -> v == -1).count() > 1 || (s[d] % known != 0)
                || (Arrays.stream(sizes).noneMatch(v -> v == -1) && known != s[d])) {
            throw new IllegalArgumentException("Unflatten: sizes " + Arrays.toString(sizes) + " do not multiply to "
                    + s[d] + ", the size of dim " + dim + " of input " + Arrays.toString(s));
        }
        return input.reshape(out);
    }

    /** Configuration, as given to the constructor. */
    public int dim() { return dim; }

    /** Configuration, as given to the constructor. */
    public int[] sizes() { return sizes.clone(); }
}
