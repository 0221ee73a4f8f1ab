package dev.nabla.nn.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.ModuleGradCheck;
import dev.nabla.nn.Module;
import dev.nabla.testing.OnBackend;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Recurrent layers in float64 on the reference backend, against independent formulas. */
@OnBackend("ref")
class RecurrentLayerTest {
    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** PyTorch's LSTM equations for one layer, in plain double loops. */
    private static double[][] lstmByFormula(Map<String, Tensor> w, double[][][] x, int hidden) {
        double[] wih = w.get("weight_ih_l0").toDoubleArray();
        double[] whh = w.get("weight_hh_l0").toDoubleArray();
        double[] bih = w.get("bias_ih_l0").toDoubleArray();
        double[] bhh = w.get("bias_hh_l0").toDoubleArray();
        int in = x[0][0].length;
        double[] h = new double[hidden];
        double[] c = new double[hidden];
        double[][] out = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            double[] gates = new double[4 * hidden];
            for (int r = 0; r < 4 * hidden; r++) {
                double s = bih[r] + bhh[r];
                for (int j = 0; j < in; j++) {
                    s += wih[r * in + j] * x[t][0][j];
                }
                for (int j = 0; j < hidden; j++) {
                    s += whh[r * hidden + j] * h[j];
                }
                gates[r] = s;
            }
            double[] nh = new double[hidden];
            for (int j = 0; j < hidden; j++) {
                double i = sigmoid(gates[j]);
                double f = sigmoid(gates[hidden + j]);
                double g = Math.tanh(gates[2 * hidden + j]);
                double o = sigmoid(gates[3 * hidden + j]);
                c[j] = f * c[j] + i * g;
                nh[j] = o * Math.tanh(c[j]);
            }
            h = nh;
            out[t] = h.clone();
        }
        return out;
    }

    /** PyTorch's GRU equations for one layer, in plain double loops. */
    private static double[][] gruByFormula(Map<String, Tensor> w, double[][][] x, int hidden) {
        double[] wih = w.get("weight_ih_l0").toDoubleArray();
        double[] whh = w.get("weight_hh_l0").toDoubleArray();
        double[] bih = w.get("bias_ih_l0").toDoubleArray();
        double[] bhh = w.get("bias_hh_l0").toDoubleArray();
        int in = x[0][0].length;
        double[] h = new double[hidden];
        double[][] out = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            double[] gi = new double[3 * hidden];
            double[] gh = new double[3 * hidden];
            for (int r = 0; r < 3 * hidden; r++) {
                gi[r] = bih[r];
                gh[r] = bhh[r];
                for (int j = 0; j < in; j++) {
                    gi[r] += wih[r * in + j] * x[t][0][j];
                }
                for (int j = 0; j < hidden; j++) {
                    gh[r] += whh[r * hidden + j] * h[j];
                }
            }
            double[] nh = new double[hidden];
            for (int j = 0; j < hidden; j++) {
                double r = sigmoid(gi[j] + gh[j]);
                double z = sigmoid(gi[hidden + j] + gh[hidden + j]);
                double n = Math.tanh(gi[2 * hidden + j] + r * gh[2 * hidden + j]);
                nh[j] = (1 - z) * n + z * h[j];
            }
            h = nh;
            out[t] = h.clone();
        }
        return out;
    }

    private static double[][][] randomInput(int steps, int in, long seed) {
        Generator g = new Generator(seed);
        double[][][] x = new double[steps][1][in];
        for (double[][] step : x) {
            for (int j = 0; j < in; j++) {
                step[0][j] = g.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void lstmAndGruFollowPyTorchsEquations() {
        double[][][] x = randomInput(5, 3, 1);
        Tensor input = Tensor.fromArray(x);
        LSTM lstm = new LSTM(3, 4, 1, true, false, 0, false, new Generator(2));
        GRU gru = new GRU(3, 4, 1, true, false, 0, false, new Generator(3));
        double[][] wantLstm = lstmByFormula(lstm.stateDict(), x, 4);
        double[][] wantGru = gruByFormula(gru.stateDict(), x, 4);
        Tensor gotLstm = lstm.forward(input);
        Tensor gotGru = gru.forward(input);
        assertArrayEquals(new int[] {5, 1, 4}, gotLstm.shape());
        for (int t = 0; t < 5; t++) {
            assertArrayEquals(wantLstm[t], gotLstm.select(0, t).select(0, 0).toDoubleArray(), 1e-12);
            assertArrayEquals(wantGru[t], gotGru.select(0, t).select(0, 0).toDoubleArray(), 1e-12);
        }
    }

    @Test
    void parameterNamesAreThoseOfPyTorch() {
        LSTM lstm = new LSTM(3, 4, 2, true, true, 0, true, new Generator(0));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"),
                List.copyOf(lstm.namedParameters().keySet()));
        assertArrayEquals(new int[] {16, 8}, lstm.namedParameters().get("weight_ih_l1").shape());
        double bound = 1 / Math.sqrt(4);
        for (Parameter p : lstm.parameters()) {
            assertTrue(p.abs().max().item() <= bound);
        }
    }

    /**
     * RNN and RNNCell take PyTorch's arguments in PyTorch's orders; the activation is an enum, so
     * it cannot be swapped with the bias or batch-first flags.
     */
    @Test
    void reluRnnEqualsSteppingItsReluCell() {
        RNN rnn = new RNN(3, 4, 1, Nonlinearity.RELU, false, true, 0, false, new Generator(50));
        RNNCell cell = new RNNCell(3, 4, false, Nonlinearity.RELU, new Generator(51));
        assertEquals(Nonlinearity.RELU, rnn.nonlinearity());
        assertEquals(Nonlinearity.TANH, new RNN(3, 4).nonlinearity());
        Map<String, Tensor> w = rnn.stateDict();
        cell.loadStateDict(Map.of("weight_ih", w.get("weight_ih_l0"), "weight_hh", w.get("weight_hh_l0")));
        Tensor x = Tensor.randn(new Generator(52), 2, 5, 3);
        Tensor out = rnn.forward(x);
        Tensor h = null;
        for (int t = 0; t < 5; t++) {
            h = cell.forward(x.select(1, t), h);
            assertTrue(h.allClose(out.select(1, t), 1e-12, 1e-12), "step " + t);
            assertTrue(h.min().item() >= 0, "ReLU, not tanh");
        }
    }

    @Test
    void lstmEqualsSteppingItsCellByHand() {
        LSTM lstm = new LSTM(3, 5, 1, true, true, 0, false, new Generator(4));
        Cell cell = Cell.lstm(3, 5);
        Map<String, Tensor> w = lstm.stateDict();
        cell.loadStateDict(Map.of("weight_ih", w.get("weight_ih_l0"), "weight_hh", w.get("weight_hh_l0"),
                "bias_ih", w.get("bias_ih_l0"), "bias_hh", w.get("bias_hh_l0")));
        Tensor x = Tensor.randn(new Generator(5), 2, 6, 3);
        Tensor h0 = Tensor.randn(new Generator(6), 1, 2, 5);
        Tensor c0 = Tensor.randn(new Generator(7), 1, 2, 5);
        RecurrentLayer.Output out = lstm.forward(x, h0, c0, null);
        CellType.State s = new CellType.State(h0.select(0, 0), c0.select(0, 0));
        for (int t = 0; t < 6; t++) {
            s = cell.step(x.select(1, t), s);
            assertTrue(s.h().allClose(out.output().select(1, t), 1e-12, 1e-12), "step " + t);
        }
        assertTrue(s.h().allClose(out.h().select(0, 0), 1e-12, 1e-12));
        assertTrue(s.c().allClose(out.c().select(0, 0), 1e-12, 1e-12));
    }

    @Test
    void paddedBatchEqualsSequencesRunOneByOne() {
        for (boolean bidirectional : new boolean[] {false, true}) {
            GRU gru = new GRU(2, 3, 2, true, true, 0, bidirectional, new Generator(8));
            Tensor x = Tensor.randn(new Generator(9), 3, 5, 2);
            int[] lengths = {5, 2, 3};
            RecurrentLayer.Output batch = gru.forward(x, null, null, lengths);
            for (int b = 0; b < 3; b++) {
                Tensor one = x.narrow(0, b, 1).narrow(1, 0, lengths[b]);
                RecurrentLayer.Output alone = gru.forward(one, null, null, null);
                Tensor got = batch.output().narrow(0, b, 1);
                assertTrue(got.narrow(1, 0, lengths[b]).allClose(alone.output(), 1e-12, 1e-12), "b=" + b);
                assertEquals(0.0, got.narrow(1, lengths[b], 5 - lengths[b]).abs().sum().item(), "padding output");
                assertTrue(batch.h().narrow(1, b, 1).allClose(alone.h(), 1e-12, 1e-12), "final state b=" + b);
            }
        }
    }

    @Test
    void paddedStepsGetExactlyZeroGradient() {
        LSTM lstm = new LSTM(2, 3, 1, true, true, 0, true, new Generator(10));
        Tensor x = Tensor.randn(new Generator(11), 2, 4, 2).requiresGrad(true);
        RecurrentLayer.Output out = lstm.forward(x, null, null, new int[] {4, 2});
        out.output().sum().add(out.h().sum()).add(out.c().sum()).backward();
        assertEquals(0.0, x.grad().narrow(0, 1, 1).narrow(1, 2, 2).abs().sum().item());
        assertTrue(x.grad().narrow(0, 1, 1).narrow(1, 0, 2).abs().sum().item() > 0);
    }

    @Test
    void gradientsMatchCentralDifferences() {
        List<Supplier<Module>> layers = List.of(
                () -> new LSTM(2, 3, 2, true, false, 0, true, new Generator(12)),
                () -> new GRU(2, 3, 1, true, true, 0, false, new Generator(13)),
                () -> new RNN(2, 3, 2, Nonlinearity.TANH, true, false, 0, true, new Generator(14)),
                () -> new RNN(2, 3, 1, Nonlinearity.RELU, false, true, 0, false, new Generator(15)),
                () -> new GRUCell(2, 3, true, new Generator(16)));
        for (Supplier<Module> make : layers) {
            Module m = make.get();
            Tensor x = m instanceof Cell ? Tensor.randn(new Generator(17), 4, 2) : Tensor.randn(new Generator(17), 3, 2, 2);
            ModuleGradCheck.check(m, x.requiresGrad(true));
        }
    }

    @Test
    void badShapesAreRefused() {
        LSTM lstm = new LSTM(3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(5, 2, 2)));
        assertEquals("LSTM: expected input [T, B, 3] or [T, 3], got [5, 2, 2]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(5, 2, 3), null, null, new int[] {6, 1}));
    }
}
