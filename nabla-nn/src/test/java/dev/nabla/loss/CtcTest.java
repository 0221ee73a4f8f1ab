package dev.nabla.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.Storage;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CTC loss in float64 on the reference backend: small cases by hand, larger ones against a
 * brute-force sum over every alignment, and the gradient against central differences.
 */
class CtcTest {
    private Backend previous;

    @BeforeEach
    void useReferenceBackend() {
        previous = Backends.getDefault();
        Backends.setDefault(Backends.REF);
    }

    @AfterEach
    void restoreBackend() {
        Backends.setDefault(previous);
    }

    /** {@code [T, 1, C]} log-probabilities from rows of probabilities. */
    private static Tensor logOf(double[][] probs) {
        return Tensor.of(probs).log().unsqueeze(1);
    }

    @Test
    void smallCasesByHand() {
        Tensor lp = logOf(new double[][] {{0.4, 0.6}, {0.3, 0.7}});
        // target "1" in 2 steps: paths 11, 01, 10 -> 0.42 + 0.28 + 0.18
        Tensor one = Tensor.of(new long[] {1}, 1, 1);
        assertEquals(-Math.log(0.88), Ctc.ctcLoss(lp, one, new long[] {2}, new long[] {1}, 0, Reduction.SUM, false)
                .item(), 1e-12);
        // target "1 1" needs a blank between: only 1 0 1 in 3 steps
        Tensor lp3 = logOf(new double[][] {{0.4, 0.6}, {0.3, 0.7}, {0.5, 0.5}});
        Tensor twice = Tensor.of(new long[] {1, 1}, 1, 2);
        assertEquals(-Math.log(0.6 * 0.3 * 0.5), Ctc.ctcLoss(lp3, twice, new long[] {3}, new long[] {2}, 0,
                Reduction.SUM, false).item(), 1e-12);
        // ... and cannot fit in 2 steps
        assertEquals(Double.POSITIVE_INFINITY, Ctc.ctcLoss(lp3, twice, new long[] {2}, new long[] {2}, 0,
                Reduction.SUM, false).item());
        // the empty target: all blanks
        assertEquals(-Math.log(0.4 * 0.3), Ctc.ctcLoss(lp, Tensor.of(new long[0], 1, 0), new long[] {2}, new long[] {0},
                0, Reduction.MEAN, false).item(), 1e-12, "mean divides by max(length, 1)");
        // blank 1 instead of 0: target "0" in 2 steps: 00, 10, 01 -> 0.12 + 0.18 + 0.28
        Tensor zero = Tensor.of(new long[] {0}, 1, 1);
        assertEquals(-Math.log(0.58), Ctc.ctcLoss(lp, zero, new long[] {2}, new long[] {1}, 1, Reduction.SUM, false)
                .item(), 1e-12);
    }

    /** Every path over {@code C} classes in {@code T} steps that collapses to {@code target}. */
    private static double bruteForce(double[][] probs, int steps, int[] target) {
        int classes = probs[0].length;
        double total = 0;
        int[] path = new int[steps];
        for (long code = 0; code < Math.pow(classes, steps); code++) {
            long c = code;
            double p = 1;
            for (int t = 0; t < steps; t++) {
                path[t] = (int) (c % classes);
                c /= classes;
                p *= probs[t][path[t]];
            }
            List<Integer> collapsed = new ArrayList<>();
            for (int t = 0; t < steps; t++) {
                if (path[t] != 0 && (t == 0 || path[t] != path[t - 1])) {
                    collapsed.add(path[t]);
                }
            }
            if (collapsed.equals(java.util.Arrays.stream(target).boxed().toList())) {
                total += p;
            }
        }
        return total;
    }

