package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.loss.MSELoss;
import dev.nabla.nn.Module;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.optim.Adam;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.callbacks.Callback;
import dev.nabla.train.metrics.Regression;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Keras-style workflow: fit, evaluate, predict, summary. */
class ModelTest {

    /** y = x·[1, -2, 0.5] + 0.3 plus a little noise, 256 rows. */
    private static Tensor[] linearData(long seed) {
        Generator g = new Generator(seed);
        Tensor x = Tensor.randn(g, 256, 3);
        Tensor y = x.matmul(Tensor.of(new float[] {1, -2, 0.5f}, 3, 1)).add(0.3).add(Tensor.randn(g, 256, 1).mul(0.01));
        return new Tensor[] {x, y};
    }

    private static Sequential mlp(long seed) {
        Tensor.manualSeed(seed);
        Sequential model = new Sequential(new Linear(3, 16), new ReLU(), new Linear(16, 1));
        model.compile(new Adam(model.parameters(), 0.01), new MSELoss(), Regression.mae());
        return model;
    }

    @Test
    void fitLearnsAndRecordsHistory() {
        Tensor[] d = linearData(1);
        Sequential model = mlp(3);
        History h = model.fit(d[0], d[1], new FitOptions().epochs(30).batchSize(16).validationSplit(0.25).verbose(0));
        assertEquals(30, h.epochs());
        assertEquals(List.of("loss", "mae", "val_loss", "val_mae"), h.keys());
        assertTrue(h.get("loss").get(0) > 1, "first epoch loss " + h.get("loss").get(0));
        assertTrue(h.last("val_loss") < 0.02, "final val_loss " + h.last("val_loss"));
        Map<String, Double> eval = model.evaluate(d[0], d[1]);
        assertTrue(eval.get("loss") < 0.02, eval.toString());
    }

    @Test
    void compiledStepsTrainExactlyAsEagerOnes() {
        Tensor[] d = linearData(8);
        Sequential eager = mlp(5);
        Sequential compiled = mlp(5);
        FitOptions opts = new FitOptions().epochs(3).batchSize(16).validationSplit(0.25).verbose(0);
        History he = eager.fit(d[0], d[1], opts);
        History hc = compiled.fit(d[0], d[1], opts.compiled(true));
        for (String key : he.keys()) {
            assertEquals(he.get(key), hc.get(key), key);
        }
        List<dev.nabla.nn.Parameter> pe = eager.parameters();
        List<dev.nabla.nn.Parameter> pc = compiled.parameters();
        for (int i = 0; i < pe.size(); i++) {
            assertArrayEquals(pe.get(i).toDoubleArray(), pc.get(i).toDoubleArray());
        }
    }

