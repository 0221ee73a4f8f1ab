package dev.nabla.train.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.FormatException;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.attention.MultiheadAttention;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.rnn.GRU;
import dev.nabla.nn.rnn.LSTM;
import dev.nabla.nn.rnn.Nonlinearity;
import dev.nabla.nn.rnn.RNN;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models with nabla-seq layers save and load like any other: same config, bit-identical outputs. */
class SeqLayerTypesTest {
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
    void recurrentLayersRoundTrip() throws Exception {
        Generator g = new Generator(3);
        Tensor batchFirst = Tensor.randn(new Generator(4), 2, 5, 3); // [B, T, in]
        assertRoundTrip("lstm", new Sequential(new LSTM(3, 6, 2, true, true, 0.25, true, g), new Linear(12, 2, true, g)),
                batchFirst);
        assertRoundTrip("gru", new Sequential(new GRU(3, 4, 1, false, true, 0, false, g)), batchFirst);
        assertRoundTrip("lstm-proj", new Sequential(new LSTM(3, 6, 2, true, true, 0, true, 2, g), new Linear(4, 2, true, g)),
                batchFirst);
        LSTM projected = (LSTM) ((Sequential) ModelFiles.load(tmp.resolve("lstm-proj"))).get(0);
        assertEquals(2, projected.projSize());
        assertArrayEquals(new int[] {2, 6}, projected.namedParameters().get("weight_hr_l1_reverse").shape());
        Tensor timeMajor = Tensor.randn(new Generator(5), 5, 2, 3); // [T, B, in]
        assertRoundTrip("rnn", new Sequential(new RNN(3, 4, 3, Nonlinearity.RELU, true, false, 0.1, true, g)), timeMajor);
        String json = Files.readString(tmp.resolve("rnn").resolve("model.json"));
        assertTrue(json.contains("\"nonlinearity\": \"relu\""), json);
        assertTrue(json.contains("\"bidirectional\": true"), json);
    }

    @Test
    void multiheadAttentionRoundTrips() throws Exception {
        Generator g = new Generator(6);
        Tensor x = Tensor.randn(new Generator(7), 2, 5, 8); // [B, L, E]
        assertRoundTrip("mha", new Sequential(new MultiheadAttention(MultiheadAttention.Config.of(8, 2).withDropout(0.1), g)), x);
        assertRoundTrip("mha-nobias", new Sequential(new MultiheadAttention(MultiheadAttention.Config.of(8, 4).withBias(false), g)), x);
        MultiheadAttention cross = new MultiheadAttention(MultiheadAttention.Config.of(8, 2).withKeyValueDims(3, 5), g);
        Path dir = tmp.resolve("cross");
        ModelFiles.save(cross, dir);
        MultiheadAttention back = (MultiheadAttention) ModelFiles.load(dir);
        Tensor q = Tensor.randn(new Generator(8), 2, 4, 8);
        Tensor k = Tensor.randn(new Generator(9), 2, 6, 3);
        Tensor v = Tensor.randn(new Generator(10), 2, 6, 5);
        cross.eval();
        back.eval();
        try (var ng = Tensor.noGrad()) {
            assertArrayEquals(ModelFilesTest.values(cross.forward(q, k, v, null, null, false).output()),
                    ModelFilesTest.values(back.forward(q, k, v, null, null, false).output()));
        }
        assertEquals(List.of(8, 2, 3, 5), List.of(back.embedDim(), back.numHeads(),
                back.namedParameters().get("k_proj_weight").size(1), back.namedParameters().get("v_proj_weight").size(1)));
    }

    @Test
    void badRecurrentConfigsAreRefused() throws Exception {
        Path dir = tmp.resolve("bad");
        ModelFiles.save(new Sequential(new RNN(3, 4)), dir);
        Path json = dir.resolve("model.json");
        String good = Files.readString(json);
        Files.writeString(json, good.replace("\"tanh\"", "\"sigmoid\""));
        FormatException e = assertThrows(FormatException.class, () -> ModelFiles.load(dir));
        assertTrue(e.getMessage().contains("nonlinearity"), e.getMessage());
        Files.writeString(json, good.replace("\"hidden_size\": 4", "\"hidden_size\": 400000"));
        e = assertThrows(FormatException.class, () -> ModelFiles.load(dir));
        assertTrue(e.getMessage().contains("more than the weights file holds"), e.getMessage());
        Files.writeString(json, good.replace("\"num_layers\": 1", "\"num_layers\": 0"));
        assertThrows(FormatException.class, () -> ModelFiles.load(dir));

        Path lstmDir = tmp.resolve("bad-lstm");
        ModelFiles.save(new Sequential(new LSTM(3, 4)), lstmDir);
        Path lstmJson = lstmDir.resolve("model.json");
        String lstm = Files.readString(lstmJson);
        assertTrue(lstm.contains("\"proj_size\": 0"), lstm);
        Files.writeString(lstmJson, lstm.replace("\"proj_size\": 0", "\"proj_size\": 4"));
        e = assertThrows(FormatException.class, () -> ModelFiles.load(lstmDir));
        assertTrue(e.getMessage().contains("proj_size"), e.getMessage());
        String older = lstm.replaceAll(",\\s*\"proj_size\": 0", "");
        assertTrue(!older.contains("proj_size"), older);
        Files.writeString(lstmJson, older);
        assertEquals(0, ((LSTM) ((Sequential) ModelFiles.load(lstmDir)).get(0)).projSize(), "files without proj_size");
    }
}
