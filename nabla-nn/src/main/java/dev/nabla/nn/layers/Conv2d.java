package dev.nabla.nn.layers;

import dev.nabla.ops.Conv;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * A 2-D convolution (cross-correlation), as {@code torch.nn.Conv2d}:
 * {@code y[n, o] = bias[o] + sum_c weight[o, c] * x[n, g(o)*C/groups + c]} over each window.
 *
 * <p>Shape: input {@code [N, C, H, W]} (or {@code [C, H, W]}), output {@code [N, out, oh, ow]} with
 * {@code oh = floor((H + 2*ph - dh*(kh-1) - 1) / sh) + 1}; weight {@code [out, C/groups, kh, kw]},
 * bias {@code [out]}. Defaults: stride 1, padding 0, dilation 1, groups 1, bias, padding mode
 * "zeros"; see {@link ConvNd} for the initialization and {@link Conv#conv2d} for the op.
 */
public class Conv2d extends ConvNd {

    /** Square kernel, stride 1, no padding. */
    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0);
    }

    /** Square kernel with the given stride and padding. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, kernelSize, stride, padding, 1, 1, true);
    }

    /** As {@code nn.Conv2d(in, out, k, stride, padding, dilation, groups, bias)}. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
                  boolean bias) {
        this(inChannels, outChannels, new int[] {kernelSize, kernelSize}, new int[] {stride, stride},
                new int[] {padding, padding}, new int[] {dilation, dilation}, groups, bias, "zeros", Generator.getDefault());
    }

    /** Every option, one value per dim ({@code (h, w)}). */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                  int groups, boolean bias, String paddingMode, Generator gen) {
        super("Conv2d", inChannels, outChannels, kernelSize, stride, padding, null, dilation, groups, bias, paddingMode,
                false, gen);
    }

    /** With string padding "same" or "valid". */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, String padding, int[] dilation,
                  int groups, boolean bias, String paddingMode, Generator gen) {
        super("Conv2d", inChannels, outChannels, kernelSize, stride, new int[2], padding, dilation, groups, bias,
                paddingMode, false, gen);
    }

    /** The layer described by {@code config} (two values per size, {@code (h, w)}), initialized from {@code gen}. */
    public Conv2d(Config config, Generator gen) {
        super("Conv2d", checked("Conv2d", config, 2).inChannels(), config.outChannels(), config.kernelSize(),
                config.stride(), paddingSizes(config), paddingString(config), config.dilation(), config.groups(),
                config.bias(), config.paddingMode(), false, gen);
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return convConfig();
    }

    @Override
    public Tensor forward(Tensor input) {
        if ((input.dim() != 3 && input.dim() != 4) || input.size(-3) != inChannels()) {
            throw new IllegalArgumentException("Conv2d: expected input [N, " + inChannels() + ", H, W], got "
                    + java.util.Arrays.toString(input.shape()));
        }
        Tensor x = padded(input);
        if (zeroPadding() && "same".equals(paddingString())) {
            return Conv.conv2d(x, weight, bias, stride(), "same", dilation(), groups());
        }
        return Conv.conv2d(x, weight, bias, stride(), zeroPadding() ? padding() : new int[] {0}, dilation(), groups());
    }
}
