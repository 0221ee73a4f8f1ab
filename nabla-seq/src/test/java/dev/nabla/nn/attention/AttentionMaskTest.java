package dev.nabla.nn.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.ModuleGradCheck;
import dev.nabla.nn.Module;
import dev.nabla.testing.OnBackend;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Multi-head attention against PyTorch's equations, its mask conventions and layouts, and masked gradient checks (float64, reference backend). */
@OnBackend("ref")
class AttentionMaskTest {
    private static Module wrap(Module inner, UnaryOperator<Tensor> body) {
        return new Module() {
            {
                registerModule("inner", inner);
            }

            @Override
            public Tensor forward(Tensor x) {
                return body.apply(x);
            }
        };
    }

    /** {@code x W^T + b} for one row, with {@code b} read from {@code bias[offset..]}. */
    private static double[] linear(double[] x, double[] w, double[] bias, int offset, int out) {
        double[] y = new double[out];
        for (int r = 0; r < out; r++) {
            y[r] = bias[offset + r];
            for (int j = 0; j < x.length; j++) {
                y[r] += w[r * x.length + j] * x[j];
            }
        }
        return y;
    }

    private static double[] row(Tensor t, int b, int i) {
        return t.select(0, b).select(0, i).toDoubleArray();
    }

    @Test
    void crossAttentionFollowsPyTorchsEquations() {
        int e = 4;
        int heads = 2;
        int dh = e / heads;
        MultiheadAttention mha = new MultiheadAttention(MultiheadAttention.Config.of(e, heads).withKeyValueDims(3, 5), new Generator(1));
        Map<String, Tensor> w = mha.stateDict();
        try (var g = Tensor.noGrad()) {
            w.get("in_proj_bias").assign(Tensor.randn(new Generator(2), 3 * e));
        }
        Tensor q = Tensor.randn(new Generator(3), 2, 3, e);
        Tensor k = Tensor.randn(new Generator(4), 2, 4, 3);
        Tensor v = Tensor.randn(new Generator(5), 2, 4, 5);
        Tensor pad = Tensor.of(new boolean[] {false, false, false, false, false, false, true, true}, 2, 4);
        Tensor got = mha.forward(q, k, v, pad, null, false).output();
        double[] wq = w.get("q_proj_weight").toDoubleArray();
        double[] wk = w.get("k_proj_weight").toDoubleArray();
        double[] wv = w.get("v_proj_weight").toDoubleArray();
        double[] bias = w.get("in_proj_bias").toDoubleArray();
        double[] wo = w.get("out_proj.weight").toDoubleArray();
        double[] bo = w.get("out_proj.bias").toDoubleArray();
        for (int b = 0; b < 2; b++) {
            int keys = b == 0 ? 4 : 2;
            for (int i = 0; i < 3; i++) {
                double[] qi = linear(row(q, b, i), wq, bias, 0, e);
                double[] concat = new double[e];
                for (int h = 0; h < heads; h++) {
                    double[] s = new double[keys];
                    double z = 0;
                    for (int j = 0; j < keys; j++) {
                        double[] kj = linear(row(k, b, j), wk, bias, e, e);
                        for (int c = 0; c < dh; c++) {
                            s[j] += qi[h * dh + c] * kj[h * dh + c];
                        }
                        s[j] = Math.exp(s[j] / Math.sqrt(dh));
                        z += s[j];
                    }
                    for (int j = 0; j < keys; j++) {
                        double[] vj = linear(row(v, b, j), wv, bias, 2 * e, e);
                        for (int c = 0; c < dh; c++) {
                            concat[h * dh + c] += s[j] / z * vj[h * dh + c];
                        }
                    }
                }
                assertArrayEquals(linear(concat, wo, bo, 0, e), row(got, b, i), 1e-12, "b=" + b + " i=" + i);
            }
        }
    }

