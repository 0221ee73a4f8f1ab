package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Backends;
import dev.nabla.examples.XorDemo.Config;
import dev.nabla.examples.XorDemo.Grads;
import dev.nabla.examples.XorDemo.Params;
import dev.nabla.examples.XorDemo.Result;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.GradCheck;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class XorDemoTest {
    private static final String LAST_LINE =
            "result: accuracy=\\d\\.\\d{4} loss=\\d+\\.\\d{6} epochs=\\d+ seconds=\\d+\\.\\d+";

    /** The hand-written backward pass and autograd agree, in float64 on the reference backend. */
    @ParameterizedTest
    @ValueSource(longs = {1, 42, 2024})
    void handGradientsMatchAutograd(long seed) {
        Params p = Params.random(new Generator(seed), 5).to(Backends.REF);
        // Away from the initial weights too: biases that are not zero, larger weights.
        Params q = new Params(p.w1().mul(3), p.w1().sum(0).mul(0.5), p.w2().mul(2), p.w2().sum(0)).copy();
        Tensor x = XorDemo.inputs().to(Backends.REF);
        Tensor y = XorDemo.targets().to(Backends.REF);
        for (Params weights : new Params[] {p, q}) {
            Grads byHand = XorDemo.handGradients(weights, x, y);
            Grads byAutograd = XorDemo.autogradGradients(weights, x, y);
            for (int i = 0; i < 4; i++) {
                Tensor h = byHand.all().get(i);
                Tensor a = byAutograd.all().get(i);
                assertEquals(Backends.REF, h.backend());
                assertTrue(h.allClose(a, 0, 1e-6), "gradient " + i + ": by hand " + h + " vs autograd " + a);
            }
        }
    }

    /**
     * The gradients are right, not merely equal to each other: autograd's (which the hand-written
     * ones match, above) against central differences.
     */
    @Test
    void autogradGradientsMatchCentralDifferences() {
        Params p = Params.random(new Generator(7), 3).to(Backends.REF);
        p.all().forEach(t -> t.requiresGrad(true));
        Tensor x = XorDemo.inputs().to(Backends.REF);
        Tensor y = XorDemo.targets().to(Backends.REF);
        GradCheck.check("xor mse", () -> XorDemo.mseLoss(XorDemo.predict(p, x), y), p.all());
    }

    @Test
    void trainingLearnsXorAndEndsWithTheResultLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Result r = XorDemo.run(Config.DEFAULT, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");

        assertEquals(1.0, r.accuracy());
        assertTrue(r.loss() < 0.01, "final loss " + r.loss() + " should be below 0.01");
        String last = lines[lines.length - 1];
        assertTrue(last.matches(LAST_LINE), "last line: " + last);
        assertTrue(last.startsWith("result: accuracy=1.0000 loss=0.000"), last);
        assertTrue(last.contains(" epochs=" + Config.DEFAULT.epochs() + " "), last);
    }

    @Test
    void bothTrainingRunsEndWithTheSameWeights() {
        Tensor x = XorDemo.inputs();
        Tensor y = XorDemo.targets();
        Config c = new Config(4, 2.0, 200, 3);
        Params initial = Params.random(new Generator(c.seed()), c.hidden());
        Params byHand = initial.copy();
        Params byAutograd = initial.copy();
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        XorDemo.trainByHand(byHand, x, y, c, quiet);
        XorDemo.trainWithAutograd(byAutograd, x, y, c, quiet);
        try (var ignored = Tensor.noGrad()) {
            assertTrue(XorDemo.maxDifference(byHand.all(), byAutograd.all()) < 1e-5);
            assertTrue(XorDemo.maxDifference(byHand.all(), initial.all()) > 0.1, "training moved the weights");
        }
    }
}