    @Test
    void batchedLossesMatchTheSumOverAllAlignments() {
        int steps = 6;
        int classes = 4;
        Tensor logits = Tensor.randn(new Generator(3), steps, 3, classes);
        Tensor lp = logits.logSoftmax(2);
        int[][] targets = {{1, 2, 2}, {3}, {2, 1}};
        long[] inputLengths = {6, 4, 5};
        long[] targetLengths = {3, 1, 2};
        double[] probs = lp.exp().toDoubleArray();
        double[] expected = new double[3];
        for (int n = 0; n < 3; n++) {
            double[][] p = new double[steps][classes];
            for (int t = 0; t < steps; t++) {
                for (int c = 0; c < classes; c++) {
                    p[t][c] = probs[(t * 3 + n) * classes + c];
                }
            }
            expected[n] = -Math.log(bruteForce(p, (int) inputLengths[n], targets[n]));
        }
        Tensor padded = Tensor.of(new long[] {1, 2, 2, 3, 0, 0, 2, 1, 0}, 3, 3);
        Tensor concatenated = Tensor.of(new long[] {1, 2, 2, 3, 2, 1}, 6);
        assertArrayEquals(expected, Ctc.ctcLoss(lp, padded, inputLengths, targetLengths, 0, Reduction.NONE, false)
                .toDoubleArray(), 1e-10);
        assertArrayEquals(expected, new CTCLoss(0, Reduction.NONE, false).forward(lp, concatenated,
                Tensor.of(inputLengths), Tensor.of(targetLengths)).toDoubleArray(), 1e-10);
        double mean = (expected[0] / 3 + expected[1] / 1 + expected[2] / 2) / 3;
        assertEquals(mean, new CTCLoss().forward(lp, padded, inputLengths, targetLengths).item(), 1e-10);
        assertEquals(expected[0] + expected[1] + expected[2], new CTCLoss(0, Reduction.SUM, false)
                .forward(lp, padded, inputLengths, targetLengths).item(), 1e-10);
        Tensor single = Ctc.ctcLoss(lp.select(1, 1), Tensor.of(new long[] {3}), new long[] {4}, new long[] {1}, 0,
                Reduction.NONE, false);
        assertEquals(0, single.dim());
        assertEquals(expected[1], single.item(), 1e-10, "unbatched");
    }

    /** Central differences of {@code f} at {@code x} against {@code analytic}. */
    private static void assertGradient(Tensor x, Function<Tensor, Tensor> f, double[] analytic, String what) {
        Storage s = x.data().storage();
        double h = 1e-6;
        for (int j = 0; j < s.size(); j++) {
            double v = s.get(j);
            s.set(j, v + h);
            double up;
            double down;
            try (var g = Tensor.noGrad()) {
                up = f.apply(x).item();
                s.set(j, v - h);
                down = f.apply(x).item();
            }
            s.set(j, v);
            double numeric = (up - down) / (2 * h);
            if (Math.abs(analytic[j] - numeric) > 1e-6 + 1e-5 * Math.abs(numeric)) {
                fail(what + ": d/dx[" + j + "] analytic " + analytic[j] + " vs numeric " + numeric);
            }
        }
    }

    @Test
    void gradientThroughLogSoftmaxMatchesCentralDifferences() {
        Tensor padded = Tensor.of(new long[] {1, 2, 2, 3, 0, 0, 2, 1, 0}, 3, 3);
        long[] inputLengths = {6, 4, 5};
        long[] targetLengths = {3, 1, 2};
        for (Reduction r : new Reduction[] {Reduction.MEAN, Reduction.SUM}) {
            Tensor logits = Tensor.randn(new Generator(4), 6, 3, 4).requiresGrad(true);
            Function<Tensor, Tensor> f = z -> Ctc.ctcLoss(z.logSoftmax(2), padded, inputLengths, targetLengths, 0,
                    r, false);
            f.apply(logits).backward();
            double[] analytic = logits.grad().toDoubleArray();
            assertGradient(logits, f, analytic, "ctc " + r);
            for (int c = 0; c < 4; c++) {
                assertEquals(0, analytic[(5 * 3 + 1) * 4 + c], 0, "steps past the input length get no gradient");
            }
        }
    }

