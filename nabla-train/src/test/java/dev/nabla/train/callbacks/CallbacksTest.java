package dev.nabla.train.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.loss.MSELoss;
import dev.nabla.nn.layers.Linear;
import dev.nabla.optim.SGD;
import dev.nabla.optim.schedule.StepLR;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.FitOptions;
import dev.nabla.train.History;
import dev.nabla.train.Model;
import dev.nabla.train.TrainingContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Callbacks driven by hand with scripted logs, and through fit. */
class CallbacksTest {

    private static Model model() {
        Tensor.manualSeed(0);
        Linear net = new Linear(2, 1);
        return new Model(net).compile(new SGD(net.parameters(), 0.1), new MSELoss());
    }

    private static void setWeight(Model m, float v) {
        try (var g = Tensor.noGrad()) {
            m.module().stateDict().get("weight").fill(v);
        }
    }

    private static float weight(Model m) {
        return m.module().stateDict().get("weight").toFloatArray()[0];
    }

    @Test
    void earlyStoppingWaitsForPatienceAndRestoresTheBest() {
        Model m = model();
        EarlyStopping es = new EarlyStopping("val_loss", 2, 0.01, true);
        es.onTrainBegin(new TrainingContext(m, 10, 1, 0));
        double[] losses = {1.0, 0.5, 0.495, 0.6};
        for (int e = 0; e < losses.length; e++) {
            setWeight(m, e);
            es.onEpochEnd(e, Map.of("val_loss", losses[e]));
        }
        assertEquals(3, es.stoppedEpoch()); // 0.495 is not better by more than 0.01; 2 epochs without improvement
        es.onTrainEnd();
        assertEquals(1f, weight(m));
        assertEquals(0.5, es.best());
        assertThrows(IllegalStateException.class, () -> es.onEpochEnd(4, Map.of("loss", 1.0)));
    }

    @Test
    void keepBestWeightsRestoresTheBestEpochAndMaximizesAccuracy() {
        Model m = model();
        KeepBestWeights keep = new KeepBestWeights("val_accuracy");
        keep.onTrainBegin(new TrainingContext(m, 3, 1, 0));
        double[] acc = {0.5, 0.9, 0.7};
        for (int e = 0; e < 3; e++) {
            setWeight(m, 10 + e);
            keep.onEpochEnd(e, Map.of("val_accuracy", acc[e]));
        }
        keep.onTrainEnd();
        assertEquals(1, keep.bestEpoch());
        assertEquals(11f, weight(m));
    }

    @Test
    void earlyStoppingStopsFit() {
        Model m = model();
        Tensor x = Tensor.ones(8, 2);
        EarlyStopping es = new EarlyStopping("loss", 0, 10.0, false);
        History h = m.fit(x, Tensor.ones(8, 1), new FitOptions().epochs(20).verbose(0).callbacks(es));
        assertEquals(2, h.epochs()); // the first epoch sets the best; the second fails to improve by 10
    }

