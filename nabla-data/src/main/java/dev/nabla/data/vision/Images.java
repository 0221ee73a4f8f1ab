package dev.nabla.data.vision;

import dev.nabla.backend.Backends;
import dev.nabla.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Reading images (PNG, JPEG, BMP, GIF: what {@code javax.imageio} reads) into tensors. */
public final class Images {
    private Images() {
    }

    /** The image at {@code path}; an unreadable file is an IOException naming it. */
    public static BufferedImage read(Path path) throws IOException {
        BufferedImage img = ImageIO.read(path.toFile());
        if (img == null) {
            throw new IOException(path + ": not an image javax.imageio can read (PNG, JPEG, BMP, GIF)");
        }
        return img;
    }

    /**
     * An RGB image as {@code [3, H, W]} with values {@code channel / 255} in {@code [0, 1]}
     * (PIL's {@code convert("RGB")} then torchvision's {@code ToTensor}; alpha is dropped, grey
     * levels repeated), or with {@code grey} a {@code [1, H, W]} luminance image
     * ({@code convert("L")}: {@code (299 R + 587 G + 114 B) / 1000}).
     */
    public static Tensor toTensor(BufferedImage img, boolean grey) {
        int h = img.getHeight();
        int w = img.getWidth();
        int c = grey ? 1 : 3;
        float[] v = new float[c * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                int p = y * w + x;
                if (grey) {
                    v[p] = ((r * 299 + g * 587 + b * 114) / 1000) / 255f;
                } else {
                    v[p] = r / 255f;
                    v[h * w + p] = g / 255f;
                    v[2 * h * w + p] = b / 255f;
                }
            }
        }
        return Tensor.of(v, c, h, w).to(Backends.getDefault().floatType());
    }
}
