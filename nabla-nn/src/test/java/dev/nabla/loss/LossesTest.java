package dev.nabla.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Pointwise losses against values computed by hand. */
class LossesTest {
    private static final Tensor X = Tensor.of(new double[] {0, 0.5, 2, -3});
    private static final Tensor ZERO = Tensor.zeros(4);

    private static double[] v(Tensor t) {
        return t.toDoubleArray();
    }

    @Test
    void mseAndL1WithEveryReduction() {
        Tensor x = Tensor.of(new double[] {1, 2, 3});
        Tensor y = Tensor.of(new double[] {1, 0, 5});
        assertEquals(8.0 / 3, Losses.mse(x, y).item(), 1e-12);
        assertEquals(8.0, Losses.mse(x, y, Reduction.SUM).item(), 1e-12);
        assertArrayEquals(new double[] {0, 4, 4}, v(Losses.mse(x, y, Reduction.NONE)), 1e-12);
        assertEquals(4.0 / 3, Losses.l1(x, y, Reduction.MEAN).item(), 1e-12);
        assertArrayEquals(new double[] {0, 2, 2}, v(Losses.l1(x, y, Reduction.NONE)), 1e-12);
        assertEquals(8.0 / 3, new MSELoss().forward(x, y).item(), 1e-12);
        assertEquals(4.0, new L1Loss(Reduction.SUM).forward(x, y).item(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Losses.mse(x, Tensor.zeros(2)));
    }

    @Test
    void smoothL1AndHuber() {
        assertArrayEquals(new double[] {0, 0.125, 1.5, 2.5}, v(Losses.smoothL1(X, ZERO, 1, Reduction.NONE)), 1e-12);
        assertArrayEquals(new double[] {0, 0.0625, 1, 2}, v(Losses.smoothL1(X, ZERO, 2, Reduction.NONE)), 1e-12);
        assertArrayEquals(new double[] {0, 0.5, 2, 3}, v(Losses.smoothL1(X, ZERO, 0, Reduction.NONE)), 1e-12);
        assertArrayEquals(new double[] {0, 0.125, 1.5, 2.5}, v(Losses.huber(X, ZERO, 1, Reduction.NONE)), 1e-12);
        assertArrayEquals(new double[] {0, 0.125, 2, 4}, v(Losses.huber(X, ZERO, 2, Reduction.NONE)), 1e-12);
        assertEquals(4.125 / 4, new SmoothL1Loss().forward(X, ZERO).item(), 1e-12);
        assertEquals(6.125, new HuberLoss(2, Reduction.SUM).forward(X, ZERO).item(), 1e-12);
    }

    @Test
    void smoothL1WithBetaZeroIsL1AndNegativeBetaIsRefused() {
        // F.smooth_l1_loss(x, y, beta=0., reduction='none') with x - y = [0, 1, -2, 0]: [0, 1, 2, 0]
        Tensor x = Tensor.of(new double[] {0, 1, -2, 0.5}).requiresGrad(true);
        Tensor y = Tensor.of(new double[] {0, 0, 0, 0.5});
        Tensor l = Losses.smoothL1(x, y, 0, Reduction.NONE);
        assertArrayEquals(new double[] {0, 1, 2, 0}, v(l), 1e-12);
        // the gradient of L1Loss, sign(x - y): 0 where x = y, never NaN from the 0 / beta of the quadratic part
        l.sum().backward();
        assertArrayEquals(new double[] {0, 1, -1, 0}, v(x.grad()), 1e-12);
        assertEquals(0.75, new SmoothL1Loss(0, Reduction.MEAN).forward(x, y).item(), 1e-12);
        // F.smooth_l1_loss(x, y, beta=-1.) and beta=nan raise
        assertEquals("smoothL1: beta must be non-negative, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> Losses.smoothL1(x, y, -1, Reduction.MEAN)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.smoothL1(x, y, Double.NaN, Reduction.MEAN));
        assertEquals("SmoothL1Loss: beta must be non-negative, got NaN",
                assertThrows(IllegalArgumentException.class, () -> new SmoothL1Loss(Double.NaN, Reduction.MEAN)).getMessage());
    }

    @Test
    void huberRefusesADeltaThatIsNotPositive() {
        // F.huber_loss(x, y, delta=0.) and torch.nn.HuberLoss(delta=-1.) raise
        Tensor x = Tensor.of(new double[] {1, 2});
        Tensor y = Tensor.of(new double[] {1, 0});
        assertEquals("huber: delta must be positive, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> Losses.huber(x, y, 0, Reduction.MEAN)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.huber(x, y, Double.NaN, Reduction.MEAN));
        assertEquals("HuberLoss: delta must be positive, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> new HuberLoss(-1, Reduction.MEAN)).getMessage());
        assertEquals(0.4375, Losses.huber(x, y, 0.5, Reduction.MEAN).item(), 1e-12); // F.huber_loss(..., delta=0.5)
    }

    @Test
    void binaryCrossEntropyOfProbabilities() {
        Tensor p = Tensor.of(new double[] {0.8, 0.3});
        Tensor y = Tensor.of(new double[] {1, 0});
        assertEquals(-(Math.log(0.8) + Math.log(0.7)) / 2, Losses.bce(p, y).item(), 1e-12);
        Tensor w = Tensor.of(new double[] {2, 0.5});
        assertArrayEquals(new double[] {-2 * Math.log(0.8), -0.5 * Math.log(0.7)},
                v(new BCELoss(w, Reduction.NONE).forward(p, y)), 1e-12);
        double[] extreme = v(Losses.bce(Tensor.of(new double[] {0, 1, 1, 0}), Tensor.of(new double[] {1, 0, 1, 0}),
                null, Reduction.NONE));
        assertArrayEquals(new double[] {100, 100, 0, 0}, extreme, 1e-12, "logs clamped at -100");
    }

    static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    @Test
    void binaryCrossEntropyWithLogitsIsStable() {
        Tensor x = Tensor.of(new double[] {2, -1, 1000, -1000, 1000, -1000}).requiresGrad(true);
        Tensor y = Tensor.of(new double[] {1, 0, 0, 1, 1, 0});
        Tensor l = Losses.bceWithLogits(x, y, null, null, Reduction.NONE);
        assertArrayEquals(new double[] {softplus(-2), softplus(-1), 1000, 1000, 0, 0}, v(l), 1e-12);
        l.sum().backward();
        double[] g = v(x.grad());
        double[] expected = {LayersSigmoid.of(2) - 1, LayersSigmoid.of(-1), 1, -1, 0, 0};
        assertArrayEquals(expected, g, 1e-12, "gradient sigmoid(x) - y, finite at extreme logits");
        Tensor pos = Tensor.of(new double[] {3});
        Tensor lp = new BCEWithLogitsLoss(null, pos, Reduction.NONE).forward(Tensor.of(new double[] {0.5, 0.5}).reshape(2, 1),
                Tensor.of(new double[] {1, 0}).reshape(2, 1));
        assertArrayEquals(new double[] {3 * softplus(-0.5), softplus(0.5)}, v(lp), 1e-12, "positive weight scales y = 1");
        Tensor sameAsBce = Losses.bce(Tensor.of(new double[] {2, -1}).sigmoid(), Tensor.of(new double[] {1, 0}));
        assertEquals(sameAsBce.item(), Losses.bceWithLogits(Tensor.of(new double[] {2, -1}), Tensor.of(new double[] {1, 0})).item(),
                1e-12);
    }

    @Test
    void binaryCrossEntropyGradientsAreFiniteAtZeroAndOne() {
        // torch.nn.BCELoss: dl/dx = (x - y) / max((1 - x) x, 1e-12), logs clamped at -100.
        Tensor p = Tensor.of(new double[] {0, 1, 1, 0, 0.25}).requiresGrad(true);
        Tensor y = Tensor.of(new double[] {1, 0, 1, 0, 1}).requiresGrad(true);
        Tensor l = Losses.bce(p, y, null, Reduction.SUM);
        assertEquals(200 + Math.log(4), l.item(), 1e-12);
        l.backward();
        assertArrayEquals(new double[] {-1e12, 1e12, 0, 0, -4}, v(p.grad()), 1e-3);
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.POSITIVE_INFINITY, Math.log(3)}, v(y.grad()), 1e-12, "target gradient -logit(x), as PyTorch");
        Tensor z = Tensor.of(new double[] {40, -40}).requiresGrad(true);
        Losses.bce(z.sigmoid(), Tensor.of(new double[] {1, 0})).backward();
        assertArrayEquals(new double[] {0, 0}, v(z.grad()), 1e-12, "confident right predictions: no NaN");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.bce(Tensor.of(new double[] {1.5}), Tensor.of(new double[] {1})));
        assertTrue(e.getMessage().contains("between 0 and 1"), e.getMessage());
    }

    @Test
    void binaryCrossEntropyWithLogitsGradientAtZeroIsHalfMinusTarget() {
        Tensor x = Tensor.zeros(3).requiresGrad(true);
        Tensor y = Tensor.of(new double[] {1, 0, 0.25});
        Losses.bceWithLogits(x, y, null, null, Reduction.SUM).backward();
        assertArrayEquals(new double[] {-0.5, 0.5, 0.25}, v(x.grad()), 1e-12, "sigmoid(0) - y");
        Tensor xp = Tensor.zeros(2, 1).requiresGrad(true);
        new BCEWithLogitsLoss(null, Tensor.of(new double[] {3}), Reduction.SUM)
                .forward(xp, Tensor.of(new double[] {1, 0}).reshape(2, 1)).backward();
        assertArrayEquals(new double[] {(3 + 1 - 1) * 0.5 - 3, 0.5}, v(xp.grad()), 1e-12,
                "with pos_weight p: ((p y + 1 - y) sigmoid(x) - p y)");
    }

    @Test
    void klDivergence() {
        Tensor logq = Tensor.of(new double[] {Math.log(0.5), Math.log(0.5), Math.log(0.25), Math.log(0.75)}).reshape(2, 2);
        Tensor p = Tensor.of(new double[] {0.9, 0.1, 0, 1}).reshape(2, 2);
        double row0 = 0.9 * Math.log(0.9 / 0.5) + 0.1 * Math.log(0.1 / 0.5);
        double row1 = Math.log(1 / 0.75);
        Tensor none = Losses.klDiv(logq, p, false, Reduction.NONE);
        assertArrayEquals(new double[] {0.9 * Math.log(0.9 / 0.5), 0.1 * Math.log(0.1 / 0.5), 0, row1}, v(none), 1e-12,
                "0 log 0 is 0, not NaN");
        assertEquals((row0 + row1) / 2, new KLDivLoss(Reduction.BATCH_MEAN, false).forward(logq, p).item(), 1e-12);
        assertEquals((row0 + row1) / 4, new KLDivLoss().forward(logq, p).item(), 1e-12);
        Tensor logp = Tensor.of(new double[] {Math.log(0.9), Math.log(0.1)});
        assertEquals(row0, Losses.klDiv(logq.select(0, 0), logp, true, Reduction.SUM).item(), 1e-12);
    }

    @Test
    void lossModulesNeedATarget() {
        assertThrows(UnsupportedOperationException.class, () -> new MSELoss().forward(Tensor.zeros(2)));
        assertEquals("MSELoss()", new MSELoss().toString());
        assertEquals("L1Loss(reduction=sum)", new L1Loss(Reduction.SUM).toString());
    }

    @Test
    void regularizationPenalties() {
        Tensor a = Tensor.of(new double[] {1, -2}).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {3});
        assertEquals(0.1 * 6, Regularization.l1(0.1, java.util.List.of(a, b)).item(), 1e-12);
        Tensor l2 = Regularization.l2(0.1, java.util.List.of(a, b));
        assertEquals(0.1 * 14, l2.item(), 1e-12);
        l2.backward();
        assertArrayEquals(new double[] {0.2, -0.4}, v(a.grad()), 1e-12, "d/dw lambda w^2 = 2 lambda w");
        assertEquals(0.1 * 6 + 0.2 * 14, Regularization.l1l2(0.1, 0.2, java.util.List.of(a, b)).item(), 1e-12);
        var model = new dev.nabla.nn.Sequential(new dev.nabla.nn.layers.Linear(2, 3), new dev.nabla.nn.layers.LayerNorm(3));
        var weights = Regularization.weights(model);
        assertEquals(1, weights.size(), "only weight matrices");
        assertTrue(weights.get(0) == model.namedParameters().get("0.weight"));
    }

