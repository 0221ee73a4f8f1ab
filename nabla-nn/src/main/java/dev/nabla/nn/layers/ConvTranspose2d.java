package dev.nabla.nn.layers;

import dev.nabla.ops.Conv;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * A transposed 2-D convolution (the gradient of {@link Conv2d} with respect to its input), as
 * {@code torch.nn.ConvTranspose2d}.
 *
 * <p>Shape: input {@code [N, C, H, W]}, output {@code [N, out, oh, ow]} with
 * {@code oh = (H-1)*sh - 2*ph + dh*(kh-1) + output_padding + 1}; weight
 * {@code [C, out/groups, kh, kw]}, bias {@code [out]}. Only zero padding, as in PyTorch.
 */
public class ConvTranspose2d extends ConvNd {
    private final int[] outputPadding;

    /**
     * The options of a ConvTranspose2d, PyTorch's constructor arguments in PyTorch's order, two
     * values per size {@code (h, w)}; model files store them.
     *
     * @param paddingMode "zeros", the only mode PyTorch allows here
     */
    public record Config(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
                         int[] outputPadding, int groups, boolean bias, int[] dilation, String paddingMode) {
    }

    /** The layer described by {@code config}, initialized from {@code gen}. */
    public ConvTranspose2d(Config config, Generator gen) {
        this(config.inChannels(), config.outChannels(), config.kernelSize(), config.stride(), config.padding(),
                config.outputPadding(), config.groups(), config.bias(), zerosOnly(config).dilation(), gen);
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(inChannels(), outChannels(), kernelSize(), stride(), padding(), outputPadding(), groups(),
                bias != null, dilation(), paddingMode());
    }

    private static Config zerosOnly(Config c) {
        if (!"zeros".equals(c.paddingMode())) {
            throw new IllegalArgumentException("ConvTranspose2d: only padding_mode \"zeros\" is supported, got \""
                    + c.paddingMode() + "\"");
        }
        return c;
    }

    /** Square kernel, stride 1, no padding. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, 0, 1, true, 1);
    }

    /** As {@code nn.ConvTranspose2d(in, out, k, stride, padding, output_padding, groups, bias, dilation)}. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int outputPadding,
                           int groups, boolean bias, int dilation) {
        this(inChannels, outChannels, new int[] {kernelSize, kernelSize}, new int[] {stride, stride},
                new int[] {padding, padding}, new int[] {outputPadding, outputPadding}, groups, bias,
                new int[] {dilation, dilation}, Generator.getDefault());
    }

    /** Every option, one value per dim ({@code (h, w)}). */
    public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
                           int[] outputPadding, int groups, boolean bias, int[] dilation, Generator gen) {
        super("ConvTranspose2d", inChannels, outChannels, kernelSize, stride, padding, null, dilation, groups, bias,
                "zeros", true, gen);
        this.outputPadding = outputPadding.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        if ((input.dim() != 3 && input.dim() != 4) || input.size(-3) != inChannels()) {
            throw new IllegalArgumentException("ConvTranspose2d: expected input [N, " + inChannels() + ", H, W], got "
                    + java.util.Arrays.toString(input.shape()));
        }
        return Conv.convTranspose2d(input, weight, bias, stride(), padding(), outputPadding, groups(), dilation());
    }

    /** Configuration, one value per spatial dim. */
    public int[] outputPadding() { return outputPadding.clone(); }
}
