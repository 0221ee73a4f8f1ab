package dev.nabla.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.autograd.Autograd;
import dev.nabla.backend.Backends;
import dev.nabla.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HingeEmbedding, SoftMargin, MultiLabelSoftMargin, MultiMargin, TripletMargin and GaussianNLL losses against PyTorch 1.13's printed values (float64). */
class MarginLossesTest {

    private static Tensor t(double[] v, int... shape) {
        return Tensor.of(v, shape).to(Backends.REF).requiresGrad(true);
    }

    private static Tensor x() {
        return t(new double[] {0.5, -1.2, 2.0, -0.3, 0.8, -2.5}, 2, 3);
    }

    private static final Tensor Y = Tensor.of(new double[] {1, -1, 1, -1, 1, -1}, 2, 3).to(Backends.REF);

    private static void check(Tensor loss, double value, List<Tensor> inputs, double[]... gradients) {
        assertEquals(value, loss.item(), 1e-12 * Math.max(1, Math.abs(value)));
        List<Tensor> g = Autograd.grad(List.of(loss), inputs, null, false, false);
        for (int i = 0; i < gradients.length; i++) {
            double[] got = g.get(i).toDoubleArray();
            for (int j = 0; j < got.length; j++) {
                assertEquals(gradients[i][j], got[j], 1e-9 * Math.max(1, Math.abs(gradients[i][j])), "input " + i + "[" + j + "]");
            }
        }
    }

    @Test
    void hingeEmbeddingAndSoftMargin() {
        Tensor x = x();
        check(new HingeEmbeddingLoss().forward(x, Y), 1.7166666666666668, List.of(x),
                new double[] {1 / 6.0, -1 / 6.0, 1 / 6.0, -1 / 6.0, 1 / 6.0, -1 / 6.0});
        check(new SoftMarginLoss().forward(x, Y), 0.3114388512116608, List.of(x),
                new double[] {-0.0629234447996909, 0.03857920275016373, -0.019867153670352924, 0.07092624719805683,
                    -0.051670919812064585, 0.012643030003540593});
    }

    @Test
    void multiLabelSoftMarginAndMultiMarginWithClassWeights() {
        Tensor w = Tensor.of(new double[] {1, 2, 0.5}).to(Backends.REF);
        Tensor x = x();
        check(new MultiLabelSoftMarginLoss(w, Reduction.MEAN).forward(x, Y.gt(0).to(x.dtype())), 0.4000178946480022,
                List.of(x), new double[] {-0.0629234447996909, 0.07715840550032746, -0.009933576835176462,
                    0.07092624719805683, -0.10334183962412918, 0.006321515001770296});
        Tensor s = x();
        check(new MultiMarginLoss(2, 1, w, Reduction.MEAN).forward(s, Tensor.of(new long[] {2, 0}, 2).to(Backends.REF)), 0.735, List.of(s),
                new double[] {0, 0, 0, -0.7, 0.7, 0});
        assertThrows(IllegalArgumentException.class, () -> new MultiMarginLoss(3, 1, null, Reduction.MEAN));
    }

    @Test
    void tripletMarginWithSwap() {
        Tensor a = t(new double[] {0, 1, 2, 1, 1, 1}, 2, 3);
        Tensor p = t(new double[] {0.5, 1, 2, 0, 2, 1}, 2, 3);
        Tensor n = t(new double[] {1, 0, 2, 1, 1.5, 0.5}, 2, 3);
        check(new TripletMarginLoss(1, 2, 1e-6, true, Reduction.MEAN).forward(a, p, n), 1.0445356726113721, List.of(a, p, n),
                new double[] {-0.499999999998, 1.000002e-06, 1.000002e-06, 0.353553037039618, -3.535541860943958e-07,
                    -0.3535537441456037},
                new double[] {0.7236062610916286, -0.447214863829507, -1.4472154166140903e-06, -0.3535537441463992,
                    0.353553037039618, -3.535533905930086e-07},
                new double[] {-0.2236062610936286, 0.447213863827507, 4.472134166140904e-07, 7.071067811844262e-07,
                    -0.3535526834854319, 0.3535540976989943});
        assertThrows(UnsupportedOperationException.class, () -> new TripletMarginLoss().forward(a, p));
    }

    @Test
    void gaussianNllClampsTheVarianceButNotItsGradient() {
        Tensor x = x();
        Tensor v = t(new double[] {0.5, 1e-8, 2.0, 1.0, 0.2, 0.3}, 2, 3);
        check(new GaussianNLLLoss(true, 1e-6, Reduction.MEAN).forward(x, Y, v), 3333.63236176031, List.of(x, v),
                new double[] {-1 / 6.0, -33333.33333333332, 1 / 12.0, 0.11666666666666665, -0.1666666666666666,
                    -0.8333333333333334},
                new double[] {1 / 12.0, -3333249999.9999986, 0.020833333333333332, 0.0425, 0.33333333333333337,
                    -1.8055555555555554});
        assertThrows(IllegalArgumentException.class, () -> Losses.gaussianNll(x, Y,
                Tensor.of(new double[] {-1, 1, 1, 1, 1, 1}, 2, 3).to(Backends.REF), false, 1e-6, Reduction.MEAN));
        assertArrayEquals(new int[] {2, 3}, Losses.gaussianNll(x, Y, Tensor.ones(2, 1).to(Backends.REF), false, 1e-6,
                Reduction.NONE).shape(), "one variance per sample");
    }
}
