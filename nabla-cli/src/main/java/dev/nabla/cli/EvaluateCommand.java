package dev.nabla.cli;

import dev.nabla.data.csv.CsvData;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.metrics.Accuracy;
import dev.nabla.train.metrics.ClassificationScore;
import dev.nabla.train.metrics.Metric;
import dev.nabla.train.metrics.Regression;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code nabla evaluate --model PATH --csv FILE}: scores a model saved by {@code nabla train} on a
 * CSV file with the same columns; the last line is {@code result: mse=.. mae=.. r2=..}
 * (regression) or {@code result: accuracy=.. f1_macro=..} (classification).
 */
final class EvaluateCommand implements Command {

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "score a saved model on a CSV file";
    }

    @Override
    public String help() {
        return """
                usage: nabla evaluate --model PATH --csv FILE

                Applies the model's saved preprocessing to FILE (which must hold the model's feature
                columns and its target column) and prints the task's metrics.
                """;
    }

    @Override
    public int run(List<String> words, PrintStream out) throws Exception {
        Args args = Args.parse(words);
        if (args.has("help")) {
            out.print(help());
            return 0;
        }
        Path modelDir = Path.of(TrainCommand.required(args, "model"));
        Path csv = Path.of(TrainCommand.required(args, "csv"));
        args.rejectUnknown();
        TabularModel model = TabularModel.load(modelDir);
        CsvData data = model.read(csv, true);
        Tensor truth = model.classification() ? model.classIndices(data) : data.target();
        out.println(resultLine(scores(model, data.features(), truth)) + " rows=" + data.size());
        return 0;
    }

    /** The task's metrics of {@code model} on raw features and true targets (values or class indices). */
    static Map<String, Double> scores(TabularModel model, Tensor features, Tensor truth) {
        Tensor predicted = model.predict(features);
        List<Metric> metrics = model.classification()
                ? List.of(Accuracy.categorical(), ClassificationScore.f1(model.classes().size(),
                        ClassificationScore.Average.MACRO))
                : List.of(Regression.mse(), Regression.mae(), Regression.r2());
        // Classes are compared as one-hot rows, so the classification metrics take their argmax.
        Tensor compared = model.classification() ? predicted.oneHot(model.classes().size()) : predicted;
        Map<String, Double> out = new LinkedHashMap<>();
        for (Metric m : metrics) {
            m.update(compared, truth);
            out.put(m.name(), m.result());
        }
        return out;
    }

    static String resultLine(Map<String, Double> scores) {
        return "result: " + scores.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s=%.4f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(" "));
    }
}
