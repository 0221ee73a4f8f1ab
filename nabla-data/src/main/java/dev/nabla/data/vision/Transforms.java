package dev.nabla.data.vision;

import dev.nabla.ops.Interpolate;
import dev.nabla.ops.Pad;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * The common image transforms, as torchvision's {@code transforms} on tensors {@code [C, H, W]}
 * with values in {@code [0, 1]} (what {@link Images#toTensor} gives, torchvision's
 * {@code ToTensor}).
 */
public final class Transforms {
    private Transforms() {
    }

    /** The transforms in order ({@code Compose}). */
    public static Transform compose(Transform... transforms) {
        Transform t = (image, gen) -> image;
        for (Transform next : transforms) {
            t = t.andThen(next);
        }
        return t;
    }

    /** Bilinear resize to exactly {@code h x w} ({@code Resize((h, w))}, without antialiasing). */
    public static Transform resize(int h, int w) {
        return (image, gen) -> Interpolate.interpolate(image.unsqueeze(0), new int[] {h, w}, null, "bilinear", false)
                .squeeze(0);
    }

    /** Bilinear resize of the shorter side to {@code size}, keeping the aspect ratio ({@code Resize(size)}). */
    public static Transform resize(int size) {
        return (image, gen) -> {
            int h = image.size(1);
            int w = image.size(2);
            int nh = h <= w ? size : (int) ((long) size * h / w);
            int nw = h <= w ? (int) ((long) size * w / h) : size;
            return resize(nh, nw).apply(image, gen);
        };
    }

    /** The central {@code h x w} region ({@code CenterCrop}); the image is zero-padded first if smaller. */
    public static Transform centerCrop(int h, int w) {
        return (image, gen) -> {
            Tensor x = padTo(image, h, w);
            return crop(x, (int) Math.round((x.size(1) - h) / 2.0), (int) Math.round((x.size(2) - w) / 2.0), h, w);
        };
    }

    /**
     * A random {@code h x w} region ({@code RandomCrop(size, padding)}), after zero padding of
     * {@code padding} on every side.
     */
    public static Transform randomCrop(int h, int w, int padding) {
        return (image, gen) -> {
            Tensor x = padding > 0 ? Pad.pad(image, new int[] {padding, padding, padding, padding}, "constant", 0) : image;
            x = padTo(x, h, w);
            int top = (int) gen.nextLong(x.size(1) - h + 1);
            int left = (int) gen.nextLong(x.size(2) - w + 1);
            return crop(x, top, left, h, w);
        };
    }

    /** Mirrors left-right with probability {@code p} ({@code RandomHorizontalFlip}). */
    public static Transform randomHorizontalFlip(double p) {
        return (image, gen) -> gen.nextDouble() < p ? flip(image, 2) : image;
    }

    /** Mirrors top-bottom with probability {@code p} ({@code RandomVerticalFlip}). */
    public static Transform randomVerticalFlip(double p) {
        return (image, gen) -> gen.nextDouble() < p ? flip(image, 1) : image;
    }

    /** {@code (x[c] - mean[c]) / std[c]} per channel ({@code Normalize}). */
    public static Transform normalize(double[] mean, double[] std) {
        if (mean.length != std.length || Arrays.stream(std).anyMatch(s -> s == 0)) {
            throw new IllegalArgumentException("normalize: expected as many means as non-zero stds, got "
                    + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        return (image, gen) -> {
            if (image.size(0) != mean.length && mean.length != 1) {
                throw new IllegalArgumentException("normalize: " + mean.length + " channel statistics for an image with "
                        + image.size(0) + " channels");
            }
            Tensor m = Tensor.of(mean, mean.length, 1, 1).to(image.backend()).to(image.dtype());
            Tensor s = Tensor.of(std, std.length, 1, 1).to(image.backend()).to(image.dtype());
            return image.sub(m).div(s);
        };
    }

    private static Tensor flip(Tensor image, int dim) {
        int n = image.size(dim);
        long[] idx = new long[n];
        for (int i = 0; i < n; i++) {
            idx[i] = n - 1 - i;
        }
        return image.indexSelect(dim, Tensor.of(idx, n).to(image.backend()));
    }

    private static Tensor crop(Tensor image, int top, int left, int h, int w) {
        return image.narrow(1, top, h).narrow(2, left, w).contiguous();
    }

    /** Zero-pads an image smaller than {@code h x w} on both sides (torchvision's crop padding). */
    private static Tensor padTo(Tensor image, int h, int w) {
        int dh = Math.max(0, h - image.size(1));
        int dw = Math.max(0, w - image.size(2));
        return dh == 0 && dw == 0 ? image
                : Pad.pad(image, new int[] {dw / 2, dw - dw / 2, dh / 2, dh - dh / 2}, "constant", 0);
    }
}
