package dev.nabla.cli;

import dev.nabla.data.csv.CsvData;
import dev.nabla.data.csv.CsvReader;
import dev.nabla.data.preprocessing.StandardScaler;
import dev.nabla.io.AtomicFiles;
import dev.nabla.io.FormatException;
import dev.nabla.io.Json;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.io.ModelFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model trained by {@code nabla train} on a CSV, with the preprocessing fitted in training:
 * the feature columns and their standardization, the task, and the target's standardization
 * (regression) or class names (classification). Stored as a model directory
 * ({@link ModelFiles}) plus {@code preprocessing.json}.
 */
record TabularModel(Module module, List<String> features, String target, boolean classification,
                    StandardScaler featureScaler, StandardScaler targetScaler, List<String> classes) {

    /** Reads {@code csv}'s feature columns (and the target, if {@code withTarget}) as this model expects them. */
    CsvData read(Path csv, boolean withTarget) {
        CsvReader reader = new CsvReader().features(features.toArray(String[]::new));
        if (withTarget) {
            reader.target(target);
            if (classification) {
                reader.categorical(target);
            }
        }
        return reader.read(csv);
    }

    /** Model outputs in the original units: values for regression, class indices for classification. */
    Tensor predict(Tensor rawFeatures) {
        module.eval();
        try (var noGrad = Tensor.noGrad()) {
            Tensor out = module.forward(featureScaler.transform(rawFeatures));
            return classification ? out.argmax(1, false) : targetScaler.inverseTransform(out);
        }
    }

    /** Class indices of target names as read by {@link #read} (its encoder may order classes differently). */
    Tensor classIndices(CsvData data) {
        List<String> seen = data.encoding().labels().get(target).inverseTransform(data.target().reshape(-1));
        long[] idx = new long[seen.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = classes.indexOf(seen.get(i));
            if (idx[i] < 0) {
                throw new IllegalArgumentException("class '" + seen.get(i) + "' of column " + target
                        + " was not seen in training (classes: " + classes + ")");
            }
        }
        return Tensor.of(idx);
    }

    void save(Path dir) throws IOException {
        ModelFiles.save(module, dir);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("features", features);
        p.put("target", target);
        p.put("task", classification ? "classification" : "regression");
        p.put("feature_mean", boxed(featureScaler.mean()));
        p.put("feature_scale", boxed(featureScaler.scale()));
        if (classification) {
            p.put("classes", classes);
        } else {
            p.put("target_mean", boxed(targetScaler.mean()));
            p.put("target_scale", boxed(targetScaler.scale()));
        }
        AtomicFiles.write(dir.resolve("preprocessing.json"), Json.writePretty(p).getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static TabularModel load(Path dir) throws IOException {
        Module module = ModelFiles.load(dir);
        Path file = dir.resolve("preprocessing.json");
        Object parsed;
        try {
            parsed = Json.parse(Files.readAllBytes(file), Json.DEFAULT_MAX_DEPTH);
        } catch (NoSuchFileException e) {
            throw new FormatException(file + " is missing: was this model saved by nabla train?");
        }
        try {
            Map<String, Object> p = (Map<String, Object>) parsed;
            boolean classification = "classification".equals(p.get("task"));
            StandardScaler fs = scaler(p, "feature");
            return new TabularModel(module, (List<String>) p.get("features"), (String) p.get("target"), classification,
                    fs, classification ? null : scaler(p, "target"),
                    classification ? (List<String>) p.get("classes") : null);
        } catch (ClassCastException | NullPointerException e) {
            throw new FormatException(file + ": malformed preprocessing entry (" + e.getMessage() + ")");
        }
    }

    private static StandardScaler scaler(Map<String, Object> p, String prefix) {
        return new StandardScaler(unboxed(p.get(prefix + "_mean")), unboxed(p.get(prefix + "_scale")));
    }

    private static List<Double> boxed(double[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }

    private static double[] unboxed(Object list) {
        return ((List<?>) list).stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
    }
}
