package dev.nabla.nn.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.backend.Backend;
import dev.nabla.backend.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.OnEveryBackend;
import dev.nabla.testing.Parity;
import java.util.List;
import java.util.Map;

/**
 * An LSTM without mask or projections runs each layer and direction as one whole-sequence op;
 * with an all-true mask it takes the per-step path. Both must give the same outputs, final
 * states and gradients (of the input, initial states and every parameter).
 */
class LstmSequencePathTest {
    private static final int T = 6;
    private static final int B = 4;

    /** Outputs, final states, then the gradients of the input, the initial states and every parameter. */
    private static List<Tensor> run(boolean bias, boolean masked) {
        LSTM lstm = new LSTM(3, 5, 2, bias, false, 0, true, new Generator(1));
        Generator g = new Generator(2);
        Tensor x = Tensor.randn(g, T, B, 3).requiresGrad(true);
        Tensor h0 = Tensor.randn(g, 4, B, 5).requiresGrad(true);
        Tensor c0 = Tensor.randn(g, 4, B, 5).requiresGrad(true);
        Tensor mask = masked ? Tensor.ones(B, T).to(DType.BOOL) : null;
        RecurrentLayer.Output o = lstm.forwardMasked(x, mask, h0, c0);
        Generator w = new Generator(3);
        o.output().mul(Tensor.randn(w, T, B, 10)).sum().add(o.h().mul(Tensor.randn(w, 4, B, 5)).sum())
                .add(o.c().mul(Tensor.randn(w, 4, B, 5)).sum()).backward();
        List<Tensor> out = new java.util.ArrayList<>(List.of(o.output(), o.h(), o.c(), x.grad(), h0.grad(), c0.grad()));
        for (Map.Entry<String, ? extends Tensor> p : lstm.namedParameters().entrySet()) {
            out.add(p.getValue().grad());
        }
        return out;
    }

    @OnEveryBackend
    void wholeSequenceOpEqualsThePerStepPath(Backend backend) {
        double tol = backend.floatType() == DType.FLOAT32 ? 1e-5 : 1e-12;
        for (boolean bias : new boolean[] {true, false}) {
            List<Tensor> fused = run(bias, false);
            List<Tensor> perStep = run(bias, true);
            assertEquals(perStep.size(), fused.size());
            for (int i = 0; i < fused.size(); i++) {
                Parity.assertClose(backend.name() + (bias ? "" : " without bias") + ", result " + i,
                        perStep.get(i), fused.get(i), tol, tol);
            }
        }
    }
}
