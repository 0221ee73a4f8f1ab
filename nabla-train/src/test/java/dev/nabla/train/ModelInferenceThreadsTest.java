package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.BatchNorm1d;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@link Model#predict} from many threads on a module left in training mode. */
class ModelInferenceThreadsTest {

    @Test
    void eightThreadsPredictAsInEvalModeAndLeaveTheModeAlone() throws Exception {
        Generator g = new Generator(4);
        Module net = new Sequential(new Linear(5, 32, true, g), new BatchNorm1d(32), new ReLU(), new Dropout(0.5),
                new Linear(32, 3, true, g));
        Model model = new Model(net);
        Tensor x = Tensor.randn(new Generator(5), 50, 5);
        net.train(); // a few batches to give BatchNorm running statistics, then stay in training mode
        try (var ng = Tensor.noGrad()) {
            for (int i = 0; i < 3; i++) {
                net.forward(Tensor.randn(new Generator(10 + i), 16, 5));
            }
        }
        net.eval();
        float[] expected = model.predict(x, 7).toFloatArray();
        net.train();
        int threads = 8;
        int calls = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<Integer>> wrong = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                wrong.add(pool.submit(() -> {
                    start.await();
                    int bad = 0;
                    for (int i = 0; i < calls; i++) {
                        if (!java.util.Arrays.equals(expected, model.predict(x, 7).toFloatArray())) {
                            bad++;
                        }
                    }
                    return bad;
                }));
            }
            int total = 0;
            for (Future<Integer> f : wrong) {
                total += f.get();
            }
            assertEquals(0, total, "wrong outputs of " + threads * calls);
        } finally {
            pool.shutdownNow();
        }
        for (Module m : net.modules()) {
            assertTrue(m.isTraining(), "predict left " + m + " in eval mode");
        }
        // the scope really is per thread and ends: here, outside it, Dropout is active again
        try (var ng = Tensor.noGrad()) {
            assertFalse(java.util.Arrays.equals(expected, model.module().forward(x).toFloatArray()));
        }
    }
}
