package dev.nabla.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Cross-entropy and NLL against values computed here from the definitions. */
class ClassificationLossesTest {
    private static final double[][] LOGITS = {{1, 2, 3}, {1, 1, 1}, {0.5, -1, 2}};
    private static final long[] TARGET = {2, 0, 1};

    private static double[] logSoftmax(double[] row) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : row) {
            m = Math.max(m, v);
        }
        double s = 0;
        for (double v : row) {
            s += Math.exp(v - m);
        }
        double lse = m + Math.log(s);
        double[] out = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            out[i] = row[i] - lse;
        }
        return out;
    }

    private static Tensor logits() {
        return Tensor.of(LOGITS);
    }

    private static Tensor target(long... t) {
        return Tensor.of(t);
    }

    @Test
    void crossEntropyWithClassIndices() {
        double sum = 0;
        double[] each = new double[3];
        for (int n = 0; n < 3; n++) {
            each[n] = -logSoftmax(LOGITS[n])[(int) TARGET[n]];
            sum += each[n];
        }
        assertEquals(sum / 3, ClassificationLosses.crossEntropy(logits(), target(TARGET)).item(), 1e-12);
        assertEquals(sum, new CrossEntropyLoss(null, -100, 0, Reduction.SUM).forward(logits(), target(TARGET)).item(), 1e-12);
        assertArrayEquals(each, new CrossEntropyLoss(null, -100, 0, Reduction.NONE).forward(logits(), target(TARGET))
                .toDoubleArray(), 1e-12);
    }

    @Test
    void classWeightsGiveAWeightedMean() {
        double[] w = {1, 2, 3};
        double num = 0;
        double den = 0;
        for (int n = 0; n < 3; n++) {
            int y = (int) TARGET[n];
            num += -w[y] * logSoftmax(LOGITS[n])[y];
            den += w[y];
        }
        var loss = new CrossEntropyLoss(Tensor.of(w), -100, 0, Reduction.MEAN);
        assertEquals(num / den, loss.forward(logits(), target(TARGET)).item(), 1e-12);
        assertEquals(java.util.List.of("weight"), java.util.List.copyOf(loss.stateDict().keySet()));
    }

    @Test
    void ignoredTargetsAreLeftOut() {
        double l0 = -logSoftmax(LOGITS[0])[2];
        double l2 = -logSoftmax(LOGITS[2])[1];
        Tensor t = target(2, -100, 1);
        assertEquals((l0 + l2) / 2, ClassificationLosses.crossEntropy(logits(), t).item(), 1e-12);
        assertArrayEquals(new double[] {l0, 0, l2}, ClassificationLosses.crossEntropy(logits(), t, null, -100, 0,
                Reduction.NONE).toDoubleArray(), 1e-12);
        assertEquals((l0 + l2) / 2, ClassificationLosses.crossEntropy(logits(), target(2, 7, 1), null, 7, 0, Reduction.MEAN)
                .item(), 1e-12, "a custom ignore index");
        assertThrows(IndexOutOfBoundsException.class, () -> ClassificationLosses.crossEntropy(logits(), target(3, 0, 0)));
    }

    @Test
    void labelSmoothingWithWeightsAndIgnoreIndex() {
        double eps = 0.2;
        double[] w = {0.5, 2, 1};
        long[] t = {2, -100, 1};
        double nllNum = 0;
        double smoothNum = 0;
        double den = 0;
        for (int n = 0; n < 3; n++) {
            if (t[n] == -100) {
                continue;
            }
            double[] lp = logSoftmax(LOGITS[n]);
            int y = (int) t[n];
            nllNum += -w[y] * lp[y];
            for (int c = 0; c < 3; c++) {
                smoothNum += -w[c] * lp[c];
            }
            den += w[y];
        }
        double expected = (1 - eps) * nllNum / den + eps / 3 * smoothNum / den;
        assertEquals(expected, ClassificationLosses.crossEntropy(logits(), target(t), Tensor.of(w), -100, eps,
                Reduction.MEAN).item(), 1e-12);
        double unweighted = 0;
        for (int n = 0; n < 3; n++) {
            double[] lp = logSoftmax(LOGITS[n]);
            double smooth = 0;
            for (double v : lp) {
                smooth -= v;
            }
            unweighted += (1 - eps) * -lp[(int) TARGET[n]] + eps / 3 * smooth;
        }
        assertEquals(unweighted, new CrossEntropyLoss(null, -100, eps, Reduction.SUM).forward(logits(), target(TARGET)).item(),
                1e-12);
    }

    @Test
    void crossEntropyWithClassProbabilities() {
        double[][] p = {{0.2, 0.3, 0.5}, {0, 1, 0}, {1.0 / 3, 1.0 / 3, 1.0 / 3}};
        double[] w = {1, 2, 0.5};
        double eps = 0.1;
        double plain = 0;
        double weighted = 0;
        double smoothed = 0;
        for (int n = 0; n < 3; n++) {
            double[] lp = logSoftmax(LOGITS[n]);
            for (int c = 0; c < 3; c++) {
                plain -= p[n][c] * lp[c];
                weighted -= w[c] * p[n][c] * lp[c];
                smoothed -= ((1 - eps) * p[n][c] + eps / 3) * lp[c];
            }
        }
        Tensor probs = Tensor.of(p);
        assertEquals(plain / 3, ClassificationLosses.crossEntropy(logits(), probs).item(), 1e-12);
        assertEquals(weighted / 3, ClassificationLosses.crossEntropy(logits(), probs, Tensor.of(w), -100, 0, Reduction.MEAN)
                .item(), 1e-12, "weights do not normalize probability targets");
        assertEquals(smoothed / 3, new CrossEntropyLoss(eps).forward(logits(), probs).item(), 1e-12);
    }

    @Test
    void extremeLogitsGiveFiniteLossesAndGradients() {
        Tensor x = Tensor.of(new double[][] {{1000, -1000, 0}, {-1e4, 1e4, 0}}).requiresGrad(true);
        Tensor l = ClassificationLosses.crossEntropy(x, target(1, 1), null, -100, 0, Reduction.NONE);
        assertArrayEquals(new double[] {2000, 0}, l.toDoubleArray(), 1e-9);
        l.sum().backward();
        assertArrayEquals(new double[] {1, -1, 0, 0, 0, 0}, x.grad().toDoubleArray(), 1e-12,
                "gradient softmax(x) - onehot(y)");
        Tensor smoothed = ClassificationLosses.crossEntropy(x.detach(), target(1, 1), null, -100, 0.1, Reduction.MEAN);
        assertTrue(Double.isFinite(smoothed.item()));
        Tensor f32 = ClassificationLosses.crossEntropy(x.detach().to(dev.nabla.backend.DType.FLOAT32), target(0, 0));
        assertEquals((0 + 2e4) / 2, f32.item(), 1e-2, "float32 too");
    }

    @Test
    void unbatchedAndSpatialInputs() {
        double[] lp = logSoftmax(LOGITS[0]);
        Tensor scalar = ClassificationLosses.crossEntropy(Tensor.of(LOGITS[0]), Tensor.of(new long[] {2}, new int[0]));
        assertEquals(-lp[2], scalar.item(), 1e-12);
        // [N=1, C=3, d=2]: position 0 has logits LOGITS[0], position 1 has LOGITS[2]
        Tensor spatial = Tensor.stack(java.util.List.of(Tensor.of(LOGITS[0]), Tensor.of(LOGITS[2])), 1).unsqueeze(0);
        Tensor l = ClassificationLosses.crossEntropy(spatial, Tensor.of(new long[] {2, 1}, 1, 2), null, -100, 0,
                Reduction.NONE);
        assertArrayEquals(new int[] {1, 2}, l.shape());
        assertArrayEquals(new double[] {-lp[2], -logSoftmax(LOGITS[2])[1]}, l.toDoubleArray(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ClassificationLosses.crossEntropy(logits(), target(1, 2)));
    }

    /** Keras users pass float labels of shape [N]; the error says what the two kinds of target look like. */
    @Test
    void aFloatLabelVectorIsRefusedSayingHowToPassClassIndices() {
        Tensor logits = logits().to(dev.nabla.backend.DType.FLOAT32);
        int n = logits.size(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationLosses.crossEntropy(logits, Tensor.zeros(n)));
        assertEquals("crossEntropy: a float32 target holds class probabilities and must have the input's shape "
                + java.util.Arrays.toString(logits.shape()) + ", got [" + n + "]; for class indices pass an int64"
                + " target (target.to(DType.INT64))", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ClassificationLosses.crossEntropy(logits,
                Tensor.zeros(n).to(dev.nabla.backend.DType.BOOL), null, -100, 0.1, Reduction.MEAN));
        assertEquals("nll: class-index targets must be int64, got bool (convert with target.to(DType.INT64))",
                e.getMessage());
    }

    @Test
    void nllOfLogProbabilities() {
        Tensor logp = logits().logSoftmax(1);
        assertEquals(ClassificationLosses.crossEntropy(logits(), target(TARGET)).item(),
                new NLLLoss().forward(logp, target(TARGET)).item(), 1e-12);
        Tensor raw = Tensor.of(new double[][] {{-1, -2}, {-3, -4}});
        assertEquals((2 * 2 + 3 * 3) / 5.0, new NLLLoss(Tensor.of(new double[] {3, 2}), -100, Reduction.MEAN)
                .forward(raw, target(1, 0)).item(), 1e-12);
        assertEquals(2 + 3, ClassificationLosses.nll(raw, target(1, 0), null, -100, Reduction.SUM).item(), 1e-12);
    }
}