    @Test
    void gradientWithRespectToLogProbsIsPyTorchs() {
        // PyTorch's gradient is exp(lp) - occupation; the derivative with lp free is -occupation
        Tensor lp = Tensor.randn(new Generator(5), 5, 2, 3).logSoftmax(2).detach().requiresGrad(true);
        Tensor targets = Tensor.of(new long[] {1, 2, 2, 0}, 2, 2);
        long[] inputLengths = {5, 3};
        long[] targetLengths = {2, 1};
        Function<Tensor, Tensor> f = x -> Ctc.ctcLoss(x, targets, inputLengths, targetLengths, 0, Reduction.SUM, false);
        f.apply(lp).backward();
        double[] grad = lp.grad().toDoubleArray();
        double[] probs = lp.exp().toDoubleArray();
        double[] free = new double[grad.length];
        for (int i = 0; i < grad.length; i++) {
            int t = i / 6;
            int n = (i / 3) % 2;
            free[i] = t < inputLengths[n] ? grad[i] - probs[i] : 0;
        }
        assertGradient(lp.detach(), f, free, "ctc w.r.t. log-probabilities");
    }

    @Test
    void zeroInfinityDropsImpossibleSequences() {
        Tensor logits = Tensor.randn(new Generator(6), 3, 2, 3).requiresGrad(true);
        Tensor targets = Tensor.of(new long[] {1, 1, 1, 2, 0, 0}, 2, 3);
        long[] inputLengths = {3, 3};
        long[] targetLengths = {3, 1}; // "1 1 1" needs 5 steps
        Tensor none = Ctc.ctcLoss(logits.logSoftmax(2), targets, inputLengths, targetLengths, 0, Reduction.NONE, true);
        assertEquals(0, none.toDoubleArray()[0]);
        assertTrue(none.toDoubleArray()[1] > 0);
        none.sum().backward();
        double[] g = logits.grad().toDoubleArray();
        for (int t = 0; t < 3; t++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(0, g[(t * 2) * 3 + c], 0, "no gradient from the impossible sequence");
            }
        }
        assertEquals(Double.POSITIVE_INFINITY, Ctc.ctcLoss(logits.logSoftmax(2), targets, inputLengths, targetLengths,
                0, Reduction.SUM, false).item());
    }

    @Test
    void badArgumentsAreRefusedClearly() {
        Tensor lp = Tensor.randn(new Generator(7), 4, 2, 3).logSoftmax(2);
        Tensor targets = Tensor.of(new long[] {1, 2, 1, 0}, 2, 2);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Ctc.ctcLoss(lp, targets, new long[] {5, 4}, new long[] {2, 1}, 0, Reduction.MEAN, false));
        assertTrue(e.getMessage().contains("input length 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Ctc.ctcLoss(lp, targets, new long[] {4, 4}, new long[] {3, 1}, 0, Reduction.MEAN, false));
        assertThrows(IllegalArgumentException.class, () -> Ctc.ctcLoss(lp, Tensor.of(new long[] {1, 3, 1, 1}, 2, 2),
                new long[] {4, 4}, new long[] {2, 1}, 0, Reduction.MEAN, false), "label 3 of 3 classes");
        assertThrows(IllegalArgumentException.class, () -> Ctc.ctcLoss(lp, Tensor.of(new long[] {1, 0, 1, 1}, 2, 2),
                new long[] {4, 4}, new long[] {2, 1}, 0, Reduction.MEAN, false), "the blank as a label");
        assertThrows(IllegalArgumentException.class,
                () -> Ctc.ctcLoss(lp, targets, new long[] {4}, new long[] {2, 1}, 0, Reduction.MEAN, false));
        assertThrows(IllegalArgumentException.class,
                () -> Ctc.ctcLoss(lp, targets, new long[] {4, 4}, new long[] {2, 1}, 3, Reduction.MEAN, false));
    }
}
