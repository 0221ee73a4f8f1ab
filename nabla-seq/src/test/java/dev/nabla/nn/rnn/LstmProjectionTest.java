package dev.nabla.nn.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Backends;
import dev.nabla.nn.ModuleGradCheck;
import dev.nabla.testing.OnBackend;
import dev.nabla.nn.layers.Linear;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LSTM with projections (PyTorch's {@code proj_size}) in float64 on the reference backend. */
@OnBackend("ref")
class LstmProjectionTest {

    @Test
    void parametersAndStatesHavePyTorchsNamesAndShapes() {
        LSTM lstm = new LSTM(3, 5, 2, true, false, 0, true, 2, new Generator(0));
        List<String> names = new ArrayList<>();
        for (String layer : List.of("_l0", "_l0_reverse", "_l1", "_l1_reverse")) {
            for (String w : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr")) {
                names.add(w + layer);
            }
        }
        Map<String, ?> params = lstm.namedParameters();
        assertEquals(names, List.copyOf(params.keySet()));
        assertArrayEquals(new int[] {20, 3}, lstm.namedParameters().get("weight_ih_l0").shape());
        assertArrayEquals(new int[] {20, 2}, lstm.namedParameters().get("weight_hh_l0").shape());
        assertArrayEquals(new int[] {2, 5}, lstm.namedParameters().get("weight_hr_l0_reverse").shape());
        assertArrayEquals(new int[] {20, 4}, lstm.namedParameters().get("weight_ih_l1").shape(), "input of layer 1: 2 dirs * P");
        assertTrue(lstm.namedParameters().get("weight_hr_l1").abs().max().item() <= 1 / Math.sqrt(5));
        assertEquals(2, lstm.projSize());
        assertTrue(lstm.toString().contains("proj_size=2"), lstm.toString());

        Tensor x = Tensor.randn(new Generator(1), 6, 3, 3);
        RecurrentLayer.Output out = lstm.forward(x, Tensor.randn(new Generator(2), 4, 3, 2),
                Tensor.randn(new Generator(3), 4, 3, 5), null);
        assertArrayEquals(new int[] {6, 3, 4}, out.output().shape());
        assertArrayEquals(new int[] {4, 3, 2}, out.h().shape());
        assertArrayEquals(new int[] {4, 3, 5}, out.c().shape());
        assertArrayEquals(new int[] {3, 4}, out.last().shape());
        Tensor unbatched = lstm.forward(x.select(1, 0));
        assertTrue(unbatched.allClose(lstm.forward(x).select(1, 0), 1e-12, 1e-12), "unbatched");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(x, Tensor.zeros(4, 3, 5), null, null));
        assertTrue(e.getMessage().contains("[4, 3, 2]"), e.getMessage());
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void followsTheProjectedEquations() {
        int in = 3;
        int hidden = 4;
        int proj = 2;
        LSTM lstm = new LSTM(in, hidden, 1, true, true, 0, false, proj, new Generator(4));
        Map<String, Tensor> w = lstm.stateDict();
        double[] wih = w.get("weight_ih_l0").toDoubleArray();
        double[] whh = w.get("weight_hh_l0").toDoubleArray();
        double[] b = w.get("bias_ih_l0").add(w.get("bias_hh_l0")).toDoubleArray();
        double[] whr = w.get("weight_hr_l0").toDoubleArray();
        Tensor x = Tensor.randn(new Generator(5), 1, 5, in);
        double[] xs = x.toDoubleArray();
        Tensor got = lstm.forward(x);
        double[] h = new double[proj];
        double[] c = new double[hidden];
        for (int t = 0; t < 5; t++) {
            double[] o = new double[hidden];
            for (int j = 0; j < hidden; j++) {
                double[] gate = new double[4];
                for (int k = 0; k < 4; k++) {
                    int r = k * hidden + j;
                    double s = b[r];
                    for (int i = 0; i < in; i++) {
                        s += wih[r * in + i] * xs[t * in + i];
                    }
                    for (int i = 0; i < proj; i++) {
                        s += whh[r * proj + i] * h[i];
                    }
                    gate[k] = s;
                }
                c[j] = sigmoid(gate[1]) * c[j] + sigmoid(gate[0]) * Math.tanh(gate[2]);
                o[j] = sigmoid(gate[3]) * Math.tanh(c[j]);
            }
            h = new double[proj];
            for (int p = 0; p < proj; p++) {
                for (int j = 0; j < hidden; j++) {
                    h[p] += whr[p * hidden + j] * o[j];
                }
            }
            assertArrayEquals(h, got.select(0, 0).select(0, t).toDoubleArray(), 1e-12, "step " + t);
        }
    }

    @Test
    void gradientsMatchCentralDifferences() {
        ModuleGradCheck.check(new LSTM(2, 3, 2, true, false, 0, true, 2, new Generator(6)),
                Tensor.randn(new Generator(7), 3, 2, 2).requiresGrad(true));
        ModuleGradCheck.check(new LSTM(2, 4, 1, false, true, 0, false, 1, new Generator(8)),
                Tensor.randn(new Generator(9), 2, 3, 2).requiresGrad(true));
    }

    /** On the fast float32 engine (the extension restores the reference backend's caller afterwards). */
    @Test
    void learnsToSumASequence() {
        Backends.setDefault(Backends.CPU);
        LSTM lstm = new LSTM(1, 8, 1, true, false, 0, false, 3, new Generator(10));
        Linear head = new Linear(3, 1, true, new Generator(11));
        List<Tensor> params = new ArrayList<>(lstm.parameters());
        params.addAll(head.parameters());
        Adam opt = new Adam(params, 0.05);
        Tensor x = Tensor.rand(new Generator(12), 6, 32, 1).sub(0.5);
        Tensor y = x.sum(0).mul(0.5);                                  // [32, 1]
        double first = 0;
        double last = 0;
        for (int step = 0; step < 100; step++) {
            opt.zeroGrad();
            RecurrentLayer.Output out = lstm.forward(x, null, null, null);
            Tensor d = head.forward(out.last()).sub(y);
            Tensor loss = d.mul(d).mean();
            loss.backward();
            opt.step();
            if (step == 0) {
                first = loss.item();
            }
            last = loss.item();
        }
        assertTrue(last < 0.1 * first, "loss " + first + " -> " + last);
    }

    @Test
    void badProjectionSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LSTM(3, 4, 1, true, false, 0, false, 4, new Generator(0)));
        assertThrows(IllegalArgumentException.class, () -> new LSTM(3, 4, 1, true, false, 0, false, -1, new Generator(0)));
    }
}