    /**
     * A classifier with cross-entropy and accuracy, whose compiled steps are replayed (no
     * dropout, targets without the ignore index), and a 200-row set whose last batch of each
     * epoch is shorter: the histories and weights equal eager training's.
     */
    @Test
    void replayedClassifierStepsTrainExactlyAsEagerOnes() {
        Generator g = new Generator(9);
        Tensor x = Tensor.randn(g, 200, 4);
        Tensor y = x.narrow(1, 0, 1).add(x.narrow(1, 1, 1)).gt(0).to(dev.nabla.backend.DType.INT64).reshape(200);
        List<List<dev.nabla.nn.Parameter>> params = new java.util.ArrayList<>();
        List<History> histories = new java.util.ArrayList<>();
        for (boolean compiled : new boolean[] {false, true}) {
            Tensor.manualSeed(21);
            Sequential model = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 2));
            model.compile(new Adam(model.parameters(), 0.01), new dev.nabla.loss.CrossEntropyLoss(),
                    dev.nabla.train.metrics.Accuracy.categorical());
            histories.add(model.fit(x, y, new FitOptions().epochs(4).batchSize(32).seed(2).verbose(0)
                    .compiled(compiled)));
            params.add(model.parameters());
        }
        assertEquals(histories.get(0).asMap(), histories.get(1).asMap());
        assertTrue(histories.get(1).last("accuracy") > 0.9, histories.get(1).asMap().toString());
        for (int i = 0; i < params.get(0).size(); i++) {
            assertArrayEquals(params.get(0).get(i).toDoubleArray(), params.get(1).get(i).toDoubleArray());
        }
    }

    @Test
    void fitOnADatasetMatchesFitOnTensors() {
        Tensor[] d = linearData(6);
        FitOptions opts = new FitOptions().epochs(2).batchSize(16).seed(3).verbose(0)
                .validationData(new dev.nabla.data.TensorDataset(d[0], d[1]));
        History onDataset = mlp(4).fit(new dev.nabla.data.TensorDataset(d[0], d[1]), opts);
        History onTensors = mlp(4).fit(d[0], d[1], opts);
        assertEquals(onTensors.asMap(), onDataset.asMap());
        assertEquals(List.of("loss", "mae", "val_loss", "val_mae"), onDataset.keys());
    }

    @Test
    void fitTakesADataLoaderOrAnyIterableOfBatches() {
        Tensor[] d = linearData(8);
        FitOptions opts = new FitOptions().epochs(3).batchSize(32).shuffle(false).verbose(0);
        Sequential onTensors = mlp(9);
        History expected = onTensors.fit(d[0], d[1], opts);
        var loader = new dev.nabla.data.DataLoader(new dev.nabla.data.TensorDataset(d[0], d[1]), 32);
        List<dev.nabla.data.Batch> batches = new java.util.ArrayList<>();
        loader.forEach(batches::add);
        Sequential onLoader = mlp(9);
        Sequential onList = mlp(9);
        assertEquals(expected.asMap(), onLoader.fit(loader, opts).asMap());
        assertEquals(expected.asMap(), onList.fit(batches, opts).asMap());
        assertTrue(onTensors.predict(d[0]).allClose(onList.predict(d[0]), 0, 0));
        assertEquals(onTensors.evaluate(d[0], d[1]), onList.evaluate(batches));
    }

    /** Keras's train_step/test_step: a subclass changes the step, fit and evaluate keep their looping. */
    @Test
    void anOverriddenTrainStepIsWhatFitRuns() {
        Tensor[] d = linearData(10);
        Tensor.manualSeed(11);
        Module net = new Linear(3, 1);
        int[] calls = new int[2];
        Model halved = new Model(net) {
            @Override
            protected StepResult trainStep(dev.nabla.data.Batch batch) {
                calls[0]++;
                return super.trainStep(new dev.nabla.data.Batch(batch.x(), batch.y().mul(0.5)));
            }

            @Override
            protected StepResult testStep(dev.nabla.data.Batch batch) {
                calls[1]++;
                return super.testStep(new dev.nabla.data.Batch(batch.x(), batch.y().mul(0.5)));
            }
        }.compile(new Adam(net.parameters(), 0.05), new MSELoss());
        halved.fit(d[0], d[1], new FitOptions().epochs(40).batchSize(64).verbose(0));
        assertEquals(40 * 4, calls[0]);
        assertTrue(halved.evaluate(d[0], d[1]).get("loss") < 1e-3, "learned y / 2");
        assertEquals(8, calls[1]);
        assertArrayEquals(new double[] {0.5, -1, 0.25}, ((Linear) net).weight.toDoubleArray(), 0.02);
    }

    @Test
    void sameSeedGivesTheSameHistory() {
        Tensor[] d = linearData(2);
        FitOptions opts = new FitOptions().epochs(3).batchSize(32).seed(7).verbose(0);
        assertEquals(mlp(5).fit(d[0], d[1], opts).asMap(), mlp(5).fit(d[0], d[1], opts).asMap());
    }

    @Test
    void oneEpochOfFullBatchesEqualsTheHandWrittenStep() {
        Tensor[] d = linearData(3);
        Tensor.manualSeed(9);
        Linear a = new Linear(3, 1);
        Tensor.manualSeed(9);
        Linear b = new Linear(3, 1);
        new Model(a).compile(new SGD(a.parameters(), 0.1), new MSELoss())
                .fit(d[0], d[1], new FitOptions().epochs(1).batchSize(256).shuffle(false).verbose(0));
        SGD opt = new SGD(b.parameters(), 0.1);
        Tensor loss = new MSELoss().forward(b.forward(d[0]), d[1]);
        opt.zeroGrad();
        loss.backward();
        opt.step();
        assertArrayEquals(b.stateDict().get("weight").toFloatArray(), a.stateDict().get("weight").toFloatArray());
        assertArrayEquals(b.stateDict().get("bias").toFloatArray(), a.stateDict().get("bias").toFloatArray());
    }

    @Test
    void validationSplitHoldsOutTheLastRows() {
        Tensor[] d = linearData(4);
        int[] steps = new int[1];
        Callback spy = new Callback() {
            @Override
            public void onTrainBegin(TrainingContext c) {
                steps[0] = c.stepsPerEpoch();
            }
        };
        mlp(1).fit(d[0], d[1], new FitOptions().epochs(1).batchSize(10).validationSplit(0.5).verbose(0).callbacks(spy));
        assertEquals(13, steps[0]); // 128 training rows in batches of 10
        assertThrows(IllegalArgumentException.class, () -> new FitOptions().validationSplit(1.0));
    }

    @Test
    void predictIsBatchedInEvalModeWithoutGradients() {
        Tensor.manualSeed(0);
        Module net = new dev.nabla.nn.Sequential(new Linear(3, 8), new Dropout(0.5), new Linear(8, 2));
        Model model = new Model(net);
        Tensor x = Tensor.randn(new Generator(1), 70, 3);
        Tensor p = model.predict(x, 32);
        assertArrayEquals(new int[] {70, 2}, p.shape());
        assertFalse(p.requiresGrad());
        net.eval();
        assertTrue(p.allClose(net.forward(x), 1e-6, 1e-6));
        assertTrue(net.isTraining() == false);
        net.train();
        model.predict(x, 32);
        assertTrue(net.isTraining(), "predict restores the training mode");
    }

    @Test
    void summaryListsLayersShapesAndCounts() {
        String s = mlp(0).summary(3);
        assertTrue(s.contains("0 (Linear)"), s);
        assertTrue(s.contains("[-1, 16]"), s);
        assertTrue(s.contains("Total params: 81"), s);
        assertTrue(s.contains("Non-trainable params: 0"), s);
    }

    @Test
    void fitBeforeCompileIsRefused() {
        Model model = new Model(new Linear(3, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> model.fit(Tensor.zeros(4, 3), Tensor.zeros(4, 1), new FitOptions()));
        assertTrue(e.getMessage().contains("compile"), e.getMessage());
    }

    /** PyTorch habit: an optimizer built on another network's parameters would silently train nothing. */
    @Test
    void compileRefusesAnOptimizerOverAnotherModelsParameters() {
        Sequential model = new Sequential(new Linear(3, 1));
        Sequential other = new Sequential(new Linear(3, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.compile(new Adam(other.parameters(), 0.01), new MSELoss()));
        assertEquals("compile: the optimizer updates none of this model's parameters, so training would change"
                + " nothing; build it from this model's, e.g. new Adam(model.parameters(), lr)", e.getMessage());
        // fine-tuning: an optimizer over some of the parameters is fine
        model.compile(new Adam(List.of(model.parameters().get(0)), 0.01), new MSELoss());
    }

    @Test
    void fitOnNoExamplesIsRefused() {
        Sequential model = mlp(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.fit(Tensor.zeros(0, 3), Tensor.zeros(0, 1), new FitOptions()));
        assertEquals("fit: no training examples (x has shape [0, 3]; the first dimension counts the examples)",
                e.getMessage());
    }
}