    @Test
    void csvLoggerAndPlotWriteFiles(@TempDir Path dir) throws Exception {
        Model m = model();
        Path csv = dir.resolve("log.csv");
        Path png = dir.resolve("curves.png");
        m.fit(Tensor.ones(8, 2), Tensor.ones(8, 1), new FitOptions().epochs(3).verbose(0)
                .validationData(Tensor.ones(4, 2), Tensor.ones(4, 1))
                .callbacks(new CSVLogger(csv), new TrainingCurvePlot(png)));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("epoch,loss,val_loss", lines.get(0));
        assertEquals(4, lines.size());
        assertTrue(lines.get(3).startsWith("2,"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(480, image.getWidth());
        assertEquals(360, image.getHeight());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left");
        }
    }

    @Test
    void progressBarPrintsPlainLinesWhenNotATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes), false);
        bar.onTrainBegin(new TrainingContext(model(), 2, 5, 1));
        bar.onEpochBegin(0);
        bar.onBatchEnd(0, Map.of("loss", 1.0));
        bar.onEpochEnd(0, new java.util.LinkedHashMap<>(Map.of("loss", 0.25)));
        String text = bytes.toString();
        assertTrue(text.matches("Epoch 1/2 - 5/5 - [0-9.]+s [0-9]+ms/step - loss: 0.2500\\R"), text);
    }

    @Test
    void progressBarRedrawsOnATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes), true);
        bar.onTrainBegin(new TrainingContext(model(), 1, 4, 1));
        bar.onEpochBegin(0);
        bar.onBatchEnd(1, Map.of("loss", 1.0));
        bar.onEpochEnd(0, Map.of("loss", 0.5));
        String text = bytes.toString();
        assertTrue(text.startsWith("Epoch 1/1"), text);
        assertTrue(text.contains("\r2/4 [==============>...............] - ETA"), text);
        assertTrue(text.contains("\r4/4 [==============================]"), text);
    }

    @Test
    void learningRateSchedulerStepsPerEpoch() {
        Model m = model();
        StepLR schedule = new StepLR(m.optimizer(), 2, 0.5);
        m.fit(Tensor.ones(4, 2), Tensor.ones(4, 1), new FitOptions().epochs(4).verbose(0)
                .callbacks(new LearningRateScheduler(schedule, false)));
        assertArrayEquals(new double[] {0.025}, schedule.lastLr(), 1e-12);
    }

    @Test
    void modelCheckpointKeepsTheBestAndTheLastK(@TempDir Path dir) throws Exception {
        Model m = model();
        ModelCheckpoint best = ModelCheckpoint.best(dir.resolve("best.safetensors"), "val_loss");
        ModelCheckpoint every = ModelCheckpoint.every(dir.resolve("ckpt"), 2, 2);
        TrainingContext ctx = new TrainingContext(m, 6, 1, 0);
        best.onTrainBegin(ctx);
        every.onTrainBegin(ctx);
        double[] losses = {0.9, 0.5, 0.7, 0.6, 0.8, 0.65};
        for (int e = 0; e < losses.length; e++) {
            setWeight(m, e);
            best.onEpochEnd(e, Map.of("val_loss", losses[e]));
            every.onEpochEnd(e, Map.of("val_loss", losses[e]));
        }
        var saved = dev.nabla.io.Safetensors.read(dir.resolve("best.safetensors"));
        assertEquals(1f, saved.tensors().get("weight").toFloatArray()[0]);
        assertEquals("2", saved.metadata().get("epoch"));
        try (var files = Files.list(dir.resolve("ckpt"))) {
            assertEquals(List.of("epoch-0004.safetensors", "epoch-0006.safetensors"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Model restored = model();
        restored.module().loadStateDict(dev.nabla.io.Safetensors.load(dir.resolve("ckpt/epoch-0006.safetensors")));
        assertEquals(5f, weight(restored));
    }

    @Test
    void modelCheckpointCanSaveWholeModels(@TempDir Path dir) throws Exception {
        Model m = model();
        ModelCheckpoint best = ModelCheckpoint.best(dir.resolve("best"), "val_loss").fullModel();
        ModelCheckpoint every = ModelCheckpoint.every(dir.resolve("ckpt"), 1, 2).fullModel();
        TrainingContext ctx = new TrainingContext(m, 4, 1, 0);
        best.onTrainBegin(ctx);
        every.onTrainBegin(ctx);
        double[] losses = {0.9, 0.5, 0.7, 0.6};
        for (int e = 0; e < losses.length; e++) {
            setWeight(m, e);
            best.onEpochEnd(e, Map.of("val_loss", losses[e]));
            every.onEpochEnd(e, Map.of("val_loss", losses[e]));
        }
        var saved = dev.nabla.train.io.ModelFiles.read(dir.resolve("best"));
        assertEquals(1f, ((Linear) saved.module()).weight.toFloatArray()[0]);
        assertEquals(2L, saved.metadata().get("epoch"));
        assertEquals(0.5, saved.metadata().get("val_loss"));
        try (var files = Files.list(dir.resolve("ckpt"))) {
            assertEquals(List.of("epoch-0003", "epoch-0004"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Model restored = new Model(dev.nabla.train.io.ModelFiles.load(dir.resolve("ckpt/epoch-0004")));
        assertEquals(3f, weight(restored));
    }
}
