package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.ArrayPool;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.ParamGroup;
import dev.nabla.optim.ParamState;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@code zeroGrad} gives a gradient's memory to the next backward pass when no one but Nabla's own
 * optimizers saw it: training is unchanged, the steps allocate less, and a gradient that user code
 * was handed (by {@code grad()}, or as a custom optimizer's argument) is never overwritten.
 */
class RecycledGradientsTest {

    private static Sequential model() {
        Generator g = new Generator(7);
        return new Sequential(new Linear(64, 64, true, g), new ReLU(), new Linear(64, 8, true, g));
    }

    /** Five steps of the hand-written loop; {@code look} reads every gradient after backward, as a user logging them would. */
    private static long train(Sequential net, Optimizer opt, boolean look) {
        Generator data = new Generator(8);
        long fresh = 0;
        for (int step = 0; step < 5; step++) {
            long before = ArrayPool.freshBytes();
            opt.zeroGrad();
            net.forward(Tensor.randn(data, 32, 64)).square().mean().backward();
            if (look) {
                net.parameters().forEach(Tensor::grad);
            }
            opt.step();
            fresh += step > 0 ? ArrayPool.freshBytes() - before : 0;
        }
        return fresh;
    }

    private static void trainsAsWhenTheGradientsAreSeen(Function<List<? extends Tensor>, Optimizer> optimizer) {
        Sequential recycled = model();
        Sequential seen = model();
        long recycledBytes = train(recycled, optimizer.apply(recycled.parameters()), false);
        long seenBytes = train(seen, optimizer.apply(seen.parameters()), true);
        for (int i = 0; i < recycled.parameters().size(); i++) {
            assertArrayEquals(seen.parameters().get(i).toDoubleArray(), recycled.parameters().get(i).toDoubleArray(),
                    "parameter " + i);
        }
        assertTrue(recycledBytes <= seenBytes - 4 * 64 * 64 * 4L,
                "recycled steps allocated " + recycledBytes + " bytes, steps whose gradients were seen " + seenBytes);
    }

    @Test
    void adamTrainsAsWhenTheGradientsAreSeenAndAllocatesLess() {
        trainsAsWhenTheGradientsAreSeen(p -> new Adam(p, 1e-2));
    }

    @Test
    void sgdWithMomentumTrainsAsWhenTheGradientsAreSeenAndAllocatesLess() {
        trainsAsWhenTheGradientsAreSeen(p -> new SGD(p, 1e-2).momentum(0.9));
    }

    /** A user's optimizer that keeps every gradient it is handed, with a copy of its values. */
    private static final class KeepingSgd extends Optimizer {
        final List<Tensor> kept = new ArrayList<>();
        final List<double[]> copies = new ArrayList<>();

        KeepingSgd(List<? extends Tensor> params) {
            super(List.of(new ParamGroup(params)), Map.of("lr", 1e-2));
        }

        @Override
        protected void update(Tensor param, Tensor grad, ParamState state, ParamGroup group) {
            kept.add(grad);
            copies.add(grad.toDoubleArray());
            param.assign(param.sub(grad.mul(group.lr())));
        }
    }

    @Test
    void aCustomOptimizerKeepsTheGradientsItWasHandedIntact() {
        Sequential net = model();
        KeepingSgd opt = new KeepingSgd(net.parameters());
        train(net, opt, false);
        assertEquals(5 * net.parameters().size(), opt.kept.size());
        for (int i = 0; i < opt.kept.size(); i++) {
            assertArrayEquals(opt.copies.get(i), opt.kept.get(i).toDoubleArray(), "gradient " + i);
        }
    }
}
