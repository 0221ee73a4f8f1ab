package dev.nabla.nn.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.nn.ModuleGradCheck;
import dev.nabla.nn.Module;
import dev.nabla.testing.OnBackend;
import dev.nabla.testing.OnEveryBackend;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cells and the unbind/chunk views, in float64 on the reference backend. */
@OnBackend("ref")
class CellAndSequenceOpsTest {
    @Test
    void cellsHavePyTorchsNamesAndShapes() {
        LSTMCell lstm = new LSTMCell(3, 4, true, new Generator(1));
        assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"), List.copyOf(lstm.namedParameters().keySet()));
        assertArrayEquals(new int[] {16, 3}, lstm.weightIh.shape());
        assertArrayEquals(new int[] {12, 4}, new GRUCell(3, 4).weightHh.shape());
        assertEquals(List.of("weight_ih", "weight_hh"),
                List.copyOf(new RNNCell(3, 4, false, Nonlinearity.RELU, new Generator(2)).namedParameters().keySet()));
        assertNull(new RNNCell(3, 4, false, Nonlinearity.TANH, new Generator(3)).biasIh);
    }

    @Test
    void rnnCellFollowsItsEquation() {
        for (boolean relu : new boolean[] {false, true}) {
            RNNCell cell = new RNNCell(3, 2, true, relu ? Nonlinearity.RELU : Nonlinearity.TANH, new Generator(4));
            Tensor x = Tensor.randn(new Generator(5), 4, 3);
            Tensor h = Tensor.randn(new Generator(6), 4, 2);
            Tensor pre = x.matmul(cell.weightIh.t()).add(cell.biasIh).add(h.matmul(cell.weightHh.t())).add(cell.biasHh);
            assertTrue(cell.forward(x, h).allClose(relu ? pre.relu() : pre.tanh(), 1e-12, 1e-12));
        }
    }

    @Test
    void unbatchedCellInputEqualsABatchOfOne() {
        LSTMCell cell = new LSTMCell(3, 2, true, new Generator(7));
        Tensor x = Tensor.randn(new Generator(8), 3);
        Tensor h = Tensor.randn(new Generator(9), 2);
        Tensor c = Tensor.randn(new Generator(10), 2);
        CellType.State one = cell.forward(x, h, c);
        CellType.State batch = cell.forward(x.unsqueeze(0), h.unsqueeze(0), c.unsqueeze(0));
        assertArrayEquals(new int[] {2}, one.h().shape());
        assertTrue(one.h().allClose(batch.h().squeeze(0), 0, 0));
        assertTrue(one.c().allClose(batch.c().squeeze(0), 0, 0));
    }

    @Test
    void cellGradientsMatchCentralDifferences() {
        Tensor h = Tensor.randn(new Generator(11), 3, 2);
        Tensor c = Tensor.randn(new Generator(12), 3, 2);
        LSTMCell lstm = new LSTMCell(4, 2, true, new Generator(13));
        ModuleGradCheck.check(new Module() {
            {
                registerModule("cell", lstm);
            }

            @Override
            public Tensor forward(Tensor x) {
                CellType.State s = lstm.forward(x, h, c);
                return Tensor.concat(List.of(s.h(), s.c()), 1);
            }
        }, Tensor.randn(new Generator(14), 3, 4));
        GRUCell gru = new GRUCell(4, 2, true, new Generator(15));
        ModuleGradCheck.check(new Module() {
            {
                registerModule("cell", gru);
            }

            @Override
            public Tensor forward(Tensor x) {
                return gru.forward(x, h);
            }
        }, Tensor.randn(new Generator(16), 3, 4));
        ModuleGradCheck.check(new RNNCell(4, 2, true, Nonlinearity.TANH, new Generator(17)), Tensor.randn(new Generator(18), 3, 4));
        // ReLU away from its kink: positive inputs and weights.
        RNNCell relu = new RNNCell(4, 2, true, Nonlinearity.RELU, new Generator(19));
        try (var g = Tensor.noGrad()) {
            relu.parameters().forEach(p -> p.assign(p.abs().add(0.1)));
        }
        ModuleGradCheck.check(relu, Tensor.rand(new Generator(20), 3, 4).add(0.1));
    }