    @Test
    void maskConventionsAreThoseOfPyTorch() {
        MultiheadAttention mha = new MultiheadAttention(MultiheadAttention.Config.of(4, 2), new Generator(6));
        Tensor x = Tensor.randn(new Generator(7), 2, 3, 4);
        boolean[] upper = new boolean[9];
        double[] additive = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                upper[i * 3 + j] = true;
                additive[i * 3 + j] = Double.NEGATIVE_INFINITY;
            }
        }
        Attention.Result causal = mha.forward(x, x, x, null, null, true);
        Attention.Result bool = mha.forward(x, x, x, null, Tensor.of(upper, 3, 3), false);
        Attention.Result floats = mha.forward(x, x, x, null, Tensor.of(additive, 3, 3), false);
        assertTrue(bool.output().allClose(causal.output(), 1e-12, 1e-12), "bool attn_mask: true = may not attend");
        assertTrue(floats.output().allClose(causal.output(), 1e-12, 1e-12), "float attn_mask is added");
        // A [B*heads, L, L] mask: causal for head 0 only.
        boolean[] perHead = new boolean[2 * 2 * 9];
        for (int b = 0; b < 2; b++) {
            System.arraycopy(upper, 0, perHead, (b * 2) * 9, 9);
        }
        Tensor weights = mha.forward(x, x, x, null, Tensor.of(perHead, 4, 3, 3), false, true, false).weights();
        assertArrayEquals(new int[] {2, 2, 3, 3}, weights.shape());
        assertEquals(0.0, weights.select(1, 0).select(1, 0).narrow(1, 1, 2).abs().sum().item(), "head 0 is causal");
        assertTrue(weights.select(1, 1).select(1, 0).narrow(1, 1, 2).abs().sum().item() > 0, "head 1 is not");
        Tensor average = mha.forward(x, x, x, null, Tensor.of(perHead, 4, 3, 3), false).weights();
        assertTrue(average.allClose(weights.mean(1), 1e-12, 1e-12));
        // A float key-padding mask acts as the bool one.
        Tensor pad = Tensor.of(new boolean[] {false, false, true, false, false, false}, 2, 3);
        Tensor padFloat = Tensor.of(new double[] {0, 0, Double.NEGATIVE_INFINITY, 0, 0, 0}, 2, 3);
        assertTrue(mha.forward(x, x, x, pad, null, false).output()
                .allClose(mha.forward(x, x, x, padFloat, null, false).output(), 1e-12, 1e-12));
    }

    @Test
    void causalAttentionGivesExactlyZeroGradientToLaterPositions() {
        MultiheadAttention mha = new MultiheadAttention(MultiheadAttention.Config.of(4, 2), new Generator(8));
        Tensor x = Tensor.randn(new Generator(9), 1, 5, 4).requiresGrad(true);
        mha.forward(x, x, x, null, null, true).output().narrow(1, 0, 2).sum().backward();
        assertEquals(0.0, x.grad().narrow(1, 2, 3).abs().sum().item());
        assertTrue(x.grad().narrow(1, 0, 2).abs().sum().item() > 0);
    }

    @Test
    void paddedBatchEqualsSequencesOneByOne() {
        TransformerEncoderLayer layer = new TransformerEncoderLayer(4, 2, 8, 0, false, false, false, new Generator(10));
        Tensor x = Tensor.randn(new Generator(11), 2, 4, 4);
        Tensor pad = Tensor.of(new boolean[] {false, false, false, false, false, false, true, true}, 2, 4);
        Tensor batch = layer.forward(x, pad);
        Tensor alone = layer.forward(x.narrow(0, 1, 1).narrow(1, 0, 2));
        assertTrue(batch.narrow(0, 1, 1).narrow(1, 0, 2).allClose(alone, 1e-12, 1e-12));
        assertTrue(batch.narrow(0, 0, 1).allClose(layer.forward(x.narrow(0, 0, 1)), 1e-12, 1e-12));
    }

    @Test
    void timeMajorAndUnbatchedLayoutsGiveTheSameResults() {
        MultiheadAttention batchFirst = new MultiheadAttention(MultiheadAttention.Config.of(4, 2), new Generator(12));
        MultiheadAttention timeMajor = new MultiheadAttention(MultiheadAttention.Config.of(4, 2).withBatchFirst(false), new Generator(13));
        timeMajor.loadStateDict(batchFirst.stateDict());
        Tensor x = Tensor.randn(new Generator(14), 2, 3, 4);
        Tensor m = Tensor.randn(new Generator(15), 2, 5, 4);
        Tensor want = batchFirst.forward(x, m, m, null, null, false).output();
        Tensor xt = x.transpose(0, 1);
        Tensor mt = m.transpose(0, 1);
        assertTrue(timeMajor.forward(xt, mt, mt, null, null, false).output().transpose(0, 1).allClose(want, 1e-12, 1e-12));
        Attention.Result one = batchFirst.forward(x.select(0, 1), m.select(0, 1), m.select(0, 1), null, null, false);
        assertArrayEquals(new int[] {3, 4}, one.output().shape());
        assertArrayEquals(new int[] {3, 5}, one.weights().shape());
        assertTrue(one.output().allClose(want.select(0, 1), 1e-12, 1e-12));
    }

    @Test
    void gradientsWithMasksMatchCentralDifferences() {
        MultiheadAttention self = new MultiheadAttention(MultiheadAttention.Config.of(4, 2), new Generator(16));
        Tensor pad = Tensor.of(new boolean[] {false, false, false, false, true, false}, 2, 3);
        Tensor blocked = Tensor.of(new boolean[] {false, true, false, false, false, true, false, false, false}, 3, 3);
        ModuleGradCheck.check(wrap(self, x -> self.forward(x, x, x, pad, blocked, false).output()), Tensor.randn(new Generator(17), 2, 3, 4));
        ModuleGradCheck.check(wrap(self, x -> self.forward(x, x, x, pad, null, true).output()), Tensor.randn(new Generator(18), 2, 3, 4));
        MultiheadAttention cross = new MultiheadAttention(MultiheadAttention.Config.of(4, 2).withKeyValueDims(3, 5), new Generator(19));
        Tensor k = Tensor.randn(new Generator(20), 2, 3, 3);
        Tensor v = Tensor.randn(new Generator(21), 2, 3, 5);
        Tensor additive = Tensor.randn(new Generator(22), 2, 3);
        ModuleGradCheck.check(wrap(cross, q -> cross.forward(q, k, v, additive, null, false).output()), Tensor.randn(new Generator(23), 2, 2, 4));
        AdditiveAttention bahdanau = new AdditiveAttention(4, 3, 5, new Generator(24));
        ModuleGradCheck.check(wrap(bahdanau, q -> bahdanau.forward(q, k, v, pad).output()), Tensor.randn(new Generator(25), 2, 2, 4));
        TransformerDecoderLayer decoder = new TransformerDecoderLayer(4, 2, 8, 0, false, true, new Generator(26));
        Tensor memory = Tensor.randn(new Generator(27), 2, 3, 4);
        Tensor tgtPad = Tensor.of(new boolean[] {false, false, false, false, false, true}, 2, 3);
        Tensor memoryMask = Tensor.of(new boolean[] {false, false, true, true, false, false, false, false, false}, 3, 3);
        ModuleGradCheck.check(wrap(decoder, t -> decoder.forward(t, memory, null, memoryMask, tgtPad, pad, true)),
                Tensor.randn(new Generator(28), 2, 3, 4));
        ModuleGradCheck.check(new GPT(7, 4, 4, 2, 2, 0, new Generator(29)), Tensor.randint(new Generator(30), 0, 7, 2, 4));
    }

    @Test
    void additiveAttentionIgnoresPaddedKeys() {
        AdditiveAttention bahdanau = new AdditiveAttention(4, 3, 5, new Generator(31));
        Tensor q = Tensor.randn(new Generator(32), 1, 2, 4);
        Tensor k = Tensor.randn(new Generator(33), 1, 4, 3);
        Tensor v = Tensor.randn(new Generator(34), 1, 4, 2).requiresGrad(true);
        Tensor pad = Tensor.of(new boolean[] {false, false, true, true}, 1, 4);
        Attention.Result r = bahdanau.forward(q, k, v, pad);
        Attention.Result alone = bahdanau.forward(q, k.narrow(1, 0, 2), v.narrow(1, 0, 2), null);
        assertTrue(r.output().allClose(alone.output(), 1e-12, 1e-12));
        r.output().sum().backward();
        assertEquals(0.0, v.grad().narrow(1, 2, 2).abs().sum().item());
    }
}
