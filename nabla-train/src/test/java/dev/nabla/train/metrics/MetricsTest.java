package dev.nabla.train.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.train.metrics.ClassificationScore.Average;
import dev.nabla.train.metrics.ClassificationScore.Kind;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Metrics against values worked out by hand, streamed over two batches. */
class MetricsTest {

    @Test
    void regressionMetricsStreamOverBatches() {
        // predictions 1, 2, 3, 4 vs targets 1, 3, 2, 6: errors 0, -1, 1, -2
        Regression mse = Regression.mse();
        Regression rmse = Regression.rmse();
        Regression mae = Regression.mae();
        Regression r2 = Regression.r2();
        for (Metric m : new Metric[] {mse, rmse, mae, r2}) {
            assertTrue(Double.isNaN(m.result()));
            m.update(Tensor.of(new float[] {1, 2}, 2, 1), Tensor.of(new float[] {1, 3}));
            m.update(Tensor.of(new float[] {3, 4}, 2, 1), Tensor.of(new float[] {2, 6}));
        }
        assertEquals(6.0 / 4, mse.result(), 1e-12);
        assertEquals(Math.sqrt(6.0 / 4), rmse.result(), 1e-12);
        assertEquals(4.0 / 4, mae.result(), 1e-12);
        // mean target 3, SStot = 4 + 0 + 1 + 9 = 14, SSres = 6
        assertEquals(1 - 6.0 / 14, r2.result(), 1e-12);
        mse.reset();
        assertTrue(Double.isNaN(mse.result()));
        assertThrows(IllegalArgumentException.class, () -> mse.update(Tensor.zeros(3), Tensor.zeros(2)));
    }

    @Test
    void accuracyVariants() {
        Accuracy binary = Accuracy.binary();
        binary.update(Tensor.of(new float[] {0.9f, 0.2f, 0.6f, 0.4f}, 4, 1), Tensor.of(new float[] {1, 0, 0, 0}, 4, 1));
        assertEquals(0.75, binary.result(), 1e-12);

        Tensor scores = Tensor.of(new float[] {0.1f, 0.7f, 0.2f, 0.5f, 0.3f, 0.2f, 0.2f, 0.3f, 0.5f}, 3, 3);
        Accuracy sparse = Accuracy.categorical();
        sparse.update(scores, Tensor.of(new long[] {1, 1, 2}));
        assertEquals(2.0 / 3, sparse.result(), 1e-12);
        Accuracy oneHot = Accuracy.categorical();
        oneHot.update(scores, Tensor.of(new float[] {0, 1, 0, 0, 1, 0, 0, 0, 1}, 3, 3));
        assertEquals(2.0 / 3, oneHot.result(), 1e-12);
        Accuracy top2 = Accuracy.topK(2);
        top2.update(scores, Tensor.of(new long[] {1, 1, 0}));
        // row 0: class 1 is top; row 1: class 1 is 2nd; row 2: class 0 (0.2) is 3rd
        assertEquals(2.0 / 3, top2.result(), 1e-12);
        assertEquals("top2_accuracy", top2.name());
    }

    @Test
    void precisionRecallF1AndConfusionMatrix() {
        // predicted 1 1 0 1 0 0, actual 1 0 0 1 1 0: TP 2, FP 1, FN 1
        Tensor p = Tensor.of(new float[] {0.8f, 0.7f, 0.1f, 0.9f, 0.4f, 0.3f});
        Tensor y = Tensor.of(new float[] {1, 0, 0, 1, 1, 0});
        ClassificationScore precision = ClassificationScore.precision();
        ClassificationScore recall = ClassificationScore.recall();
        ClassificationScore f1 = ClassificationScore.f1();
        for (Metric m : new Metric[] {precision, recall, f1}) {
            m.update(p, y);
        }
        assertEquals(2.0 / 3, precision.result(), 1e-12);
        assertEquals(2.0 / 3, recall.result(), 1e-12);
        assertEquals(2.0 / 3, f1.result(), 1e-12);
        ConfusionMatrix cm = new ConfusionMatrix(2);
        cm.update(p, y);
        assertArrayEquals(new long[] {2, 1}, cm.matrix()[0]);
        assertArrayEquals(new long[] {1, 2}, cm.matrix()[1]);
    }

    @Test
    void multiClassAveraging() {
        // actual 0 0 1 2 2 2, predicted 0 1 1 2 2 0
        Tensor pred = Tensor.of(new long[] {0, 1, 1, 2, 2, 0}).oneHot(3);
        Tensor y = Tensor.of(new long[] {0, 0, 1, 2, 2, 2});
        // class 0: TP1 FP1 FN1 -> P .5 R .5 F1 .5; class 1: TP1 FP1 FN0 -> P .5 R 1 F1 2/3;
        // class 2: TP2 FP0 FN1 -> P 1 R 2/3 F1 .8
        double macro = (0.5 + 2.0 / 3 + 0.8) / 3;
        double weighted = (2 * 0.5 + 1 * 2.0 / 3 + 3 * 0.8) / 6;
        assertEquals(macro, score(Kind.F1, Average.MACRO, pred, y), 1e-12);
        assertEquals(weighted, score(Kind.F1, Average.WEIGHTED, pred, y), 1e-12);
        assertEquals(4.0 / 6, score(Kind.PRECISION, Average.MICRO, pred, y), 1e-12);
        assertEquals((0.5 + 0.5 + 1) / 3, score(Kind.PRECISION, Average.MACRO, pred, y), 1e-12);
        assertEquals((0.5 + 1 + 2.0 / 3) / 3, score(Kind.RECALL, Average.MACRO, pred, y), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(2).update(pred, y));
    }

    private static double score(Kind kind, Average average, Tensor pred, Tensor y) {
        ClassificationScore s = new ClassificationScore(kind, average, 3, 0.5);
        s.update(pred, y);
        return s.result();
    }
}
