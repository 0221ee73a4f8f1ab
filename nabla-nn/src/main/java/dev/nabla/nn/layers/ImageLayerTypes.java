package dev.nabla.nn.layers;

import dev.nabla.nn.LayerProvider;
import dev.nabla.nn.LayerType;
import dev.nabla.tensor.Generator;
import java.util.List;

/**
 * The image layers of {@code nabla-nn} for model files, each configured by its {@code Config}
 * record (PyTorch's constructor argument names as keys, sizes as lists with one value per spatial
 * dim): {@code Conv1d}, {@code Conv2d}, {@code ConvTranspose2d}, {@code MaxPool2d},
 * {@code AvgPool2d}, {@code AdaptiveAvgPool2d}, {@code BatchNorm2d}, {@code GroupNorm},
 * {@code RMSNorm}, {@code Dropout2d}, {@code Upsample}, {@code Unflatten}, {@code PixelShuffle},
 * {@code PixelUnshuffle} and the 2-D padding layers.
 */
public final class ImageLayerTypes implements LayerProvider {

    @Override
    public List<LayerType> layerTypes() {
        return List.of(
                LayerType.of("Conv2d", Conv2d.class, ConvNd.Config.class, c -> new Conv2d(c, scratch()),
                        c -> conv(c.inChannels(), c.outChannels(), c.kernelSize(), c.groups(), c.bias())),
                LayerType.of("Conv1d", Conv1d.class, ConvNd.Config.class, c -> new Conv1d(c, scratch()),
                        c -> conv(c.inChannels(), c.outChannels(), c.kernelSize(), c.groups(), c.bias())),
                LayerType.of("ConvTranspose2d", ConvTranspose2d.class, ConvTranspose2d.Config.class,
                        c -> new ConvTranspose2d(c, scratch()),
                        c -> conv(c.inChannels(), c.outChannels(), c.kernelSize(), c.groups(), c.bias())),
                LayerType.of("MaxPool2d", MaxPool2d.class, MaxPool2d.Config.class, MaxPool2d::new, c -> 0),
                LayerType.of("AvgPool2d", AvgPool2d.class, AvgPool2d.Config.class, AvgPool2d::new, c -> 0),
                LayerType.of("AdaptiveAvgPool2d", AdaptiveAvgPool2d.class, AdaptiveAvgPool2d.Config.class,
                        AdaptiveAvgPool2d::new, c -> 0),
                LayerType.of("BatchNorm2d", BatchNorm2d.class, BatchNorm1d.Config.class, BatchNorm2d::new,
                        NnLayerTypes::batchNormWeights),
                LayerType.of("GroupNorm", GroupNorm.class, GroupNorm.Config.class, GroupNorm::new,
                        c -> c.affine() ? 2L * Math.max(c.numChannels(), 0) : 0),
                LayerType.of("RMSNorm", RMSNorm.class, RMSNorm.Config.class, RMSNorm::new,
                        c -> c.elementwiseAffine() ? NnLayerTypes.elements(c.normalizedShape()) : 0),
                LayerType.of("Dropout2d", Dropout2d.class, Dropout2d.Config.class, Dropout2d::new, c -> 0),
                LayerType.of("Upsample", Upsample.class, Upsample.Config.class, Upsample::new, c -> 0),
                LayerType.of("Unflatten", Unflatten.class, Unflatten.Config.class, Unflatten::new, c -> 0),
                LayerType.of("PixelShuffle", PixelShuffle.class, PixelShuffle.Config.class, PixelShuffle::new, c -> 0),
                LayerType.of("PixelUnshuffle", PixelUnshuffle.class, PixelUnshuffle.Config.class, PixelUnshuffle::new,
                        c -> 0),
                LayerType.of("ZeroPad2d", ZeroPad2d.class, Pad2d.Config.class, ZeroPad2d::new, c -> 0),
                LayerType.of("ConstantPad2d", ConstantPad2d.class, ConstantPad2d.Config.class, ConstantPad2d::new,
                        c -> 0),
                LayerType.of("ReflectionPad2d", ReflectionPad2d.class, Pad2d.Config.class,
                        ReflectionPad2d::new, c -> 0),
                LayerType.of("ReplicationPad2d", ReplicationPad2d.class, Pad2d.Config.class,
                        ReplicationPad2d::new, c -> 0));
    }

    /** Weight elements of a convolution (sizes below 1 count as 1: the layer refuses them; saturates). */
    private static long conv(int in, int out, int[] kernelSize, int groups, boolean bias) {
        long n = (long) Math.max(in, 1) / Math.max(groups, 1) * Math.max(out, 1);
        for (int k : kernelSize) {
            n = n > Long.MAX_VALUE / 2 / Math.max(k, 1) ? Long.MAX_VALUE / 2 : n * Math.max(k, 1);
        }
        return n + (bias ? Math.max(out, 0) : 0);
    }

    private static Generator scratch() {
        return new Generator(0);
    }
}
