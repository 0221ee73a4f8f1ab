package dev.nabla.train.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.FormatException;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.BatchNorm1d;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.ELU;
import dev.nabla.nn.layers.Flatten;
import dev.nabla.nn.layers.GELU;
import dev.nabla.nn.layers.Identity;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.nn.layers.LeakyReLU;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.LogSoftmax;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.nn.layers.SiLU;
import dev.nabla.nn.layers.Sigmoid;
import dev.nabla.nn.layers.Softmax;
import dev.nabla.nn.layers.Softplus;
import dev.nabla.nn.layers.Tanh;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model directories: exact round trips, refusal of bad files, and no loss of the last good model. */
class ModelFilesTest {

    private static Sequential network(long seed) {
        Tensor.manualSeed(seed);
        return new Sequential(new Flatten(1, -1), new Linear(6, 8), new BatchNorm1d(8), new ReLU(), new Dropout(0.3),
                new Linear(8, 8, false), new LayerNorm(new int[] {8}, 1e-3, true), new GELU(true), new Tanh(),
                new Sigmoid(), new SiLU(), new ELU(0.5), new LeakyReLU(0.2), new Softplus(2, 10), new Identity(),
                new Linear(8, 4), new Softmax(-1), new LogSoftmax(1));
    }

    @Test
    void roundTripGivesBitIdenticalPredictions(@TempDir Path dir) throws Exception {
        Sequential net = network(1);
        Tensor x = Tensor.randn(new Generator(2), 5, 2, 3);
        net.forward(x); // updates BatchNorm's running statistics (a buffer that must be saved too)
        net.eval();
        ModelFiles.save(net, dir);
        Module loaded = ModelFiles.load(dir);
        loaded.eval();
        assertArrayEquals(net.forward(x).toFloatArray(), loaded.forward(x).toFloatArray());
        assertEquals(net.toString(), loaded.toString());
        String json = Files.readString(dir.resolve("model.json"));
        assertTrue(json.contains("\"format\": \"nabla-model\""), json);
    }

    @Test
    void corruptOrMismatchedFilesAreRefused(@TempDir Path dir) throws Exception {
        ModelFiles.save(network(3), dir);
        Path json = dir.resolve("model.json");
        String good = Files.readString(json);
        Path weights;
        try (var files = Files.list(dir)) {
            weights = files.filter(p -> p.toString().endsWith(".safetensors")).findFirst().orElseThrow();
        }
        byte[] w = Files.readAllBytes(weights);
        w[w.length - 1] ^= 1;
        Files.write(weights, w);
        assertTrue(assertThrows(FormatException.class, () -> ModelFiles.load(dir)).getMessage().contains("SHA-256"));
        w[w.length - 1] ^= 1;
        Files.write(weights, w);
        ModelFiles.load(dir);

        Files.writeString(json, good.substring(0, good.length() / 2));
        assertThrows(FormatException.class, () -> ModelFiles.load(dir));
        Files.writeString(json, good.replace("\"version\": 1", "\"version\": 9"));
        assertTrue(assertThrows(FormatException.class, () -> ModelFiles.load(dir)).getMessage().contains("version 9"));
        Files.writeString(json, good.replace("\"LayerNorm\"", "\"Mystery\""));
        assertTrue(assertThrows(FormatException.class, () -> ModelFiles.load(dir)).getMessage().contains("Mystery"));
        Files.writeString(json, good.replace("\"outFeatures\": 4", "\"outFeatures\": 5"));
        assertThrows(FormatException.class, () -> ModelFiles.load(dir));
        Files.writeString(json, good.replace(weights.getFileName().toString(), "../../etc/passwd"));
        assertThrows(FormatException.class, () -> ModelFiles.load(dir));
        assertThrows(FormatException.class, () -> ModelFiles.load(dir.resolve("nothing-here")));
    }

    @Test
    void aSaveFailingHalfwayLeavesThePreviousModelLoadable(@TempDir Path dir) throws Exception {
        Sequential first = network(4);
        first.eval();
        ModelFiles.save(first, dir);
        Module unregistered = new Module() {
            {
                registerModule("inner", new Linear(2, 2));
            }

            @Override
            public Tensor forward(Tensor input) {
                return input;
            }
        };
        assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(unregistered, dir));
        Module loaded = ModelFiles.load(dir);
        loaded.eval();
        Tensor x = Tensor.randn(new Generator(5), 3, 6);
        assertArrayEquals(first.forward(x).toFloatArray(), loaded.forward(x).toFloatArray());
        ModelFiles.save(network(6), dir);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.filter(p -> p.toString().endsWith(".safetensors")).count(),
                    "a successful save deletes the replaced weights and those of the failed save");
        }
    }
}
