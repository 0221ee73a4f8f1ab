package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.Safetensors;
import dev.nabla.nn.attention.Attention;
import dev.nabla.nn.attention.MultiheadAttention;
import dev.nabla.nn.rnn.GRU;
import dev.nabla.nn.rnn.LSTM;
import dev.nabla.nn.rnn.RecurrentLayer;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PyTorch 1.13 LSTM, GRU and MultiheadAttention state dicts (saved with the reference
 * safetensors package by {@code src/test/python/make_seq_fixture.py}) load into the Nabla layers
 * by name, and give PyTorch's outputs.
 */
class TorchWeightsTest {

    private static Map<String, Tensor> fixture() throws IOException {
        try (InputStream in = TorchWeightsTest.class.getResourceAsStream("seq_torch.safetensors")) {
            return Safetensors.read(in).tensors();
        }
    }

    private static Map<String, Tensor> prefixed(Map<String, Tensor> all, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    private static void assertClose(Tensor want, Tensor got, String what) {
        assertTrue(got.allClose(want, 1e-5, 1e-5), what + ": " + got + " vs PyTorch " + want);
    }

    @Test
    void lstmAndGruMatchPyTorch() throws IOException {
        Map<String, Tensor> f = fixture();
        LSTM lstm = new LSTM(3, 4, 2, true, true, 0, true, new Generator(0));
        lstm.loadStateDict(prefixed(f, "lstm."));
        RecurrentLayer.Output out = lstm.forward(f.get("x"), null, null, null);
        assertClose(f.get("lstm_out"), out.output(), "LSTM output");
        assertClose(f.get("lstm_h"), out.h(), "LSTM h");
        assertClose(f.get("lstm_c"), out.c(), "LSTM c");
        GRU gru = new GRU(3, 4, 1, true, true, 0, false, new Generator(0));
        gru.loadStateDict(prefixed(f, "gru."));
        RecurrentLayer.Output g = gru.forward(f.get("x"), null, null, null);
        assertClose(f.get("gru_out"), g.output(), "GRU output");
        assertClose(f.get("gru_h"), g.h(), "GRU h");
    }

    @Test
    void multiheadAttentionMatchesPyTorch() throws IOException {
        Map<String, Tensor> f = fixture();
        MultiheadAttention mha = new MultiheadAttention(6, 2);
        mha.loadStateDict(prefixed(f, "mha."));
        Tensor q = f.get("q");
        Attention.Result r = mha.forward(q, q, q, null, null, false);
        assertClose(f.get("mha_out"), r.output(), "MHA output");
        assertClose(f.get("mha_weights"), r.weights(), "MHA weights");
    }
}