    /** The logistic function, for expected gradients. */
    static final class LayersSigmoid {
        static double of(double x) {
            return 1 / (1 + Math.exp(-x));
        }
    }

    @Test
    void poissonNllWithLogAndRateInputsAndTheStirlingTerm() {
        Tensor y = Tensor.of(new double[] {1, 3});
        Tensor logRate = Tensor.of(new double[] {0, Math.log(2)});
        // exp(x) - y x: 1 - 0 and 2 - 3 ln 2
        assertArrayEquals(new double[] {1, -0.07944154167983575},
                v(Losses.poissonNll(logRate, y, true, false, 1e-8, Reduction.NONE)), 1e-12);
        // Stirling only where y > 1: 3 ln 3 - 3 + 0.5 ln(6 pi)
        assertArrayEquals(new double[] {1, -0.07944154167983575 + 1.7640815435430568},
                v(Losses.poissonNll(logRate, y, true, true, 1e-8, Reduction.NONE)), 1e-12);
        // x - y log(x + eps)
        Tensor rate = Tensor.of(new double[] {2, 0.5});
        assertArrayEquals(new double[] {1.3068528144400546, 2.579441481679836},
                v(Losses.poissonNll(rate, y, false, false, 1e-8, Reduction.NONE)), 1e-12);
        assertEquals((1.3068528144400546 + 2.579441481679836) / 2,
                new PoissonNLLLoss(false, false, 1e-8, Reduction.MEAN).forward(rate, y).item(), 1e-12);
        assertEquals(1 - 0.07944154167983575, new PoissonNLLLoss().forward(logRate, y).item() * 2, 1e-12);
        Tensor zeroTarget = Tensor.of(new double[] {0, 0});
        assertArrayEquals(new double[] {1, 2}, v(Losses.poissonNll(logRate, zeroTarget, true, true, 1e-8,
                Reduction.NONE)), 1e-12, "y = 0 has no Stirling term and no NaN");
        assertThrows(IllegalArgumentException.class, () -> Losses.poissonNll(rate, Tensor.zeros(3), true, false, 1e-8,
                Reduction.MEAN));
    }

