package dev.nabla.onnx;

import static dev.nabla.onnx.OnnxExportTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.io.FormatException;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.Conv2d;
import dev.nabla.nn.layers.Flatten;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.io.ModelFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved model's preprocessing is in the ONNX file: raw features in, target units or labels out. */
class ModelExportTest {
    @TempDir
    Path dir;

    private final Generator gen = new Generator(5);
    private final List<Double> mean = List.of(10.0, -2.0, 300.0);
    private final List<Double> scale = List.of(2.0, 0.5, 50.0);

    private Tensor raw(int n) {
        return Tensor.randn(gen, n, 3).mul(Tensor.of(new float[] {2, 0.5f, 50}, 3)).add(Tensor.of(new float[] {10, -2, 300}, 3));
    }

    private Tensor scaled(Tensor raw) {
        return raw.sub(Tensor.of(new float[] {10, -2, 300}, 3)).div(Tensor.of(new float[] {2, 0.5f, 50}, 3));
    }

    @Test
    void regressionTakesRawFeaturesAndAnswersInTargetUnits() throws Exception {
        Module m = new Sequential(new Linear(3, 8), new ReLU(), new Linear(8, 1));
        Path model = dir.resolve("reg");
        ModelFiles.save(m, model, Map.of("task", "regression", "features", List.of("a", "b", "c"), "target", "y",
                "feature_scaler", Map.of("mean", mean, "scale", scale),
                "target_scaler", Map.of("mean", List.of(100.0), "scale", List.of(20.0))), Map.of());
        Path file = dir.resolve("reg.onnx");
        Onnx.exportModel(model, file);
        Tensor x = raw(6);
        Tensor expected = OnnxExportTest.nabla(m, scaled(x)).mul(20).add(100);
        assertClose(expected, (Tensor) OrtRunner.run(file, Map.of("features", x)).get("prediction"), "regression");
        assertClose(expected, Onnx.load(file).forward(x), "regression imported");
    }

    @Test
    void classificationAnswersTheLabelOfTheHighestScore() throws Exception {
        Module m = new Sequential(new Linear(3, 8), new ReLU(), new Linear(8, 3));
        Path model = dir.resolve("cls");
        List<String> classes = List.of("setosa", "versicolor", "virginica");
        ModelFiles.save(m, model, Map.of("task", "classification", "features", List.of("a", "b", "c"), "target", "species",
                "feature_scaler", Map.of("mean", mean, "scale", scale), "classes", classes), Map.of());
        Path file = dir.resolve("cls.onnx");
        Onnx.exportModel(model, file);
        Tensor x = raw(7);
        Tensor scores = OnnxExportTest.nabla(m, scaled(x));
        Map<String, Object> out = OrtRunner.run(file, Map.of("features", x));
        assertClose(scores, (Tensor) out.get("scores"), "classification scores");
        long[] idx = scores.argmax(1, false).toLongArray();
        String[] expected = new String[idx.length];
        for (int i = 0; i < idx.length; i++) {
            expected[i] = classes.get((int) idx[i]);
        }
        assertArrayEquals(expected, (String[]) out.get("label"));
        Map<String, Object> imported = Onnx.load(file).runAll(Map.of("features", x));
        assertArrayEquals(expected, (String[]) imported.get("label"));
        assertClose(scores, (Tensor) imported.get("scores"), "classification scores imported");
    }

    @Test
    void aSavedCnnWithoutPreprocessingAsksForASampleInput() throws Exception {
        Module m = new Sequential(new Conv2d(1, 2, 3), new Flatten(), new Linear(8, 2));
        Path model = dir.resolve("cnn");
        ModelFiles.save(m, model, Map.of(), Map.of());
        var e = assertThrows(FormatException.class, () -> Onnx.exportModel(model, dir.resolve("cnn.onnx")));
        assertEquals(model + ": a convolutional model does not record its input's spatial size; "
                + "export it with Onnx.export(module, sampleInput, file)", e.getMessage());
    }
}
