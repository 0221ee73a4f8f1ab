package dev.nabla.train.io;

import dev.nabla.data.csv.CsvData;
import dev.nabla.data.csv.CsvEncoding;
import dev.nabla.data.csv.CsvReader;
import dev.nabla.data.csv.MissingValues;
import dev.nabla.data.preprocessing.LabelEncoder;
import dev.nabla.data.preprocessing.StandardScaler;
import dev.nabla.io.FormatException;
import dev.nabla.nn.Module;
import dev.nabla.backend.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code nabla train} saves in {@code model.json}'s {@code preprocessing}, and the steps that
 * {@code nabla evaluate}, {@code nabla predict} and Spark's batch inference share: read the
 * feature columns, scale them with the training scaler, run the model and map its outputs back to
 * the target's units or class labels.
 *
 * @param task          {@code "regression"} or {@code "classification"}
 * @param features      the feature columns, in the model's input order
 * @param target        the target column
 * @param featureScaler the scaler fitted on the training features
 * @param targetScaler  regression only: the scaler fitted on the training targets (else null)
 * @param classes       classification only: the class labels by index (else null)
 * @param fillValues    trained with {@code --missing mean}: the training means that fill missing
 *                      feature values (else empty)
 */
public record TabularPreprocessing(String task, List<String> features, String target, StandardScaler featureScaler,
        StandardScaler targetScaler, List<String> classes, Map<String, Double> fillValues) {

    /** Copies the feature list and the fill values. */
    public TabularPreprocessing {
        features = List.copyOf(features);
        fillValues = Map.copyOf(fillValues);
    }

    /** Whether the task is classification (outputs are class scores). */
    public boolean classification() {
        return task.equals("classification");
    }

    /** The JSON object saved as {@code model.json}'s {@code preprocessing}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task);
        m.put("features", features);
        m.put("target", target);
        m.put("feature_scaler", scalerJson(featureScaler));
        if (targetScaler != null) {
            m.put("target_scaler", scalerJson(targetScaler));
        }
        if (classes != null) {
            m.put("classes", classes);
        }
        if (!fillValues.isEmpty()) {
            m.put("fill_values", new TreeMap<>(fillValues));
        }
        return m;
    }

    private static Map<String, Object> scalerJson(StandardScaler s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", list(s.mean()));
        m.put("scale", list(s.scale()));
        return m;
    }

    private static List<Object> list(double[] a) {
        List<Object> out = new ArrayList<>();
        for (double v : a) {
            out.add(v);
        }
        return out;
    }

    /** A model directory's network and preprocessing. */
    public record Loaded(Module module, TabularPreprocessing preprocessing) {
    }

    /** Loads a model saved by {@code nabla train} (or with this preprocessing), checking every field of it. */
    public static Loaded load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no model directory at " + dir);
        }
        ModelFiles.Saved saved = ModelFiles.read(dir);
        Map<String, Object> p = saved.preprocessing();
        String where = dir.resolve(ModelFiles.MODEL_JSON) + ": preprocessing";
        if (p == null) {
            throw new FormatException(dir + ": the model has no preprocessing (not saved by 'nabla train')");
        }
        if (!(p.get("task") instanceof String task) || !List.of("regression", "classification").contains(task)) {
            throw new FormatException(where + " \"task\" must be \"regression\" or \"classification\", got "
                    + p.get("task"));
        }
        List<String> features = strings(p.get("features"), where + " \"features\"");
        if (features.isEmpty()) {
            throw new FormatException(where + " \"features\" is empty");
        }
        if (!(p.get("target") instanceof String target)) {
            throw new FormatException(where + " \"target\" must be a string");
        }
        StandardScaler fs = scaler(p.get("feature_scaler"), features.size(), where + " \"feature_scaler\"");
        boolean classification = task.equals("classification");
        StandardScaler ts = classification ? null : scaler(p.get("target_scaler"), 1, where + " \"target_scaler\"");
        List<String> classes = classification ? strings(p.get("classes"), where + " \"classes\"") : null;
        if (classes != null && classes.size() < 2) {
            throw new FormatException(where + " \"classes\" must name at least two classes");
        }
        Map<String, Double> fills = new LinkedHashMap<>();
        if (p.get("fill_values") instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getValue() instanceof Number v) || !features.contains(e.getKey())) {
                    throw new FormatException(where + " \"fill_values\" must map feature names to numbers");
                }
                fills.put((String) e.getKey(), v.doubleValue());
            }
        }
        return new Loaded(saved.module(), new TabularPreprocessing(task, features, target, fs, ts, classes, fills));
    }

    private static List<String> strings(Object o, String what) throws FormatException {
        if (!(o instanceof List<?> list)) {
            throw new FormatException(what + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object x : list) {
            if (!(x instanceof String s)) {
                throw new FormatException(what + " must be a list of strings");
            }
            out.add(s);
        }
        return out;
    }

    private static StandardScaler scaler(Object o, int size, String what) throws FormatException {
        if (!(o instanceof Map<?, ?> m)) {
            throw new FormatException(what + " must be an object with \"mean\" and \"scale\"");
        }
        double[] mean = doubles(m.get("mean"), size, what + " \"mean\"");
        double[] scale = doubles(m.get("scale"), size, what + " \"scale\"");
        for (double v : scale) {
            if (!(v > 0)) {
                throw new FormatException(what + " \"scale\" must be positive numbers");
            }
        }
        return new StandardScaler(mean, scale);
    }

    private static double[] doubles(Object o, int size, String what) throws FormatException {
        if (!(o instanceof List<?> l) || l.size() != size) {
            throw new FormatException(what + " must be a list of " + size + " numbers");
        }
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            if (!(l.get(i) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                throw new FormatException(what + " must be a list of " + size + " finite numbers");
            }
            out[i] = n.doubleValue();
        }
        return out;
    }

    /** Reads the saved feature columns (and the target when {@code withTarget}) of {@code file}. */
    public CsvData read(Path file, boolean withTarget) {
        CsvReader r = new CsvReader().features(features.toArray(String[]::new)).dtype(DType.FLOAT32)
                .missingHint("train the model with --missing mean to impute missing values")
                .nonNumericHint(name -> "the model was trained on numbers in this column");
        if (!fillValues.isEmpty()) {
            r.missing(MissingValues.MEAN_IMPUTE).using(new CsvEncoding(Map.of(), Map.of(), fillValues));
        }
        if (withTarget) {
            r.target(target);
            if (classification()) {
                r.categorical(target).using(new CsvEncoding(Map.of(), Map.of(target, LabelEncoder.of(classes)), fillValues));
            }
        }
        return r.read(file);
    }

    /** Raw model outputs for {@code features} (unscaled CSV values). */
    public Tensor outputs(Module module, Tensor features) {
        try (var inference = Module.inference(); var ng = Tensor.noGrad()) {
            return module.forward(featureScaler.transform(features));
        }
    }

    /** How many rows of {@code outputs} ({@code [n, k]}) hold a NaN or an infinity. */
    public static int nonFiniteRows(Tensor outputs) {
        if (outputs.numel() == 0) {
            return 0;
        }
        float[] v = outputs.contiguous().toFloatArray();
        int k = v.length / outputs.size(0);
        int rows = 0;
        for (int i = 0; i < v.length; i += k) {
            for (int j = i; j < i + k; j++) {
                if (!Float.isFinite(v[j])) {
                    rows++;
                    break;
                }
            }
        }
        return rows;
    }

    /** Predictions in the target's units ({@code [n]} doubles) or class indices. */
    public double[] predictNumbers(Tensor out) {
        if (classification()) {
            long[] idx = out.argmax(1, false).toLongArray();
            double[] d = new double[idx.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = idx[i];
            }
            return d;
        }
        return targetScaler.inverseTransform(out).reshape(-1).toDoubleArray();
    }

    /** The task's metrics of {@code pred} against {@code truth}. */
    public Map<String, Double> metrics(double[] pred, double[] truth) {
        Map<String, Double> m = new LinkedHashMap<>();
        int n = pred.length;
        if (classification()) {
            int k = classes.size();
            long correct = 0;
            long[] tp = new long[k];
            long[] fp = new long[k];
            long[] fn = new long[k];
            for (int i = 0; i < n; i++) {
                int p = (int) pred[i];
                int t = (int) truth[i];
                if (p == t) {
                    correct++;
                    tp[t]++;
                } else {
                    fp[p]++;
                    fn[t]++;
                }
            }
            double f1 = 0;
            for (int c = 0; c < k; c++) {
                double denom = 2.0 * tp[c] + fp[c] + fn[c];
                f1 += denom == 0 ? 0 : 2.0 * tp[c] / denom;
            }
            m.put("accuracy", (double) correct / n);
            m.put("f1", f1 / k);
        } else {
            double se = 0;
            double ae = 0;
            double mean = 0;
            for (double t : truth) {
                mean += t / n;
            }
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double d = pred[i] - truth[i];
                se += d * d;
                ae += Math.abs(d);
                ss += (truth[i] - mean) * (truth[i] - mean);
            }
            m.put("mse", se / n);
            m.put("mae", ae / n);
            // as scikit-learn: a constant target gives 1 if predicted exactly, else 0 (not -infinity)
            m.put("r2", ss > 0 ? 1 - se / ss : se == 0 ? 1.0 : 0.0);
        }
        return m;
    }
}
