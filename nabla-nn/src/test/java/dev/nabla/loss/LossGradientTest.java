package dev.nabla.loss;

import dev.nabla.backend.Backends;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.GradCheck;
import dev.nabla.testing.Parity;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The gradient of every loss with respect to its input, against central differences in float64 on ref. */
class LossGradientTest {

    record Case(String name, int[] shape, Tensor target, BiFunction<Tensor, Tensor, Tensor> loss, boolean probabilities) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Parity.onBackend(Backends.REF, () -> {
            Generator g = new Generator(5);
            Tensor y = Tensor.randn(g, 3, 4);
            Tensor bits = Tensor.bernoulli(g, 0.5, 3, 4);
            Tensor probs = Tensor.rand(g, 3, 4).softmax(1);
            Tensor idx = Tensor.of(new long[] {1, 3, -100});
            Tensor w = Tensor.of(new double[] {1, 2, 0.5, 3});
            Tensor signs = Tensor.of(new double[] {1, -1, -1});
            Tensor other = Tensor.randn(g, 3, 4);
            Tensor scores = Tensor.randn(g, 3);
            Tensor counts = Tensor.of(new double[] {0, 1, 2, 5, 3, 0, 1, 7, 2, 2, 4, 0}, 3, 4);
            return Stream.of(
                    new Case("mse", new int[] {3, 4}, y, Losses::mse, false),
                    new Case("huber", new int[] {3, 4}, y, (a, b) -> Losses.huber(a, b, 0.7, Reduction.SUM), false),
                    new Case("smoothL1", new int[] {3, 4}, y, (a, b) -> Losses.smoothL1(a, b, 0.7, Reduction.MEAN), false),
                    new Case("bce", new int[] {3, 4}, bits, (a, b) -> Losses.bce(a.sigmoid(), b), false),
                    new Case("bceWithLogits posWeight", new int[] {3, 4}, bits,
                            (a, b) -> Losses.bceWithLogits(a, b, null, w, Reduction.MEAN), false),
                    new Case("crossEntropy weighted smoothed", new int[] {3, 4}, idx,
                            (a, b) -> ClassificationLosses.crossEntropy(a, b, w, -100, 0.1, Reduction.MEAN), false),
                    new Case("crossEntropy probabilities", new int[] {3, 4}, probs,
                            (a, b) -> ClassificationLosses.crossEntropy(a, b, w, -100, 0.2, Reduction.SUM), false),
                    new Case("nll", new int[] {3, 4}, idx, (a, b) -> ClassificationLosses.nll(a.logSoftmax(1), b), false),
                    new Case("klDiv", new int[] {3, 4}, probs,
                            (a, b) -> Losses.klDiv(a.logSoftmax(1), b, false, Reduction.BATCH_MEAN), true),
                    new Case("cosineEmbedding input1", new int[] {3, 4}, signs,
                            (a, b) -> RankingLosses.cosineEmbedding(a, other, b, 0.1, Reduction.MEAN), false),
                    new Case("cosineEmbedding input2", new int[] {3, 4}, signs,
                            (a, b) -> RankingLosses.cosineEmbedding(other, a, b, -0.2, Reduction.SUM), false),
                    new Case("marginRanking", new int[] {3}, signs,
                            (a, b) -> RankingLosses.marginRanking(a, scores, b, 3, Reduction.SUM), false),
                    new Case("poissonNll log input full", new int[] {3, 4}, counts,
                            (a, b) -> Losses.poissonNll(a, b, true, true, 1e-8, Reduction.MEAN), false),
                    new Case("poissonNll rate", new int[] {3, 4}, counts,
                            (a, b) -> Losses.poissonNll(a.exp(), b, false, false, 1e-8, Reduction.SUM), false))
                    .map(Arguments::of);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesCentralDifferences(Case c) {
        Tensor x = Tensor.randn(new Generator(c.name().hashCode()), c.shape()).to(Backends.REF).detach().requiresGrad(true);
        GradCheck.check(c.toString(), () -> c.loss().apply(x, c.target()), List.of(x));
    }
}