    @Test
    void aBatchWhoseTargetsAreAllIgnoredGivesNaNButZeroGradientsAsPyTorch() {
        // F.nll_loss(x, [-100, -100]) is nan and x.grad zeros; likewise cross_entropy with weights
        // and label smoothing: such a batch must not turn the parameters into NaN.
        Tensor x = Tensor.of(new double[] {0.1, -0.4, 0.3, 0.2, 0.5, -0.6}, 2, 3).requiresGrad(true);
        Tensor ignored = Tensor.of(new long[] {-100, -100}, 2);
        Tensor nll = ClassificationLosses.nll(x, ignored, null, -100, Reduction.MEAN);
        assertTrue(Double.isNaN(nll.item()));
        nll.backward();
        assertArrayEquals(new double[6], v(x.grad()), 0);
        Tensor y = Tensor.of(new double[] {0.1, -0.4, 0.3, 0.2, 0.5, -0.6}, 2, 3).requiresGrad(true);
        Tensor ce = ClassificationLosses.crossEntropy(y, Tensor.of(new long[] {1, 1}, 2),
                Tensor.of(new double[] {0.5, 1, 2}), 1, 0.2, Reduction.MEAN);
        assertTrue(Double.isNaN(ce.item()));
        ce.backward();
        assertArrayEquals(new double[6], v(y.grad()), 0);
    }
}
