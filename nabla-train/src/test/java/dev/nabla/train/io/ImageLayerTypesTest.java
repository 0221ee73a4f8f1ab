package dev.nabla.train.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.AdaptiveAvgPool2d;
import dev.nabla.nn.layers.AvgPool2d;
import dev.nabla.nn.layers.BatchNorm2d;
import dev.nabla.nn.layers.Conv1d;
import dev.nabla.nn.layers.Conv2d;
import dev.nabla.nn.layers.ConvTranspose2d;
import dev.nabla.nn.layers.Dropout2d;
import dev.nabla.nn.layers.Flatten;
import dev.nabla.nn.layers.GroupNorm;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.MaxPool2d;
import dev.nabla.nn.layers.RMSNorm;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.nn.layers.Unflatten;
import dev.nabla.nn.layers.Upsample;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models with the image layers save and load like any other: same config, bit-identical outputs. */
class ImageLayerTypesTest {
    @TempDir
    Path tmp;

    private void assertRoundTrip(String name, Module m, Tensor x) throws Exception {
        float[] before = ModelFilesTest.predict(m, x);
        Path dir = tmp.resolve(name);
        ModelFiles.save(m, dir);
        Module loaded = ModelFiles.load(dir);
        assertArrayEquals(before, ModelFilesTest.predict(loaded, x), name);
        assertEquals(LayerRegistry.describe(m, ""), LayerRegistry.describe(loaded, ""), name + " config");
    }

    @Test
    void aCnnWithEveryImageLayerRoundTrips() throws Exception {
        Generator g = new Generator(7);
        Module cnn = new Sequential(new Unflatten(1, 2, 6, 6),
                new Conv2d(2, 4, new int[] {3, 3}, new int[] {1, 1}, "same", new int[] {1, 1}, 2, true, "reflect", g),
                new BatchNorm2d(4), new ReLU(), new Dropout2d(0.2, g),
                new ConvTranspose2d(4, 4, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, new int[] {0, 0}, 1,
                        true, new int[] {1, 1}, g),
                new GroupNorm(2, 4), new MaxPool2d(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1},
                        true),
                new AvgPool2d(new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, false, false, 3),
                new Upsample(null, new double[] {1.5, 1.5}, "bilinear", true), new AdaptiveAvgPool2d(3, 2),
                new RMSNorm(2), new Conv2d(4, 3, new int[] {1, 1}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1,
                        false, "zeros", g),
                new Flatten(), new Linear(18, 5, true, g));
        assertRoundTrip("cnn", cnn, Tensor.randn(g, 3, 72));
        Module seq = new Sequential(new Conv1d(3, 6, 3, 1, "same", 1, 3, true, "circular", g), new ReLU(),
                new Conv1d(6, 2, 2, 2, 1, 2, 1, false, "zeros", g));
        assertRoundTrip("conv1d", seq, Tensor.randn(g, 2, 3, 9));
    }
}
