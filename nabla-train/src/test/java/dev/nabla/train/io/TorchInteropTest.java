package dev.nabla.train.io;

import static org.junit.jupiter.api.Assertions.*;

import dev.nabla.io.Safetensors;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.Embedding;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A PyTorch 1.13 {@code state_dict} saved with safetensors 0.8.0 ({@code src/test/python/make_torch_fixture.py})
 * loads by parameter name into the equivalent Nabla model (Embedding, LayerNorm, Linear) and gives
 * PyTorch's outputs. The test also leaves a Nabla-saved model in {@code target/torch-interop} for the
 * reverse check ({@code python3 src/test/python/make_torch_fixture.py - target/torch-interop}).
 */
class TorchInteropTest {
    static Module nablaModel(Generator g) {
        return new Sequential(new Embedding(10, 4, null, g), new LayerNorm(4), new Linear(4, 8, true, g), new ReLU(),
                new Linear(8, 3, true, g));
    }

    private static Path fixture(String name) throws Exception {
        return Path.of(TorchInteropTest.class.getResource(name).toURI());
    }

    @Test
    void pytorchStateDictLoadsByNameAndGivesTheSameOutputs() throws Exception {
        Module m = nablaModel(new Generator(0));
        ModelFiles.loadChecked(m, Safetensors.load(fixture("torch_model.safetensors")), "torch_model.safetensors");
        Map<String, Tensor> io = Safetensors.load(fixture("torch_io.safetensors"));
        m.eval();
        float[] got;
        try (var ng = Tensor.noGrad()) {
            got = m.forward(io.get("x")).contiguous().toFloatArray();
        }
        float[] expected = io.get("y").contiguous().toFloatArray();
        assertEquals(expected.length, got.length);
        for (int i = 0; i < got.length; i++) {
            assertEquals(expected[i], got[i], 1e-6, "output " + i);
        }
    }

    @Test
    void writesANablaModelForThePyTorchSideCheck() throws Exception {
        Module m = nablaModel(new Generator(42));
        Path dir = Path.of("target", "torch-interop");
        ModelFiles.save(m, dir);
        Tensor x = Tensor.of(new long[] {0, 3, 9, 3, 7, 1}, 6);
        m.eval();
        try (var ng = Tensor.noGrad()) {
            Safetensors.save(Map.of("x", x, "y", m.forward(x)), dir.resolve("io.safetensors"));
        }
        assertTrue(Files.exists(dir.resolve("model.json")));
    }
}
