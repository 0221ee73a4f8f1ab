package dev.nabla.train.io;

import dev.nabla.data.csv.CsvData;
import dev.nabla.data.csv.CsvEncoding;
import dev.nabla.data.csv.CsvReader;
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
 */
public record TabularPreprocessing(String task, List<String> features, String target, StandardScaler featureScaler,
        StandardScaler targetScaler, List<String> classes) {

    /** Checks and copies the feature list. */
    public TabularPreprocessing {
        features = List.copyOf(features);
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

    /** Loads a model saved by {@code nabla train} (or anything saved with this preprocessing). */
    public static Loaded load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no model directory at " + dir);
        }
        ModelFiles.Saved saved = ModelFiles.read(dir);
        Map<String, Object> p = saved.preprocessing();
        if (p == null) {
            throw new FormatException(dir + ": the model has no preprocessing (not saved by 'nabla train')");
        }
        try {
            String task = (String) p.get("task");
            List<String> features = strings(p.get("features"));
            String target = (String) p.get("target");
            StandardScaler fs = scaler(p.get("feature_scaler"));
            StandardScaler ts = p.containsKey("target_scaler") ? scaler(p.get("target_scaler")) : null;
            List<String> classes = p.containsKey("classes") ? strings(p.get("classes")) : null;
            if (task == null || target == null || fs == null || (task.equals("classification") ? classes == null : ts == null)) {
                throw new FormatException(dir + ": incomplete preprocessing in model.json");
            }
            return new Loaded(saved.module(), new TabularPreprocessing(task, features, target, fs, ts, classes));
        } catch (ClassCastException e) {
            throw new FormatException(dir + ": malformed preprocessing in model.json");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        for (Object x : (List<Object>) o) {
            out.add((String) x);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static StandardScaler scaler(Object o) {
        Map<String, Object> m = (Map<String, Object>) o;
        return new StandardScaler(doubles(m.get("mean")), doubles(m.get("scale")));
    }

    @SuppressWarnings("unchecked")
    private static double[] doubles(Object o) {
        List<Object> l = (List<Object>) o;
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).doubleValue();
        }
        return out;
    }

    /** Reads the saved feature columns (and the target when {@code withTarget}) of {@code file}. */
    public CsvData read(Path file, boolean withTarget) {
        CsvReader r = new CsvReader().features(features.toArray(String[]::new)).dtype(DType.FLOAT32);
        if (withTarget) {
            r.target(target);
            if (classification()) {
                r.categorical(target).using(new CsvEncoding(Map.of(), Map.of(target, LabelEncoder.of(classes)), Map.of()));
            }
        }
        return r.read(file);
    }

    /** Raw model outputs for {@code features} (unscaled CSV values). */
    public Tensor outputs(Module module, Tensor features) {
        module.eval();
        try (var ng = Tensor.noGrad()) {
            return module.forward(featureScaler.transform(features));
        }
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
            m.put("r2", 1 - se / ss);
        }
        return m;
    }
}
