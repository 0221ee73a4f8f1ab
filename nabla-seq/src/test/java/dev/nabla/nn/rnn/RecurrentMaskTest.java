package dev.nabla.nn.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.ModuleGradCheck;
import dev.nabla.nn.Module;
import dev.nabla.testing.OnBackend;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Masks, variable lengths, bidirectional layers, the last output and unbatched input, in float64 on the reference backend. */
@OnBackend("ref")
class RecurrentMaskTest {
    private static Tensor mask(boolean[][] rows) {
        return Tensor.fromArray(rows);
    }

    /** The recurrence over the steps where {@code mask} is true, as a module (for gradient checks). */
    private static Module masked(RecurrentLayer layer, Tensor mask, boolean withFinalStates) {
        return new Module() {
            {
                registerModule("rnn", layer);
            }

            @Override
            public Tensor forward(Tensor x) {
                RecurrentLayer.Output o = layer.forwardMasked(x, mask, null, null);
                if (!withFinalStates) {
                    return o.output();
                }
                List<Tensor> parts = new ArrayList<>(List.of(o.output().reshape(-1), o.h().reshape(-1)));
                if (o.c() != null) {
                    parts.add(o.c().reshape(-1));
                }
                return Tensor.concat(parts, 0);
            }
        };
    }

    @Test
    void aMaskOfLeadingTruesEqualsLengths() {
        LSTM lstm = new LSTM(2, 3, 2, true, true, 0, true, new Generator(1));
        Tensor x = Tensor.randn(new Generator(2), 3, 5, 2);
        int[] lengths = {5, 1, 3};
        RecurrentLayer.Output byLengths = lstm.forward(x, null, null, lengths);
        RecurrentLayer.Output byMask = lstm.forwardMasked(x, RecurrentLayer.lengthsMask(lengths, 5), null, null);
        assertTrue(byMask.output().allClose(byLengths.output(), 0, 0));
        assertTrue(byMask.h().allClose(byLengths.h(), 0, 0));
        assertTrue(byMask.c().allClose(byLengths.c(), 0, 0));
    }

    @Test
    void maskedStepsAreSkippedInBothDirections() {
        // Sequence 0 has a hole at step 1: the result is that of the sequence without it.
        for (boolean bidirectional : new boolean[] {false, true}) {
            GRU gru = new GRU(2, 3, 2, true, true, 0, bidirectional, new Generator(3));
            Tensor x = Tensor.randn(new Generator(4), 2, 4, 2);
            Tensor m = mask(new boolean[][] {{true, false, true, true}, {true, true, true, false}});
            RecurrentLayer.Output out = gru.forwardMasked(x, m, null, null);
            Tensor compact = Tensor.concat(List.of(x.narrow(0, 0, 1).narrow(1, 0, 1), x.narrow(0, 0, 1).narrow(1, 2, 2)), 1);
            RecurrentLayer.Output alone = gru.forward(compact, null, null, null);
            Tensor got = out.output().narrow(0, 0, 1);
            assertTrue(got.narrow(1, 0, 1).allClose(alone.output().narrow(1, 0, 1), 1e-12, 1e-12));
            assertTrue(got.narrow(1, 2, 2).allClose(alone.output().narrow(1, 1, 2), 1e-12, 1e-12));
            assertEquals(0.0, got.narrow(1, 1, 1).abs().sum().item(), "output at a masked step");
            assertTrue(out.h().narrow(1, 0, 1).allClose(alone.h(), 1e-12, 1e-12));
        }
    }

