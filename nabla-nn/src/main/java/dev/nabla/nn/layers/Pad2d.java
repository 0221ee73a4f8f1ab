package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.ops.Pad;
import dev.nabla.tensor.Tensor;

/**
 * The base of the 2-D padding layers ({@link ZeroPad2d}, {@link ConstantPad2d},
 * {@link ReflectionPad2d}, {@link ReplicationPad2d}): {@code padding} is
 * {@code (left, right, top, bottom)}, or one number for all four, as PyTorch's.
 *
 * <p>Shape: {@code [N, C, H, W]} or {@code [C, H, W]} to {@code [..., H + top + bottom, W + left + right]}.
 */
public abstract class Pad2d extends Module {
    private final int[] padding;
    private final String mode;
    /** The fill of constant padding. */
    protected final double value;

    /** The options of a padding-only layer (PyTorch's constructor argument); model files store them. */
    public record Config(int[] padding) {
    }

    protected Pad2d(int[] padding, String mode, double value) {
        if (padding.length != 1 && padding.length != 4) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": padding is one number or (left, right, top,"
                    + " bottom), got " + java.util.Arrays.toString(padding));
        }
        this.padding = padding.length == 1 ? new int[] {padding[0], padding[0], padding[0], padding[0]} : padding.clone();
        this.mode = mode;
        this.value = value;
    }

    /** The options this layer was built with (a {@link ConstantPad2d} adds its value). */
    @Override
    public Record config() {
        return new Config(padding());
    }

    /** {@code (left, right, top, bottom)}. */
    public int[] padding() {
        return padding.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pad.pad(input, padding, mode, value);
    }
}
