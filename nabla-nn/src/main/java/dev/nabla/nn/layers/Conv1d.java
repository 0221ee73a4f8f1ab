package dev.nabla.nn.layers;

import dev.nabla.ops.Conv;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * A 1-D convolution, as {@code torch.nn.Conv1d}.
 *
 * <p>Shape: input {@code [N, C, L]} (or {@code [C, L]}), output {@code [N, out, lo]} with
 * {@code lo = floor((L + 2*p - d*(k-1) - 1) / s) + 1}; weight {@code [out, C/groups, k]}, bias
 * {@code [out]}. Defaults as {@link Conv2d}.
 */
public class Conv1d extends ConvNd {

    /** Stride 1, no padding. */
    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true);
    }

    /** As {@code nn.Conv1d(in, out, k, stride, padding, dilation, groups, bias)}. */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
                  boolean bias) {
        this(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, "zeros", Generator.getDefault());
    }

    /** Every option. */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
                  boolean bias, String paddingMode, Generator gen) {
        super("Conv1d", inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, null,
                new int[] {dilation}, groups, bias, paddingMode, false, gen);
    }

    /** With string padding "same" or "valid". */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, String padding, int dilation, int groups,
                  boolean bias, String paddingMode, Generator gen) {
        super("Conv1d", inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[1], padding,
                new int[] {dilation}, groups, bias, paddingMode, false, gen);
    }

    /** The layer described by {@code config} (one value per size), initialized from {@code gen}. */
    public Conv1d(Config config, Generator gen) {
        super("Conv1d", checked("Conv1d", config, 1).inChannels(), config.outChannels(), config.kernelSize(),
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
        if ((input.dim() != 2 && input.dim() != 3) || input.size(-2) != inChannels()) {
            throw new IllegalArgumentException("Conv1d: expected input [N, " + inChannels() + ", L], got "
                    + java.util.Arrays.toString(input.shape()));
        }
        Tensor x = padded(input);
        if (zeroPadding() && "same".equals(paddingString())) {
            return Conv.conv1d(x, weight, bias, stride()[0], "same", dilation()[0], groups());
        }
        return Conv.conv1d(x, weight, bias, stride()[0], zeroPadding() ? padding()[0] : 0, dilation()[0], groups());
    }
}
