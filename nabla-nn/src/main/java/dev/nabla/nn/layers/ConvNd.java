package dev.nabla.nn.layers;

import dev.nabla.nn.Init;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.ops.Pad;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link Conv1d}, {@link Conv2d} and {@link ConvTranspose2d} share (PyTorch's
 * {@code _ConvNd}): the configuration, one value per spatial dim, and the parameters. The weight
 * is {@code [out, in/groups, k...]}, or {@code [in, out/groups, k...]} when transposed; both
 * weight and bias start from PyTorch's default, {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} with
 * {@code fanIn = weight.size(1) * prod(k)} (Kaiming uniform with {@code a = sqrt(5)} for the weight).
 */
public abstract class ConvNd extends Module {
    /** The kernel, {@code [out, in/groups, k...]} ({@code [in, out/groups, k...]} when transposed). */
    public final Parameter weight;
    /** The bias {@code [out]}, or {@code null}. */
    public final Parameter bias;
    private final int inChannels;
    private final int outChannels;
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final String paddingString;
    private final int[] dilation;
    private final int groups;
    private final String paddingMode;

    /**
     * The options of a {@link Conv1d} or {@link Conv2d}, PyTorch's constructor arguments, one value
     * per spatial dim; model files store them.
     *
     * @param padding     an int[] (one value per dim), an Integer (the same for every dim) or the
     *                    String "same" or "valid"
     * @param paddingMode "zeros", "reflect", "replicate" or "circular"
     */
    public record Config(int inChannels, int outChannels, int[] kernelSize, int[] stride, Object padding,
                         int[] dilation, int groups, boolean bias, String paddingMode) {
    }

    /** The config of a convolution built from {@code c}, checked to have {@code dims} spatial dims. */
    protected static Config checked(String name, Config c, int dims) {
        if (c.kernelSize().length != dims) {
            throw new IllegalArgumentException(name + ": kernel_size must hold " + dims + " sizes, got "
                    + Arrays.toString(c.kernelSize()));
        }
        if (!(c.padding() instanceof int[] || c.padding() instanceof Integer || c.padding() instanceof String)) {
            throw new IllegalArgumentException(name + ": padding must be \"same\", \"valid\" or " + dims + " sizes");
        }
        return c;
    }

    /** The padding of {@code c} as sizes, one per dim (zeros when it is a string). */
    protected static int[] paddingSizes(Config c) {
        int[] sizes = new int[c.kernelSize().length];
        if (c.padding() instanceof Integer p) {
            Arrays.fill(sizes, p);
        }
        return c.padding() instanceof int[] p ? p : sizes;
    }

    /** The padding of {@code c} as a string, or null when it is sizes. */
    protected static String paddingString(Config c) {
        return c.padding() instanceof String s ? s : null;
    }

    /** The options of this convolution as a {@link Config}. */
    protected Config convConfig() {
        return new Config(inChannels, outChannels, kernelSize(), stride(), paddingString != null ? paddingString : padding(),
                dilation(), groups, bias != null, paddingMode);
    }


    /**
     * @param padding       one int array per dim, ignored when {@code paddingString} ("same" or "valid") is given
     * @param paddingMode   "zeros", "reflect", "replicate" or "circular"
     */
    protected ConvNd(String name, int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
                     String paddingString, int[] dilation, int groups, boolean bias, String paddingMode,
                     boolean transposed, Generator gen) {
        if (inChannels <= 0 || outChannels <= 0 || groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(name + ": channels (" + inChannels + ", " + outChannels
                    + ") must be positive and divisible by groups " + groups);
        }
        if (!List.of("zeros", "reflect", "replicate", "circular").contains(paddingMode)) {
            throw new IllegalArgumentException(name + ": padding_mode must be zeros, reflect, replicate or circular, got "
                    + paddingMode);
        }
        if (paddingString != null && !paddingString.equals("same") && !paddingString.equals("valid")) {
            throw new IllegalArgumentException(name + ": padding must be \"same\", \"valid\" or numbers, got \""
                    + paddingString + "\"");
        }
        if ("same".equals(paddingString) && Arrays.stream(stride).anyMatch(s -> s != 1)) {
            throw new IllegalArgumentException(name + ": padding=\"same\" is not supported for strided convolutions");
        }
        int n = kernelSize.length;
        if (stride.length != n || padding.length != n || dilation.length != n) {
            throw new IllegalArgumentException(name + ": kernel_size, stride, padding and dilation must each hold " + n
                    + " sizes, got " + Arrays.toString(kernelSize) + ", " + Arrays.toString(stride) + ", "
                    + Arrays.toString(padding) + ", " + Arrays.toString(dilation));
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize.clone();
        this.stride = stride.clone();
        this.padding = "valid".equals(paddingString) ? new int[kernelSize.length] : padding.clone();
        this.paddingString = paddingString;
        this.dilation = dilation.clone();
        this.groups = groups;
        this.paddingMode = paddingMode;
        int[] shape = new int[2 + kernelSize.length];
        shape[0] = transposed ? inChannels : outChannels;
        shape[1] = transposed ? outChannels / groups : inChannels / groups;
        System.arraycopy(kernelSize, 0, shape, 2, kernelSize.length);
        this.weight = registerParameter("weight", Tensor.zeros(shape));
        this.bias = bias ? registerParameter("bias", Tensor.zeros(outChannels)) : null;
        Init.kaimingUniform(weight, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU, gen);
        if (bias) {
            double bound = 1 / Math.sqrt(Init.fans(weight)[0]);
            Init.uniform(this.bias, -bound, bound, gen);
        }
    }

    /**
     * The input padded as {@code paddingMode} asks when it is not "zeros" (as PyTorch does, before a
     * convolution without padding), else the input itself.
     */
    protected Tensor padded(Tensor input) {
        if (paddingMode.equals("zeros")) {
            return input;
        }
        int n = kernelSize.length;
        int[] pad = new int[2 * n];
        for (int i = 0; i < n; i++) {
            int d = n - 1 - i;
            int total = "same".equals(paddingString) ? dilation[d] * (kernelSize[d] - 1) : 2 * padding[d];
            pad[2 * i] = total / 2;
            pad[2 * i + 1] = total - total / 2;
        }
        return Pad.pad(input, pad, paddingMode, 0);
    }

    /** Whether the convolution itself pads (with zeros): false once {@link #padded} did. */
    protected boolean zeroPadding() {
        return paddingMode.equals("zeros");
    }

    private static String tuple(int[] v) {
        String s = Arrays.toString(v).replace('[', '(').replace(']', ')');
        return v.length == 1 ? s.replace(")", ",)") : s;
    }

    /** Configuration, as given to the constructor. */
    public int inChannels() { return inChannels; }

    /** Configuration, as given to the constructor. */
    public int outChannels() { return outChannels; }

    /** Configuration, one value per spatial dim. */
    public int[] kernelSize() { return kernelSize.clone(); }

    /** Configuration, one value per spatial dim. */
    public int[] stride() { return stride.clone(); }

    /** Configuration, one value per spatial dim (zeros for "valid"; unused for "same"). */
    public int[] padding() { return padding.clone(); }

    /** "same" or "valid" when padding was given as a string, else null. */
    public String paddingString() { return paddingString; }

    /** Configuration, one value per spatial dim. */
    public int[] dilation() { return dilation.clone(); }

    /** Configuration, as given to the constructor. */
    public int groups() { return groups; }

    /** Configuration, as given to the constructor. */
    public String paddingMode() { return paddingMode; }
}
