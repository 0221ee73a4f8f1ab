package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.loss.CrossEntropyLoss;
import dev.nabla.nn.attention.GPT;
import dev.nabla.nn.layers.Embedding;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.rnn.LSTM;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.CompiledStep;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Replayed steps of the sequence models (W3's LSTM, W4's GPT) train as eager steps do. */
class CompiledSequenceStepTest {
    private static final int VOCAB = 20;
    private static final int T = 12;

    static Stream<Arguments> models() {
        Function<Generator, Module> lstm = g -> new Sequential(new Embedding(VOCAB, 16),
                new LSTM(16, 24, 1, true, true, 0, false, g), new Linear(24, VOCAB, true, g));
        Function<Generator, Module> gpt = g -> new GPT(VOCAB, T, 16, 2, 2, 0, g);
        return Stream.of(Arguments.of("lstm", lstm), Arguments.of("gpt", gpt));
    }

    /** Losses of 6 steps on random windows (each token's successor as target), then every parameter and gradient. */
    private static List<double[]> train(Function<Generator, Module> make, boolean compiled, List<Boolean> replayed) {
        Tensor.manualSeed(5);
        Module model = make.apply(new Generator(5));
        Optimizer opt = new AdamW(model.parameters(), 1e-2);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        Function<Tensor, Tensor> forward = model::forward;
        CompiledStep step = CompiledStep.of(model, opt, forward,
                (logits, y) -> ce.forward(logits.reshape(-1, VOCAB), y.reshape(-1)));
        Generator data = new Generator(8);
        double[] losses = new double[6];
        for (int i = 0; i < losses.length; i++) {
            Tensor x = Tensor.randint(data, 0, VOCAB, 3, T);
            Tensor y = x.add(1).remainder(VOCAB); // the next token of a cycle: learnable
            if (compiled) {
                replayed.add(step.isCaptured(x, y));
                losses[i] = step.run(x, y);
                assertArrayEquals(new int[] {3, T, VOCAB}, step.output().shape());
            } else {
                opt.zeroGrad();
                Tensor loss = ce.forward(model.forward(x).reshape(-1, VOCAB), y.reshape(-1));
                loss.backward();
                opt.step();
                losses[i] = loss.item();
            }
        }
        if (compiled) {
            assertNull(step.notCapturedReason(Tensor.randint(data, 0, VOCAB, 3, T), Tensor.randint(data, 0, VOCAB, 3, T)));
        }
        List<double[]> out = new ArrayList<>();
        out.add(losses);
        for (Parameter p : model.parameters()) {
            out.add(p.toDoubleArray());
            out.add(p.grad().toDoubleArray());
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void replaysEqualEagerSteps(String name, Function<Generator, Module> make) {
        List<double[]> eager = train(make, false, null);
        List<Boolean> replayed = new ArrayList<>();
        List<double[]> compiled = train(make, true, replayed);
        assertArrayEquals(eager.get(0), compiled.get(0), "losses");
        for (int i = 1; i < eager.size(); i++) {
            assertArrayEquals(eager.get(i), compiled.get(i), "array " + i);
        }
        assertEquals(List.of(false, false, true, true, true, true), replayed);
        assertTrue(eager.get(0)[5] < eager.get(0)[0], "the loss falls");
    }
}
