package dev.nabla.nn.layers;

import dev.nabla.nn.LayerProvider;
import dev.nabla.nn.LayerType;
import dev.nabla.tensor.Generator;
import java.util.List;

/**
 * The image layers of {@code nabla-nn} for model files, each configured by its {@code Config}
 * record (PyTorch's constructor argument names as keys, sizes as lists with one value per spatial
 * dim): {@code Conv1d}, {@code Conv2d}, {@code ConvTranspose1d/2d}, {@code MaxPool1d/2d},
 * {@code AvgPool1d/2d}, {@code LPPool1d/2d}, {@code AdaptiveAvgPool1d/2d}, {@code AdaptiveMaxPool1d/2d},
 * {@code BatchNorm2d}, {@code InstanceNorm1d/2d}, {@code GroupNorm},
 * {@code RMSNorm}, {@code LocalResponseNorm}, {@code Dropout1d/2d}, {@code Softmax2d},
 * {@code ChannelShuffle}, {@code Unfold}, {@code Fold}, {@code Upsample}, {@code Unflatten},
 * {@code PixelShuffle}, {@code PixelUnshuffle} and the 2-D padding layers.
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
                LayerType.of("ConvTranspose1d", ConvTranspose1d.class, ConvTranspose2d.Config.class,
                        c -> new ConvTranspose1d(c, scratch()),
                        c -> conv(c.inChannels(), c.outChannels(), c.kernelSize(), c.groups(), c.bias())),
                LayerType.of("MaxPool2d", MaxPool2d.class, MaxPool2d.Config.class, MaxPool2d::new, c -> 0),
                LayerType.of("AvgPool2d", AvgPool2d.class, AvgPool2d.Config.class, AvgPool2d::new, c -> 0),
                LayerType.of("AdaptiveAvgPool2d", AdaptiveAvgPool2d.class, AdaptiveAvgPool2d.Config.class,
                        AdaptiveAvgPool2d::new, c -> 0),
                LayerType.of("AdaptiveMaxPool2d", AdaptiveMaxPool2d.class, AdaptiveMaxPool2d.Config.class,
                        AdaptiveMaxPool2d::new, c -> 0),
                LayerType.of("MaxPool1d", MaxPool1d.class, MaxPool1d.Config.class, MaxPool1d::new, c -> 0),
                LayerType.of("AvgPool1d", AvgPool1d.class, AvgPool1d.Config.class, AvgPool1d::new, c -> 0),
                LayerType.of("AdaptiveAvgPool1d", AdaptiveAvgPool1d.class, AdaptivePool1d.Config.class,
                        AdaptiveAvgPool1d::new, c -> 0),
                LayerType.of("AdaptiveMaxPool1d", AdaptiveMaxPool1d.class, AdaptivePool1d.Config.class,
                        AdaptiveMaxPool1d::new, c -> 0),
                LayerType.of("InstanceNorm1d", InstanceNorm1d.class, InstanceNorm.Config.class, InstanceNorm1d::new,
                        ImageLayerTypes::instanceNormWeights),
                LayerType.of("InstanceNorm2d", InstanceNorm2d.class, InstanceNorm.Config.class, InstanceNorm2d::new,
                        ImageLayerTypes::instanceNormWeights),
                LayerType.of("BatchNorm2d", BatchNorm2d.class, BatchNorm1d.Config.class, BatchNorm2d::new,
                        NnLayerTypes::batchNormWeights),
                LayerType.of("GroupNorm", GroupNorm.class, GroupNorm.Config.class, GroupNorm::new,
                        c -> c.affine() ? 2L * Math.max(c.numChannels(), 0) : 0),
                LayerType.of("RMSNorm", RMSNorm.class, RMSNorm.Config.class, RMSNorm::new,
                        c -> c.elementwiseAffine() ? NnLayerTypes.elements(c.normalizedShape()) : 0),
                LayerType.of("Dropout2d", Dropout2d.class, Dropout2d.Config.class, Dropout2d::new, c -> 0),
                LayerType.of("Dropout1d", Dropout1d.class, Dropout1d.Config.class, Dropout1d::new, c -> 0),
                LayerType.of("Softmax2d", Softmax2d.class, Softmax2d.Config.class, Softmax2d::new, c -> 0),
                LayerType.of("ChannelShuffle", ChannelShuffle.class, ChannelShuffle.Config.class, ChannelShuffle::new,
                        c -> 0),
                LayerType.of("LocalResponseNorm", LocalResponseNorm.class, LocalResponseNorm.Config.class,
                        LocalResponseNorm::new, c -> 0),
                LayerType.of("Unfold", Unfold.class, Unfold.Config.class, Unfold::new, c -> 0),
                LayerType.of("LPPool1d", LPPool1d.class, LPPool1d.Config.class, LPPool1d::new, c -> 0),
                LayerType.of("LPPool2d", LPPool2d.class, LPPool2d.Config.class, LPPool2d::new, c -> 0),
                LayerType.of("Fold", Fold.class, Fold.Config.class, Fold::new, c -> 0),
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

    private static long instanceNormWeights(InstanceNorm.Config c) {
        return NnLayerTypes.normWeights(c.numFeatures(), c.affine(), c.trackRunningStats());
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
