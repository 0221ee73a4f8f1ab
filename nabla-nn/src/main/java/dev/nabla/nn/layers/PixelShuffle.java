package dev.nabla.nn.layers;

import dev.nabla.backend.Shape;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Sub-pixel rearrangement (Shi et al. 2016), as {@code torch.nn.PixelShuffle}: channels
 * {@code C r^2} become {@code r x r} blocks of pixels, {@code [N, C r^2, H, W]} to
 * {@code [N, C, H r, W r]}; with {@code inverse} ({@code torch.nn.PixelUnshuffle}) the reverse.
 *
 * <p>Shape: {@code [..., C, H, W]}. No parameters.
 */
public class PixelShuffle extends Module {
    private final int factor;

    /** The options of a PixelShuffle (PyTorch's constructor arguments); model files store them. */
    public record Config(int upscaleFactor) {
    }

    /** The layer described by {@code config}. */
    public PixelShuffle(Config config) {
        this(config.upscaleFactor());
    }

    public PixelShuffle(int upscaleFactor) {
        if (upscaleFactor < 1) {
            throw new IllegalArgumentException("PixelShuffle: upscale_factor must be positive, got " + upscaleFactor);
        }
        this.factor = upscaleFactor;
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(factor);
    }

    @Override
    public Tensor forward(Tensor input) {
        return shuffle(input, factor);
    }

    /** {@code [..., C r^2, H, W]} to {@code [..., C, H r, W r]}. */
    static Tensor shuffle(Tensor x, int r) {
        int n = x.dim();
        if (n < 3 || x.size(-3) % (r * r) != 0) {
            throw new IllegalArgumentException("PixelShuffle: expected [..., C * " + r * r + ", H, W], got "
                    + Shape.str(x.shape()));
        }
        int c = x.size(-3) / (r * r);
        int h = x.size(-2);
        int w = x.size(-1);
        int[] lead = java.util.Arrays.copyOf(x.shape(), n - 3);
        Tensor t = x.reshape(concat(lead, c, r, r, h, w));
        t = t.permute(permutation(lead.length, 0, 3, 1, 4, 2));
        return t.reshape(concat(lead, c, h * r, w * r));
    }

    /** {@code [..., C, H r, W r]} to {@code [..., C r^2, H, W]}. */
    static Tensor unshuffle(Tensor x, int r) {
        int n = x.dim();
        if (n < 3 || x.size(-2) % r != 0 || x.size(-1) % r != 0) {
            throw new IllegalArgumentException("PixelUnshuffle: expected [..., C, H * " + r + ", W * " + r + "], got "
                    + Shape.str(x.shape()));
        }
        int c = x.size(-3);
        int h = x.size(-2) / r;
        int w = x.size(-1) / r;
        int[] lead = java.util.Arrays.copyOf(x.shape(), n - 3);
        Tensor t = x.reshape(concat(lead, c, h, r, w, r));
        t = t.permute(permutation(lead.length, 0, 2, 4, 1, 3));
        return t.reshape(concat(lead, c * r * r, h, w));
    }

    private static int[] concat(int[] lead, int... tail) {
        int[] out = java.util.Arrays.copyOf(lead, lead.length + tail.length);
        System.arraycopy(tail, 0, out, lead.length, tail.length);
        return out;
    }

    /** The leading dims in place, then the last five in {@code order}. */
    private static int[] permutation(int leading, int... order) {
        int[] perm = new int[leading + order.length];
        for (int i = 0; i < leading; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < order.length; i++) {
            perm[leading + i] = leading + order[i];
        }
        return perm;
    }
}
