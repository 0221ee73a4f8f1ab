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
        Files.deleteIfExists(dir.resolve("io.safetensors")); // a save refuses a directory holding other files
        ModelFiles.save(m, dir);
        Tensor x = Tensor.of(new long[] {0, 3, 9, 3, 7, 1}, 6);
        m.eval();
        try (var ng = Tensor.noGrad()) {
            Safetensors.save(Map.of("x", x, "y", m.forward(x)), dir.resolve("io.safetensors"));
        }
        assertTrue(Files.exists(dir.resolve("model.json")));
    }

    /**
     * Writes RNN, LSTM (also with proj_size), GRU and MultiheadAttention models (Nabla's own random weights) with an
     * input and Nabla's output, for {@code src/test/python/check_seq_in_torch.py}, which builds
     * each PyTorch layer from the config in model.json and compares outputs.
     */
    @Test
    void writesSequenceModelsForThePyTorchSideCheck() throws Exception {
        Generator g = new Generator(7);
        Path root = Path.of("target", "torch-interop-seq");
        Map<String, Module> models = new java.util.LinkedHashMap<>();
        models.put("lstm", new dev.nabla.nn.rnn.LSTM(3, 5, 2, true, true, 0, true, g));
        models.put("lstm-proj", new dev.nabla.nn.rnn.LSTM(3, 5, 2, true, true, 0, true, 2, g));
        models.put("gru", new dev.nabla.nn.rnn.GRU(3, 4, 2, true, true, 0, false, g));
        models.put("rnn", new dev.nabla.nn.rnn.RNN(3, 4, 1, dev.nabla.nn.rnn.Nonlinearity.RELU, false, true, 0, true, g));
        models.put("mha", new dev.nabla.nn.attention.MultiheadAttention(dev.nabla.nn.attention.MultiheadAttention.Config.of(8, 2), g));
        Tensor seq = Tensor.randn(new Generator(8), 2, 6, 3); // [B, T, 3]
        Tensor tokens = Tensor.randn(new Generator(9), 2, 5, 8); // [B, L, 8]
        for (var e : models.entrySet()) {
            Path dir = root.resolve(e.getKey());
            Files.deleteIfExists(dir.resolve("io.safetensors")); // a save refuses a directory holding other files
            ModelFiles.save(e.getValue(), dir);
            Tensor x = e.getKey().equals("mha") ? tokens : seq;
            e.getValue().eval();
            try (var ng = Tensor.noGrad()) {
                Safetensors.save(Map.of("x", x, "y", e.getValue().forward(x)), dir.resolve("io.safetensors"));
            }
            assertTrue(Files.exists(dir.resolve("model.json")));
        }
    }
}