    @Test
    void maskedStepsGetExactlyZeroGradient() {
        LSTM lstm = new LSTM(2, 3, 2, true, false, 0, true, new Generator(5));
        Tensor x = Tensor.randn(new Generator(6), 4, 2, 2).requiresGrad(true);  // time-major [T, B, in]
        Tensor m = mask(new boolean[][] {{true, true, true, true}, {false, true, false, true}});
        RecurrentLayer.Output out = lstm.forwardMasked(x, m, Tensor.randn(new Generator(7), 4, 2, 3),
                Tensor.randn(new Generator(8), 4, 2, 3));
        out.output().sum().add(out.h().sum()).add(out.c().sum()).backward();
        assertEquals(0.0, x.grad().select(0, 0).select(0, 1).abs().sum().item());
        assertEquals(0.0, x.grad().select(0, 2).select(0, 1).abs().sum().item());
        assertTrue(x.grad().select(0, 1).select(0, 1).abs().sum().item() > 0);
    }

    @Test
    void gradientsWithMasksMatchCentralDifferences() {
        Tensor lengths = RecurrentLayer.lengthsMask(new int[] {3, 2}, 3);
        Tensor holes = mask(new boolean[][] {{true, false, true}, {false, true, true}});
        ModuleGradCheck.check(masked(new LSTM(2, 3, 2, true, true, 0, true, new Generator(9)), lengths, true),
                Tensor.randn(new Generator(10), 2, 3, 2));
        ModuleGradCheck.check(masked(new GRU(2, 3, 1, true, true, 0, true, new Generator(11)), holes, true),
                Tensor.randn(new Generator(12), 2, 3, 2));
        ModuleGradCheck.check(masked(new RNN(2, 3, 1, Nonlinearity.RELU, true, true, 0, false, new Generator(13)), holes, true),
                Tensor.randn(new Generator(14), 2, 3, 2));
    }

    @Test
    void paddedLstmBatchWithInitialStatesEqualsSequencesOneByOne() {
        LSTM lstm = new LSTM(2, 3, 2, true, false, 0, true, new Generator(15));
        Tensor x = Tensor.randn(new Generator(16), 5, 3, 2);                   // [T, B, in]
        Tensor h0 = Tensor.randn(new Generator(17), 4, 3, 3);
        Tensor c0 = Tensor.randn(new Generator(18), 4, 3, 3);
        int[] lengths = {2, 5, 4};
        RecurrentLayer.Output batch = lstm.forward(x, h0, c0, lengths);
        for (int b = 0; b < 3; b++) {
            Tensor one = x.narrow(1, b, 1).narrow(0, 0, lengths[b]);
            RecurrentLayer.Output alone = lstm.forward(one, h0.narrow(1, b, 1), c0.narrow(1, b, 1), null);
            assertTrue(batch.output().narrow(1, b, 1).narrow(0, 0, lengths[b]).allClose(alone.output(), 1e-12, 1e-12));
            assertTrue(batch.h().narrow(1, b, 1).allClose(alone.h(), 1e-12, 1e-12), "h, b=" + b);
            assertTrue(batch.c().narrow(1, b, 1).allClose(alone.c(), 1e-12, 1e-12), "c, b=" + b);
            assertTrue(batch.last().narrow(0, b, 1).allClose(alone.last(), 1e-12, 1e-12), "last, b=" + b);
        }
    }

    @Test
    void lastIsTheOutputAtTheEndOfEachSequence() {
        GRU uni = new GRU(2, 3, 2, true, true, 0, false, new Generator(19));
        Tensor x = Tensor.randn(new Generator(20), 2, 4, 2);
        RecurrentLayer.Output o = uni.forward(x, null, null, new int[] {4, 2});
        assertTrue(o.last().select(0, 0).allClose(o.output().select(0, 0).select(0, 3), 0, 0));
        assertTrue(o.last().select(0, 1).allClose(o.output().select(0, 1).select(0, 1), 0, 0));
        GRU bi = new GRU(2, 3, 1, true, true, 0, true, new Generator(21));
        RecurrentLayer.Output ob = bi.forward(x, null, null, new int[] {4, 2});
        assertArrayEquals(new int[] {2, 6}, ob.last().shape());
        // Forward half: output at the last real step; backward half: output at step 0.
        assertTrue(ob.last().select(0, 1).narrow(0, 0, 3).allClose(ob.output().select(0, 1).select(0, 1).narrow(0, 0, 3), 0, 0));
        assertTrue(ob.last().select(0, 1).narrow(0, 3, 3).allClose(ob.output().select(0, 1).select(0, 0).narrow(0, 3, 3), 0, 0));
    }

