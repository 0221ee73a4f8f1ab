package dev.nabla.nn.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.ModuleGradCheck;
import dev.nabla.nn.Module;
import dev.nabla.testing.OnBackend;
import dev.nabla.testing.Parity;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Attention, multi-head attention, Transformer layers and GPT in float64 on the reference backend. */
@OnBackend("ref")
class AttentionTest {
    @Test
    void causalMaskIsAlignedTopLeftAsPyTorchsIsCausal() {
        // torch: is_causal uses tril(ones(L, S)): query i sees keys 0..i whatever S is.
        assertArrayEquals(new boolean[] {true, false, false, false, true, true, false, false},
                Attention.causalMask(2, 4, Tensor.zeros(1)).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false, true, true, true, true},
                Attention.causalMask(3, 2, Tensor.zeros(1)).toBooleanArray());
        Generator g = new Generator(4);
        Tensor q = Tensor.randn(g, 2, 3);
        Tensor k = Tensor.randn(g, 5, 3);
        Tensor v = Tensor.randn(g, 5, 2);
        Tensor w = Attention.scaledDotProduct(q, k, v, null, true).weights();
        assertArrayEquals(new double[] {1, 0, 0, 0, 0}, w.select(0, 0).toDoubleArray(), 1e-12,
                "the first query sees only the first key");
        Tensor wide = Attention.scaledDotProduct(Tensor.randn(g, 4, 3), k.narrow(0, 0, 2), v.narrow(0, 0, 2), null,
                true).weights();
        assertTrue(wide.allClose(wide), "no query is left without keys (no NaN rows) when Lq > Lk");
        assertArrayEquals(new double[] {1, 0}, wide.select(0, 0).toDoubleArray(), 1e-12);
    }

    @Test
    void oneHeadEqualsTheFormulaComputedDirectly() {
        Generator g = new Generator(1);
        int lq = 3;
        int lk = 4;
        int d = 5;
        Tensor q = Tensor.randn(g, lq, d);
        Tensor k = Tensor.randn(g, lk, d);
        Tensor v = Tensor.randn(g, lk, 2);
        double[] qa = q.toDoubleArray();
        double[] ka = k.toDoubleArray();
        double[] va = v.toDoubleArray();
        Tensor got = Attention.scaledDotProduct(q, k, v, null, false).output();
        for (int i = 0; i < lq; i++) {
            double[] s = new double[lk];
            double z = 0;
            for (int j = 0; j < lk; j++) {
                for (int c = 0; c < d; c++) {
                    s[j] += qa[i * d + c] * ka[j * d + c];
                }
                s[j] = Math.exp(s[j] / Math.sqrt(d));
                z += s[j];
            }
            for (int c = 0; c < 2; c++) {
                double o = 0;
                for (int j = 0; j < lk; j++) {
                    o += s[j] / z * va[j * 2 + c];
                }
                assertEquals(o, got.select(0, i).select(0, c).item(), 1e-12);
            }
        }
    }

    @Test
    void attentionDropoutIsInvertedAndOnlyInTraining() {
        Tensor q = Tensor.randn(new Generator(30), 2, 8, 4);
        Tensor v = Tensor.ones(2, 8, 4);
        Attention.Result plain = Attention.scaledDotProduct(q, q, v, null, false);
        Attention.Result dropped = Attention.scaledDotProduct(q, q, v, null, false, 0.5, new Generator(31));
        assertTrue(plain.weights().allClose(dropped.weights(), 0, 0), "weights are reported before dropout");
        // With all-ones values every output is the sum of the kept, rescaled weights: 1 on average.
        double mean = dropped.output().mean().item();
        assertTrue(Math.abs(mean - 1) < 0.2 && !dropped.output().allClose(plain.output(), 1e-3, 1e-3), "mean " + mean);
        MultiheadAttention mha = new MultiheadAttention(MultiheadAttention.Config.of(4, 2).withDropout(0.5), new Generator(32));
        mha.eval();
        Tensor x = Tensor.randn(new Generator(33), 1, 3, 4);
        assertTrue(mha.forward(x).allClose(mha.forward(x), 0, 0), "no dropout in eval mode");
    }

    @Test
    void causalOutputsDoNotDependOnLaterInputs() {
        TransformerEncoderLayer block = new TransformerEncoderLayer(8, 2, 16, 0, true, true, true, new Generator(2));
        Tensor x = Tensor.randn(new Generator(3), 1, 5, 8);
        Tensor y = block.forward(x);
        Tensor x2 = x.clone();
        try (var noGrad = Tensor.noGrad()) {
            x2.narrow(1, 3, 2).fill(7);
        }
        Tensor y2 = block.forward(x2);
        assertTrue(y.narrow(1, 0, 3).allClose(y2.narrow(1, 0, 3), 1e-12, 1e-12));
        assertTrue(!y.narrow(1, 3, 1).allClose(y2.narrow(1, 3, 1), 1e-6, 1e-6));
    }

    /** As in PyTorch, a decoder's self-attention sees the whole target unless asked to be causal. */
    @Test
    void decodersAreNotCausalByDefault() {
        TransformerDecoderLayer layer = new TransformerDecoderLayer(8, 2, 16, 0, false, false, new Generator(40));
        var stack = TransformerStack.decoder(2, i -> new TransformerDecoderLayer(8, 2, 16, 0, false, true,
                new Generator(41 + i)), 8);
        Tensor memory = Tensor.randn(new Generator(43), 1, 4, 8);
        Tensor x = Tensor.randn(new Generator(44), 1, 5, 8);
        Tensor x2 = x.clone();
        try (var noGrad = Tensor.noGrad()) {
            x2.narrow(1, 3, 2).fill(7);
        }
        for (Module m : List.<Module>of(layer, stack)) {
            java.util.function.BiFunction<Tensor, Boolean, Tensor> f = (t, causal) -> m instanceof TransformerDecoderLayer d
                    ? d.forward(t, memory, null, null, null, null, causal)
                    : stack.forward(t, memory, null, null, null, null, causal);
            Tensor byDefault = m instanceof TransformerDecoderLayer d ? d.forward(x, memory, null) : stack.forward(x, memory, null);
            assertTrue(byDefault.allClose(f.apply(x, false), 0, 0), m + ": the default is causal=false");
            assertTrue(!f.apply(x, false).narrow(1, 0, 3).allClose(f.apply(x2, false).narrow(1, 0, 3), 1e-6, 1e-6),
                    m + ": later targets change earlier outputs");
            assertTrue(f.apply(x, true).narrow(1, 0, 3).allClose(f.apply(x2, true).narrow(1, 0, 3), 1e-12, 1e-12),
                    m + ": causal hides later targets");
        }
    }

    /** PyTorch's keyword arguments as named options: none can be passed in the other's place. */
    @Test
    void multiheadAttentionOptionsAreNamed() {
        MultiheadAttention.Config c = MultiheadAttention.Config.of(8, 2).withDropout(0.25).withBias(false)
                .withKeyValueDims(3, 5).withBatchFirst(false);
        assertEquals(new MultiheadAttention.Config(8, 2, 0.25, false, 3, 5, false), c);
        MultiheadAttention mha = new MultiheadAttention(c, new Generator(45));
        assertEquals(c, mha.config());
        assertEquals(0.25, mha.dropout());
        assertEquals(List.of("q_proj_weight", "k_proj_weight", "v_proj_weight", "out_proj.weight"),
                List.copyOf(mha.namedParameters().keySet()));
        mha.eval();
        Tensor q = Tensor.randn(new Generator(46), 2, 1, 8);
        assertArrayEquals(new int[] {2, 1, 8}, mha.forward(q, Tensor.randn(new Generator(47), 4, 1, 3),
                Tensor.randn(new Generator(48), 4, 1, 5), null, null, false).output().shape(), "time-major");
        assertEquals(new MultiheadAttention.Config(8, 2, 0, true, 8, 8, true), new MultiheadAttention(8, 2).config());
    }

    @Test
    void paddedKeysGetExactlyZeroGradientAndWeight() {
        MultiheadAttention mha = new MultiheadAttention(MultiheadAttention.Config.of(4, 2), new Generator(4));
        Tensor x = Tensor.randn(new Generator(5), 2, 3, 4).requiresGrad(true);
        Tensor pad = Tensor.of(new boolean[] {false, false, false, false, true, true}, 2, 3);
        Attention.Result r = mha.forward(x.narrow(1, 0, 3), x, x, pad, null, false);
        r.output().narrow(0, 1, 1).sum().backward();
        assertEquals(0.0, r.weights().narrow(0, 1, 1).narrow(2, 1, 2).abs().sum().item());
        // Sequence 1's padded positions only act as keys/values, so they get no gradient at all.
        assertEquals(0.0, x.grad().narrow(0, 1, 1).narrow(1, 1, 2).abs().sum().item());
        assertTrue(x.grad().narrow(0, 1, 1).narrow(1, 0, 1).abs().sum().item() > 0);
        assertArrayEquals(new int[] {2, 3, 3}, r.weights().shape());
    }

    @Test
    void parameterNamesAreThoseOfPyTorch() {
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"),
                List.copyOf(new MultiheadAttention(8, 2).namedParameters().keySet()));
        assertEquals(List.of("q_proj_weight", "k_proj_weight", "v_proj_weight", "in_proj_bias", "out_proj.weight",
                "out_proj.bias"), List.copyOf(new MultiheadAttention(MultiheadAttention.Config.of(8, 2).withKeyValueDims(3, 5), new Generator(0))
                .namedParameters().keySet()));
    }

    @Test
    void gradientsMatchCentralDifferences() {
        ModuleGradCheck.check(new MultiheadAttention(MultiheadAttention.Config.of(4, 2), new Generator(6)), Tensor.randn(new Generator(7), 2, 3, 4));
        ModuleGradCheck.check(new TransformerEncoderLayer(4, 2, 8, 0, false, false, false, new Generator(8)),
                Tensor.randn(new Generator(9), 2, 3, 4));
        ModuleGradCheck.check(new TransformerEncoderLayer(4, 1, 8, 0, true, true, true, new Generator(10)),
                Tensor.randn(new Generator(11), 1, 3, 4));
        ModuleGradCheck.check(new SinusoidalPositionalEncoding(4, 10), Tensor.randn(new Generator(12), 2, 3, 4));
        ModuleGradCheck.check(new LearnedPositionalEncoding(4, 10), Tensor.randn(new Generator(13), 2, 3, 4));
        ModuleGradCheck.check(new AdditiveAttention(4, 4, 3, new Generator(15)), Tensor.randn(new Generator(16), 2, 3, 4));
        Tensor memory = Tensor.randn(new Generator(17), 2, 4, 4);
        for (boolean normFirst : new boolean[] {false, true}) {
            var stack = TransformerStack.decoder(2, i -> new TransformerDecoderLayer(4, 2, 8, 0, true, normFirst,
                    new Generator(18 + i)), normFirst ? 4 : 0);
            ModuleGradCheck.check(new Module() {
                {
                    registerModule("decoder", stack);
                }

                @Override
                public Tensor forward(Tensor x) {
                    return stack.forward(x, memory, null);
                }
            }, Tensor.randn(new Generator(20), 2, 3, 4));
        }
        var encoder = TransformerStack.encoder(2, i -> new TransformerEncoderLayer(4, 2, 8, 0, false, true, false,
                new Generator(21 + i)), 4);
        assertEquals(List.of("layers.0.self_attn.in_proj_weight", "layers.0.self_attn.in_proj_bias"),
                List.copyOf(encoder.namedParameters().keySet()).subList(0, 2));
        ModuleGradCheck.check(encoder, Tensor.randn(new Generator(23), 1, 3, 4));
    }

    @Test
    void theFusedPathGivesTheOutputAndGradientsOfTheWeightedOne() {
        MultiheadAttention mha = new MultiheadAttention(MultiheadAttention.Config.of(16, 4), new Generator(30));
        for (boolean causal : new boolean[] {false, true}) {
            Tensor x = Tensor.randn(new Generator(31), 3, 70, 16).requiresGrad(true);
            Tensor fused = mha.forward(x, x, x, null, null, causal, false, true).output(); // weights not asked for
            Tensor fusedGrad = dev.nabla.autograd.Autograd.grad(List.of(fused.pow(2).sum()), List.of(x), null, false, false).get(0);
            Tensor plain = mha.forward(x, x, x, null, null, causal, true, true).output();
            Tensor plainGrad = dev.nabla.autograd.Autograd.grad(List.of(plain.pow(2).sum()), List.of(x), null, false, false).get(0);
            assertTrue(fused.allClose(plain, 1e-5, 1e-6), "outputs, causal=" + causal);
            assertTrue(fusedGrad.allClose(plainGrad, 1e-4, 1e-5), "input gradients, causal=" + causal);
        }
    }

    @Test
    void gptGivesLogitsAndCpuAgreesWithReference() {
        GPT ref = new GPT(11, 8, 8, 2, 2, 0, new Generator(13));
        Tensor idx = Tensor.randint(new Generator(14), 0, 11, 2, 6);
        Tensor logits = ref.forward(idx);
        assertArrayEquals(new int[] {2, 6, 11}, logits.shape());
        Parity.check("GPT logits", b -> {
            GPT m = new GPT(11, 8, 8, 2, 2, 0, new Generator(13));
            m.loadStateDict(ref.stateDict());
            return List.of(m.forward(idx.to(b)));
        }, 1e-4, 1e-4);
    }
}