    @OnEveryBackend
    void fusedLstmStepEqualsTheComposedFormula(Backend backend) {
        Tensor[] fused = lstmStepAndGradients(backend, true);
        Tensor[] composed = lstmStepAndGradients(backend, false);
        for (int k = 0; k < fused.length; k++) {
            assertTrue(fused[k].allClose(composed[k], 1e-5, 1e-5), backend.name() + ": result " + k + " differs");
        }
    }

    /** h', c' and the gradients of p, h, c, W_hh, b_hh of one LSTM step with H = 9 (a vector tail), random data. */
    private static Tensor[] lstmStepAndGradients(Backend backend, boolean fused) {
        Generator gen = new Generator(24);
        Tensor[] in = new Tensor[5];
        int[][] shapes = {{5, 36}, {5, 9}, {5, 9}, {36, 9}, {36}};
        for (int k = 0; k < in.length; k++) {
            in[k] = Tensor.randn(gen, shapes[k]).to(backend).requiresGrad(true);
        }
        CellType.State s = new CellType.State(in[1], in[2]);
        CellType.State next = fused ? CellType.LSTM.step(in[0], s, in[3], in[4]) : composedLstmStep(in[0], s, in[3], in[4]);
        Tensor wh = Tensor.randn(gen, 5, 9).to(backend);
        Tensor wc = Tensor.randn(gen, 5, 9).to(backend);
        next.h().mul(wh).add(next.c().mul(wc)).sum().backward();
        return new Tensor[] {next.h(), next.c(), in[0].grad(), in[1].grad(), in[2].grad(), in[3].grad(), in[4].grad()};
    }

    /** The LSTM step as it was before the fused op: each gate function a separate op. */
    private static CellType.State composedLstmStep(Tensor p, CellType.State s, Tensor wHh, Tensor bHh) {
        List<Tensor> gates = p.add(s.h().linear(wHh, bHh)).chunk(4, -1);
        Tensor i = gates.get(0).sigmoid();
        Tensor f = gates.get(1).sigmoid();
        Tensor g = gates.get(2).tanh();
        Tensor o = gates.get(3).sigmoid();
        Tensor c = f.mul(s.c()).add(i.mul(g));
        return new CellType.State(o.mul(c.tanh()), c);
    }

    @Test
    void unbindAndChunkGiveTheGradientsOfSelectAndNarrow() {
        Tensor w = Tensor.randn(new Generator(21), 4, 3, 6);
        Tensor a = Tensor.randn(new Generator(22), 4, 3, 6).requiresGrad(true);
        Tensor b = a.detach().clone().requiresGrad(true);
        // Use only some pieces, some twice, and chunks of a piece, as a recurrence does.
        List<Tensor> steps = SequenceOps.unbind(a.mul(2), 0);
        Tensor viaOps = steps.get(0).mul(steps.get(2)).add(steps.get(2));
        List<Tensor> parts = SequenceOps.chunk(steps.get(3), 3, -1);
        viaOps = viaOps.sum().add(parts.get(1).mul(w.select(0, 1).narrow(1, 0, 2)).sum()).add(parts.get(2).sum());
        Tensor b2 = b.mul(2);
        Tensor plain = b2.select(0, 0).mul(b2.select(0, 2)).add(b2.select(0, 2)).sum()
                .add(b2.select(0, 3).narrow(1, 2, 2).mul(w.select(0, 1).narrow(1, 0, 2)).sum())
                .add(b2.select(0, 3).narrow(1, 4, 2).sum());
        viaOps.backward(Tensor.onesLike(viaOps), true);
        plain.backward();
        assertTrue(a.grad().allClose(b.grad(), 1e-12, 1e-12));
        assertEquals(0.0, a.grad().select(0, 1).abs().sum().item(), "an unused piece gets zero gradient");
        viaOps.backward(Tensor.onesLike(viaOps));
        assertTrue(a.grad().allClose(b.grad().mul(2), 1e-12, 1e-12), "a second backward through the retained graph");
    }

    @Test
    void unbindOutsideAutogradIsPlainViews() {
        Tensor x = Tensor.randn(new Generator(23), 3, 2);
        List<Tensor> rows = SequenceOps.unbind(x, 0);
        assertEquals(3, rows.size());
        assertTrue(rows.get(1).allClose(x.select(0, 1), 0, 0));
        assertTrue(rows.get(1).isLeaf());
    }
}