    @Test
    void reverseDirectionIsTheForwardRecurrenceOverTheReversedSequence() {
        RNN bi = new RNN(2, 3, 1, Nonlinearity.TANH, true, true, 0, true, new Generator(22));
        RNN fwd = new RNN(2, 3, 1, Nonlinearity.TANH, true, true, 0, false, new Generator(23));
        Map<String, Tensor> w = bi.stateDict();
        fwd.loadStateDict(Map.of("weight_ih_l0", w.get("weight_ih_l0_reverse"), "weight_hh_l0", w.get("weight_hh_l0_reverse"),
                "bias_ih_l0", w.get("bias_ih_l0_reverse"), "bias_hh_l0", w.get("bias_hh_l0_reverse")));
        Tensor x = Tensor.randn(new Generator(24), 1, 4, 2);
        List<Tensor> steps = new ArrayList<>();
        for (int t = 3; t >= 0; t--) {
            steps.add(x.narrow(1, t, 1));
        }
        Tensor reversedOut = fwd.forward(Tensor.concat(steps, 1));
        Tensor biOut = bi.forward(x);
        for (int t = 0; t < 4; t++) {
            assertTrue(biOut.select(1, t).narrow(1, 3, 3).allClose(reversedOut.select(1, 3 - t), 1e-12, 1e-12), "t=" + t);
        }
    }

    @Test
    void unbatchedInputEqualsABatchOfOne() {
        LSTM lstm = new LSTM(2, 3, 2, true, true, 0, true, new Generator(25));
        Tensor x = Tensor.randn(new Generator(26), 4, 2);
        RecurrentLayer.Output one = lstm.forward(x, null, null, new int[] {3});
        RecurrentLayer.Output batch = lstm.forward(x.unsqueeze(0), null, null, new int[] {3});
        assertArrayEquals(new int[] {4, 6}, one.output().shape());
        assertArrayEquals(new int[] {4, 3}, one.h().shape());
        assertTrue(one.output().allClose(batch.output().squeeze(0), 0, 0));
        assertTrue(one.c().allClose(batch.c().squeeze(1), 0, 0));
        assertTrue(one.last().allClose(batch.last().squeeze(0), 0, 0));
    }

    @Test
    void dropoutActsBetweenLayersInTrainingOnly() {
        LSTM lstm = new LSTM(2, 4, 3, true, true, 0.5, false, new Generator(27));
        Tensor x = Tensor.randn(new Generator(28), 2, 5, 2);
        Tensor a = lstm.forward(x);
        Tensor b = lstm.forward(x);
        assertNotEquals(0.0, a.sub(b).abs().max().item(), "fresh dropout masks in training");
        lstm.eval();
        LSTM plain = new LSTM(2, 4, 3, true, true, 0, false, new Generator(29));
        plain.loadStateDict(lstm.stateDict());
        assertTrue(lstm.forward(x).allClose(plain.forward(x), 0, 0), "no dropout in evaluation");
    }

    @Test
    void badMasksAreRefused() {
        GRU gru = new GRU(2, 3, 1, true, true, 0, false, new Generator(30));
        Tensor x = Tensor.zeros(2, 4, 2);
        assertThrows(IllegalArgumentException.class, () -> gru.forwardMasked(x, Tensor.ones(2, 4), null, null));
        assertThrows(IllegalArgumentException.class, () -> gru.forwardMasked(x, Tensor.of(new boolean[8], 4, 2), null, null));
        assertThrows(IllegalArgumentException.class, () -> gru.forward(x, null, null, new int[] {4}));
    }
}
