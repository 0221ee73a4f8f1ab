package dev.nabla.cli;

import dev.nabla.data.csv.CsvData;
import dev.nabla.backend.DType;
import dev.nabla.train.io.TabularPreprocessing;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code nabla evaluate}: the task's metrics of a saved model on a labelled CSV file. */
final class EvaluateCommand implements Command {
    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "metrics of a saved model on a labelled CSV file";
    }

    @Override
    public String help() {
        return """
                usage: nabla evaluate --model PATH --csv FILE

                Applies the model saved by 'nabla train' (with its saved scaling and labels) to
                FILE, which must have the feature columns and the target column. The last line is
                'result: ' and the metrics: mse, mae and r2 (in the target's units) for regression,
                accuracy and macro f1 for classification.

                Options:
                  --model PATH   model directory written by 'nabla train --save'
                  --csv FILE     labelled data (CSV with a header)
                """;
    }

    @Override
    public int run(List<String> argv, PrintStream out) throws Exception {
        Args a = Args.parse(argv);
        String model = a.string("model", null);
        if (model == null) {
            throw new UsageException("option '--model' is required");
        }
        Path csv = Tabular.csv(a, "csv");
        a.rejectUnknown();
        TabularPreprocessing.Loaded loaded = TabularPreprocessing.load(Path.of(model));
        TabularPreprocessing tab = loaded.preprocessing();
        CsvData data = tab.read(csv, true);
        double[] pred = tab.predictNumbers(tab.outputs(loaded.module(), data.features()));
        double[] truth = data.target().to(DType.FLOAT64).reshape(-1).toDoubleArray();
        out.printf("%d rows of %s, %s on '%s'%n", data.size(), csv.getFileName(), tab.task(), tab.target());
        out.println("result: " + Tabular.format(tab.metrics(pred, truth)));
        return 0;
    }
}
