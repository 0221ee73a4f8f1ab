package dev.nabla.train.callbacks;

import static org.junit.jupiter.api.Assertions.*;

import dev.nabla.loss.MSELoss;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.Linear;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.FitOptions;
import dev.nabla.train.History;
import dev.nabla.train.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminateOnNaNTest {
    @TempDir
    Path tmp;

    @Test
    void stopsAtTheFirstNonFiniteBatchAndWritesNoCheckpointOfIt() throws Exception {
        float[] y = new float[20];
        y[13] = Float.NaN; // row 13 is in the 4th batch of 4 (no shuffling)
        Tensor x = Tensor.randn(new Generator(1), 20, 2);
        Sequential net = new Sequential(new Linear(2, 1, true, new Generator(2)));
        Model model = new Model(net).compile(new SGD(net.parameters(), 0.01), new MSELoss());
        TerminateOnNaN guard = new TerminateOnNaN();
        int[] batches = {0};
        Callback counter = new Callback() {
            @Override
            public void onBatchEnd(int step, java.util.Map<String, Double> logs) {
                batches[0]++;
            }
        };
        Path ckpt = tmp.resolve("ck");
        History h = model.fit(x, Tensor.of(y, 20, 1), new FitOptions().epochs(5).batchSize(4).shuffle(false).verbose(0)
                .checkpointEvery(ckpt, 1, 5).callbacks(guard, counter));
        assertTrue(guard.stopped());
        assertEquals("the loss became NaN at epoch 1, step 4", guard.message());
        assertEquals(4, batches[0], "no batch after the NaN one");
        assertEquals(1, h.epochs());
        assertFalse(Files.exists(ckpt.resolve("epoch-0001.ckpt.safetensors")), "a diverged epoch is not checkpointed");
    }

    @Test
    void finiteTrainingIsNotStopped() {
        Tensor x = Tensor.randn(new Generator(1), 20, 2);
        Sequential net = new Sequential(new Linear(2, 1, true, new Generator(2)));
        Model model = new Model(net).compile(new SGD(net.parameters(), 0.01), new MSELoss());
        TerminateOnNaN guard = new TerminateOnNaN();
        History h = model.fit(x, x.sum(1, true), new FitOptions().epochs(3).batchSize(4).verbose(0).callbacks(guard));
        assertFalse(guard.stopped());
        assertNull(guard.message());
        assertEquals(3, h.epochs());
    }
}
