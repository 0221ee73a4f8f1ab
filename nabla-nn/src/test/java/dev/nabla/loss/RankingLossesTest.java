package dev.nabla.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** CosineEmbeddingLoss and MarginRankingLoss against values computed by hand. */
class RankingLossesTest {

    @Test
    void cosineEmbeddingPullsSimilarAndPushesDissimilarPairs() {
        Tensor x1 = Tensor.of(new double[][] {{1, 0}, {1, 1}, {3, 4}, {1, 2}});
        Tensor x2 = Tensor.of(new double[][] {{0, 1}, {1, 1}, {4, 3}, {-2, 1}});
        Tensor y = Tensor.of(new double[] {1, -1, -1, 1});
        // cosines 0, 1, 24/25, 0; margin 0.5
        double[] expected = {1, 0.5, 0.46, 1};
        assertArrayEquals(expected, RankingLosses.cosineEmbedding(x1, x2, y, 0.5, Reduction.NONE).toDoubleArray(), 1e-9);
        assertEquals(2.96 / 4, new CosineEmbeddingLoss(0.5, Reduction.MEAN).forward(x1, x2, y).item(), 1e-9);
        assertEquals(1 + 1 + 0.96 + 1, new CosineEmbeddingLoss().forward(x1, x2, y).item() * 4, 1e-9, "margin 0");
        Tensor unbatched = new CosineEmbeddingLoss(0, Reduction.NONE).forward(Tensor.of(new double[] {3, 4}),
                Tensor.of(new double[] {4, 3}), Tensor.of(new double[] {1}).reshape());
        assertEquals(0, unbatched.dim());
        assertEquals(0.04, unbatched.item(), 1e-9);
        assertEquals(1, RankingLosses.cosineEmbedding(Tensor.zeros(1, 3), Tensor.ones(1, 3), Tensor.ones(1), 0,
                Reduction.SUM).item(), 1e-9, "a zero vector has cosine 0, not NaN");
        assertThrows(IllegalArgumentException.class,
                () -> RankingLosses.cosineEmbedding(x1, x2, Tensor.ones(3), 0, Reduction.MEAN));
        assertThrows(UnsupportedOperationException.class, () -> new CosineEmbeddingLoss().forward(x1, x2));
    }

    @Test
    void marginRankingIsAHingeOnTheOrder() {
        Tensor x1 = Tensor.of(new double[] {1, 2, 3});
        Tensor x2 = Tensor.of(new double[] {2, 2, 0});
        Tensor y = Tensor.of(new double[] {1, -1, 1});
        // max(0, -y (x1 - x2) + 0.5) = 1.5, 0.5, 0
        assertArrayEquals(new double[] {1.5, 0.5, 0},
                RankingLosses.marginRanking(x1, x2, y, 0.5, Reduction.NONE).toDoubleArray(), 1e-12);
        assertEquals(2.0 / 3, new MarginRankingLoss(0.5, Reduction.MEAN).forward(x1, x2, y).item(), 1e-12);
        assertEquals(1, new MarginRankingLoss(0, Reduction.SUM).forward(x1, x2, y).item(), 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> new MarginRankingLoss().forward(x1, x2, Tensor.ones(1, 3)));
    }
}
