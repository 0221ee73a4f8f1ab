package dev.nabla.serve;

import dev.nabla.data.preprocessing.StandardScaler;
import dev.nabla.io.FormatException;
import dev.nabla.nn.Module;
import dev.nabla.nn.layers.Linear;
import dev.nabla.onnx.Onnx;
import dev.nabla.onnx.OnnxModule;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.io.ModelFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model the server answers for, with its Open Inference Protocol tensors.
 *
 * <p>A directory saved by {@code nabla train} takes input {@code features} (FP32
 * {@code [batch, F]}, raw values) and answers like {@code nabla predict}: {@code prediction}
 * (FP32 {@code [batch, 1]}, target units) for regression, {@code label} (BYTES {@code [batch]})
 * and {@code scores} (FP32 {@code [batch, classes]}) for classification. Other model directories
 * take {@code input} {@code [batch, in_features]} of their first Linear and answer {@code output}.
 * An {@code .onnx} file takes and answers its graph's single input and outputs (FP32).
 */
final class ServedModel {
    /** Output names and their OIP data types. */
    final Map<String, String> outputs = new LinkedHashMap<>();
    final String name;
    final String inputName;
    /** The shape of one row of the input ({@code [F]}), or null where the model does not say. */
    final int[] rowShape;
    private final Module module;
    private final StandardScaler featureScaler;
    private final StandardScaler targetScaler;
    private final List<String> classes;

    private ServedModel(String name, Module module, String inputName, int[] rowShape, StandardScaler featureScaler,
                        StandardScaler targetScaler, List<String> classes) {
        this.name = name;
        this.module = module;
        this.inputName = inputName;
        this.rowShape = rowShape;
        this.featureScaler = featureScaler;
        this.targetScaler = targetScaler;
        this.classes = classes;
        module.eval();
    }

    /** Loads a model directory or {@code .onnx} file, served under its file name (without {@code .onnx}). */
    static ServedModel load(Path path) throws IOException {
        String file = path.getFileName().toString();
        if (file.endsWith(".onnx")) {
            OnnxModule m = Onnx.load(path);
            if (m.inputNames().size() != 1) {
                throw new FormatException(path + ": the server needs a model with one input, this one has "
                        + m.inputNames());
            }
            ServedModel s = new ServedModel(file.substring(0, file.length() - 5), m, m.inputNames().get(0), null,
                    null, null, null);
            m.outputNames().forEach(o -> s.outputs.put(o, m.isStringOutput(o) ? "BYTES" : "FP32"));
            return s;
        }
        ModelFiles.Saved saved = ModelFiles.read(path);
        Map<String, Object> p = saved.preprocessing();
        if (p == null || !p.containsKey("feature_scaler")) {
            try {
                return of(file, saved.module());
            } catch (IllegalArgumentException e) {
                throw new FormatException(path + ": " + e.getMessage());
            }
        }
        try {
            StandardScaler fs = scaler(p.get("feature_scaler"));
            boolean classification = "classification".equals(p.get("task"));
            List<String> classes = classification ? ((List<?>) p.get("classes")).stream().map(o -> (String) o).toList() : null;
            ServedModel s = new ServedModel(file, saved.module(), "features", new int[] {fs.mean().length}, fs,
                    classification ? null : scaler(p.get("target_scaler")), classes);
            if (classification) {
                s.outputs.put("label", "BYTES");
                s.outputs.put("scores", "FP32");
            } else {
                s.outputs.put("prediction", "FP32");
            }
            return s;
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new FormatException(path + ": malformed preprocessing in model.json");
        }
    }

    /** A module in memory, input {@code input} {@code [batch, in_features of its first Linear]}, output {@code output}. */
    static ServedModel of(String name, Module module) {
        int width = module.modules().stream().filter(m -> m instanceof Linear).mapToInt(m -> ((Linear) m).inFeatures())
                .findFirst().orElseThrow(() -> new IllegalArgumentException("model '" + name
                        + "': cannot tell its input width (no Linear layer)"));
        ServedModel s = new ServedModel(name, module, "input", new int[] {width}, null, null, null);
        s.outputs.put("output", "FP32");
        return s;
    }

    private static StandardScaler scaler(Object o) {
        Map<?, ?> m = (Map<?, ?>) o;
        return new StandardScaler(doubles(m.get("mean")), doubles(m.get("scale")));
    }

    private static double[] doubles(Object o) {
        return ((List<?>) o).stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
    }

    /**
     * The outputs for a batch of rows: FP32 outputs as tensors with the batch first, BYTES
     * outputs as {@code String[]}. Called by one thread at a time (the model's batcher).
     */
    Map<String, Object> infer(Tensor rows) {
        Map<String, Object> out = new LinkedHashMap<>();
        try (var ng = Tensor.noGrad()) {
            if (module instanceof OnnxModule onnx) {
                out.putAll(onnx.runAll(Map.of(inputName, rows)));
                return out;
            }
            Tensor y = module.forward(featureScaler == null ? rows : featureScaler.transform(rows));
            if (classes != null) {
                long[] idx = y.argmax(1, false).toLongArray();
                String[] labels = new String[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    labels[i] = classes.get((int) idx[i]);
                }
                out.put("label", labels);
                out.put("scores", y);
            } else if (targetScaler != null) {
                out.put("prediction", targetScaler.inverseTransform(y));
            } else {
                out.put("output", y);
            }
        }
        return out;
    }
}
