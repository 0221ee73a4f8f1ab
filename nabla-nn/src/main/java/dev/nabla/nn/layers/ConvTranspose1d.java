package dev.nabla.nn.layers;

import dev.nabla.ops.Conv;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * A transposed 1-D convolution (the gradient of {@link Conv1d} with respect to its input), as
 * {@code torch.nn.ConvTranspose1d}.
 *
 * <p>Shape: input {@code [N, C, L]} (or {@code [C, L]}), output {@code [N, out, lo]} with
 * {@code lo = (L-1)*s - 2*p + d*(k-1) + output_padding + 1}; weight {@code [C, out/groups, k]},
 * bias {@code [out]}. Only zero padding, as in PyTorch. Model files store its options as a
 * {@link ConvTranspose2d.Config} with one value per size.
 */
public class ConvTranspose1d extends ConvNd {
    private final int outputPadding;

    /** The layer described by {@code config} (one value per size), initialized from {@code gen}. */
    public ConvTranspose1d(ConvTranspose2d.Config config, Generator gen) {
        this(checked(config).inChannels(), config.outChannels(), config.kernelSize()[0], config.stride()[0],
                config.padding()[0], config.outputPadding()[0], config.groups(), config.bias(), config.dilation()[0], gen);
    }

    /** Stride 1, no padding. */
    public ConvTranspose1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, 0, 1, true, 1, Generator.getDefault());
    }

    /** As {@code nn.ConvTranspose1d(in, out, k, stride, padding, output_padding, groups, bias, dilation)}. */
    public ConvTranspose1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int outputPadding,
                           int groups, boolean bias, int dilation, Generator gen) {
        super("ConvTranspose1d", inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {padding},
                null, new int[] {dilation}, groups, bias, "zeros", true, gen);
        this.outputPadding = outputPadding;
    }

    private static ConvTranspose2d.Config checked(ConvTranspose2d.Config c) {
        if (!"zeros".equals(c.paddingMode())) {
            throw new IllegalArgumentException("ConvTranspose1d: only padding_mode \"zeros\" is supported, got \""
                    + c.paddingMode() + "\"");
        }
        for (int[] sizes : new int[][] {c.kernelSize(), c.stride(), c.padding(), c.outputPadding(), c.dilation()}) {
            if (sizes.length != 1) {
                throw new IllegalArgumentException("ConvTranspose1d: sizes must hold 1 value each, got " + Arrays.toString(sizes));
            }
        }
        return c;
    }

    /** The options this layer was built with. */
    @Override
    public ConvTranspose2d.Config config() {
        return new ConvTranspose2d.Config(inChannels(), outChannels(), kernelSize(), stride(), padding(),
                new int[] {outputPadding}, groups(), bias != null, dilation(), paddingMode());
    }

    @Override
    public Tensor forward(Tensor input) {
        if ((input.dim() != 2 && input.dim() != 3) || input.size(-2) != inChannels()) {
            throw new IllegalArgumentException("ConvTranspose1d: expected input [N, " + inChannels() + ", L], got "
                    + Arrays.toString(input.shape()));
        }
        return Conv.convTranspose1d(input, weight, bias, stride()[0], padding()[0], outputPadding, groups(), dilation()[0]);
    }

    /** Configuration: the extra size added to one side of the output. */
    public int outputPadding() { return outputPadding; }
}
