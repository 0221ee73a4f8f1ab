package dev.nabla.data.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.Example;
import dev.nabla.data.datasets.DatasetException;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ImageFolder over PNG and JPEG files, the transforms' values, seeded augmentation and prefetching. */
class ImageFolderTest {
    @TempDir
    Path root;

    /** A {@code w x h} RGB image with pixel (x, y) = (10x + y, 100, 200). */
    private static BufferedImage ramp(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((10 * x + y) << 16) | (100 << 8) | 200);
            }
        }
        return img;
    }

    private void write(String cls, String name, String format) throws IOException {
        Files.createDirectories(root.resolve(cls));
        ImageIO.write(ramp(4, 3), format, root.resolve(cls).resolve(name).toFile());
    }

    @Test
    void classesAreSortedFoldersAndPixelsAreScaledToUnitRange() throws IOException {
        write("dog", "b.png", "png");
        write("dog", "a.png", "png");
        write("cat", "z.jpg", "jpg");
        Files.writeString(root.resolve("cat").resolve("notes.txt"), "not an image");
        ImageFolder ds = new ImageFolder(root);
        assertEquals(List.of("cat", "dog"), ds.classes());
        assertEquals(3, ds.size());
        assertEquals("a.png", ds.files().get(1).getFileName().toString());
        Example e = ds.get(1);
        assertEquals(1, e.y().toLongArray()[0]);
        assertArrayEquals(new int[] {3, 3, 4}, e.x().shape());
        double[] v = e.x().toDoubleArray();
        assertEquals((10 * 2 + 1) / 255.0, v[1 * 4 + 2], 1e-7, "red of pixel (x=2, y=1)");
        assertEquals(100 / 255.0, v[12], 1e-7);
        assertEquals(200 / 255.0, v[24], 1e-7);
        Example jpeg = ds.get(0);
        assertEquals(0, jpeg.y().toLongArray()[0]);
        assertEquals(200 / 255.0, jpeg.x().select(0, 2).mean().item(), 0.05, "JPEG is lossy, but close");
        Tensor grey = new ImageFolder(root, null, true, 0).get(1).x();
        assertArrayEquals(new int[] {1, 3, 4}, grey.shape());
        assertEquals(((21 * 299 + 100 * 587 + 200 * 114) / 1000) / 255.0, grey.toDoubleArray()[6], 1e-7);
    }

    @Test
    void emptyFolderIsAClearError() throws IOException {
        Files.createDirectories(root.resolve("empty"));
        var e = assertThrows(DatasetException.class, () -> new ImageFolder(root));
        assertTrue(e.getMessage().startsWith("ImageFolder: no images"), e.getMessage());
    }

    @Test
    void transformsGiveTorchvisionsValues() {
        Tensor img = Tensor.arange(0, 12, 1).to(Tensor.zeros(1).dtype()).reshape(1, 3, 4);
        Generator g = new Generator(1);
        assertArrayEquals(new double[] {1, 2, 5, 6, 9, 10}, Transforms.centerCrop(3, 2).apply(img, g).toDoubleArray());
        assertArrayEquals(new double[] {3, 2, 1, 0}, Transforms.randomHorizontalFlip(1).apply(img, g)
                .select(1, 0).toDoubleArray());
        assertArrayEquals(new double[] {8, 9, 10, 11}, Transforms.randomVerticalFlip(1).apply(img, g)
                .select(1, 0).toDoubleArray());
        assertArrayEquals(img.toDoubleArray(), Transforms.randomHorizontalFlip(0).apply(img, g).toDoubleArray());
        assertArrayEquals(new double[] {-1, -0.5}, Transforms.normalize(new double[] {2}, new double[] {2})
                .apply(img, g).select(1, 0).narrow(1, 0, 2).toDoubleArray(), 1e-7);
        assertArrayEquals(new int[] {1, 6, 8}, Transforms.resize(6, 8).apply(img, g).shape());
        assertArrayEquals(new int[] {1, 5, 6}, Transforms.resize(5).apply(img, g).shape());
        Tensor crop = Transforms.randomCrop(3, 4, 2).apply(img, g);
        assertArrayEquals(new int[] {1, 3, 4}, crop.shape());
    }

    @Test
    void seededAugmentationRepeatsWithAndWithoutPrefetch() throws IOException {
        for (int i = 0; i < 6; i++) {
            write(i % 2 == 0 ? "even" : "odd", "img" + i + ".png", "png");
        }
        Transform augment = Transforms.compose(Transforms.randomCrop(2, 2, 1), Transforms.randomHorizontalFlip(0.5));
        List<double[]> first = batches(new ImageFolder(root, augment, false, 9), 0);
        List<double[]> again = batches(new ImageFolder(root, augment, false, 9), 2);
        assertEquals(first.size(), again.size());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), again.get(i));
        }
        List<double[]> other = batches(new ImageFolder(root, augment, false, 10), 0);
        boolean differs = false;
        for (int i = 0; i < first.size(); i++) {
            differs |= !java.util.Arrays.equals(first.get(i), other.get(i));
        }
        assertTrue(differs, "another seed, other crops");
    }

    private static List<double[]> batches(ImageFolder ds, int prefetch) {
        List<double[]> out = new ArrayList<>();
        DataLoader loader = DataLoader.builder(ds).batchSize(4).shuffle(true).seed(3).prefetch(prefetch).build();
        for (Batch b : loader) {
            assertArrayEquals(new int[] {b.x().size(0), 3, 2, 2}, b.x().shape());
            out.add(b.x().toDoubleArray());
        }
        return out;
    }
}
