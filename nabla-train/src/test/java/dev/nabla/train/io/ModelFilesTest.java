package dev.nabla.train.io;

import static org.junit.jupiter.api.Assertions.*;

import dev.nabla.io.FormatException;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.*;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
    @TempDir
    Path tmp;

    static Module allLayers(long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Linear(6, 8, true, g), new BatchNorm1d(8), new ReLU(), new Dropout(0.1),
                new LayerNorm(8), new ELU(0.7), new Linear(8, 8, false, g), new LeakyReLU(0.02), new GELU(true),
                new SiLU(), new Softplus(2, 15), new Tanh(), new Sigmoid(), new Identity(),
                new Sequential(new Linear(8, 4, true, g), new Flatten(1, -1)), new Softmax(1), new LogSoftmax(-1));
    }

    static float[] values(Tensor t) {
        return t.contiguous().toFloatArray();
    }

    static float[] predict(Module m, Tensor x) {
        m.eval();
        try (var ng = Tensor.noGrad()) {
            return values(m.forward(x));
        }
    }

    @Test
    void roundTripGivesBitIdenticalPredictions() throws Exception {
        Module m = allLayers(1);
        m.train();
        try (var ng = Tensor.noGrad()) {
            m.forward(Tensor.randn(new Generator(5), 16, 6)); // move BatchNorm running stats
        }
        Tensor x = Tensor.randn(new Generator(2), 10, 6);
        float[] before = predict(m, x);
        ModelFiles.save(m, tmp.resolve("model"), Map.of("scaler", Map.of("mean", java.util.List.of(1.5))), Map.of("note", "x"));
        long[] defaultState = Generator.getDefault().getState();
        ModelFiles.Saved saved = ModelFiles.read(tmp.resolve("model"));
        assertArrayEquals(defaultState, Generator.getDefault().getState(), "loading must not touch the default generator");
        assertArrayEquals(before, predict(saved.module(), x));
        assertEquals(m.toString(), saved.module().toString());
        assertEquals(1.5, ((java.util.List<?>) ((Map<?, ?>) saved.preprocessing().get("scaler")).get("mean")).get(0));
        assertEquals("x", saved.metadata().get("note"));
    }

    @Test
    void embeddingModelRoundTrips() throws Exception {
        Module m = new Sequential(new Embedding(10, 4, 0, new Generator(3)), new LayerNorm(new int[] {4}, 1e-6, false));
        Tensor idx = Tensor.of(new long[] {1, 0, 9, 3}, 4);
        float[] before = predict(m, idx);
        ModelFiles.save(m, tmp);
        assertArrayEquals(before, predict(ModelFiles.load(tmp), idx));
    }

    private Path savedModel() throws Exception {
        Path dir = tmp.resolve("m");
        ModelFiles.save(new Sequential(new Linear(3, 2), new ReLU(), new Linear(2, 1)), dir);
        return dir;
    }

    private static Path weightsFile(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("weights-")).findFirst().orElseThrow();
        }
    }

    private static String message(Path dir) {
        return assertThrows(FormatException.class, () -> ModelFiles.load(dir)).getMessage();
    }

    @Test
    void refusesTruncatedOrCorruptWeights() throws Exception {
        Path dir = savedModel();
        Path w = weightsFile(dir);
        byte[] bytes = Files.readAllBytes(w);
        Files.write(w, Arrays.copyOf(bytes, bytes.length - 3));
        assertTrue(message(dir).contains((bytes.length - 3) + " bytes where model.json records " + bytes.length),
                message(dir));
        bytes[bytes.length - 1] ^= 1;
        Files.write(w, bytes);
        assertTrue(message(dir).contains("SHA-256"));
        Files.delete(w);
        assertTrue(message(dir).contains("missing"));
    }

    private static void editJson(Path dir, String from, String to) throws Exception {
        Path j = dir.resolve("model.json");
        String s = Files.readString(j);
        assertTrue(s.contains(from), s);
        Files.writeString(j, s.replaceFirst(java.util.regex.Pattern.quote(from), to));
    }

    @Test
    void refusesUnknownVersionTypeAndWrongShapes() throws Exception {
        Path dir = savedModel();
        String good = Files.readString(dir.resolve("model.json"));
        editJson(dir, "\"version\": 1", "\"version\": 2");
        assertTrue(message(dir).contains("unsupported version 2"));
        Files.writeString(dir.resolve("model.json"), good);
        editJson(dir, "\"type\": \"ReLU\"", "\"type\": \"Frobnicate\"");
        assertTrue(message(dir).contains("unknown type \"Frobnicate\""));
        Files.writeString(dir.resolve("model.json"), good);
        editJson(dir, "\"out_features\": 2", "\"out_features\": 5");
        String msg = message(dir);
        assertTrue(msg.contains("shape") && msg.contains("0.weight"), msg);
        Files.writeString(dir.resolve("model.json"), good);
        editJson(dir, "\"bias\": true", "\"bias\": false");
        assertTrue(message(dir).contains("unexpected weights [0.bias]"));
        Files.writeString(dir.resolve("model.json"), good.substring(0, good.length() / 2));
        assertThrows(FormatException.class, () -> ModelFiles.load(dir));
        Files.writeString(dir.resolve("model.json"), good);
        assertNotNull(ModelFiles.load(dir));
    }

    @Test
    void failedSaveLeavesPreviousModelLoadable() throws Exception {
        Path dir = tmp.resolve("m");
        Module a = new Sequential(new Linear(3, 2, true, new Generator(1)));
        Tensor x = Tensor.randn(new Generator(9), 4, 3);
        ModelFiles.save(a, dir);
        float[] expected = predict(a, x);
        Module b = new Sequential(new Linear(3, 2, true, new Generator(2)), new ReLU());
        ModelFiles.afterWeightsWritten = () -> {
            throw new IllegalStateException("disk unplugged");
        };
        try {
            assertThrows(IllegalStateException.class, () -> ModelFiles.save(b, dir));
        } finally {
            ModelFiles.afterWeightsWritten = () -> { };
        }
        assertArrayEquals(expected, predict(ModelFiles.load(dir), x));
        ModelFiles.save(b, dir);
        assertArrayEquals(predict(b, x), predict(ModelFiles.load(dir), x));
        try (var s = Files.list(dir)) {
            assertEquals(2, s.filter(p -> !p.getFileName().toString().startsWith(".")).count(),
                    "old weights removed after the commit");
        }
    }

    @Test
    void unregisteredModuleIsRefusedAtSave() {
        Module custom = new Module() {
            @Override
            public Tensor forward(Tensor input) {
                return input;
            }
        };
        assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(custom, tmp));
    }

    @Test
    void hugeConfigIsRefusedBeforeAllocating() throws Exception {
        Path dir = savedModel();
        editJson(dir, "\"in_features\": 3", "\"in_features\": 2000000000");
        assertTrue(message(dir).contains("more than the weights file holds"), message(dir));
    }

    /** Thousands of mutated model.json files: every failure is a FormatException, never another exception. */
    @Test
    void fuzzedModelJsonOnlyEverFailsWithFormatException() throws Exception {
        Path dir = tmp.resolve("fuzz");
        ModelFiles.save(allLayers(3), dir);
        byte[] good = Files.readAllBytes(dir.resolve("model.json"));
        java.util.Random r = new java.util.Random(7);
        int refused = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] b = good.clone();
            int edits = 1 + r.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int pos = r.nextInt(b.length);
                switch (r.nextInt(4)) {
                    case 0 -> b[pos] = (byte) r.nextInt(256);
                    case 1 -> b[pos] = (byte) "0123456789-.e\"{}[],:tfn".charAt(r.nextInt(23));
                    case 2 -> b = Arrays.copyOf(b, pos);
                    default -> b[pos] = (byte) (b[pos] ^ (1 << r.nextInt(8)));
                }
                if (b.length == 0) {
                    break;
                }
            }
            Files.write(dir.resolve("model.json"), b);
            try {
                ModelFiles.load(dir);
            } catch (FormatException expected) {
                refused++;
            } catch (Throwable t) {
                throw new AssertionError("mutation " + i + " failed with " + t + " for:\n"
                        + new String(b, StandardCharsets.UTF_8), t);
            }
        }
        assertTrue(refused > 1000, "most mutations are refused: " + refused);
    }
}
