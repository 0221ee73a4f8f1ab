package dev.nabla.cli;

import dev.nabla.backend.DType;
import dev.nabla.data.csv.CsvData;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.io.TabularPreprocessing;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nabla evaluate}: the task's metrics of a saved model on a labelled CSV file. */
@Command(name = "evaluate", synopsisHeading = "usage: ", customSynopsis = "nabla evaluate --model PATH --csv FILE",
        description = {"metrics of a saved model on a labelled CSV file", "",
            "Applies the model saved by 'nabla train' (with its saved scaling and labels) to FILE, which must have "
            + "the feature columns and the target column. The last line is 'result: ' and the metrics: mse, mae "
            + "and r2 (in the target's units) for regression, accuracy and macro f1 for classification. Exits "
            + "with status 1 when a prediction is NaN or infinite."},
        optionListHeading = "%nOptions:%n", sortOptions = false)
final class EvaluateCommand extends CliCommand {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;
    @Mixin
    DeviceOption device;
    @Option(names = "--model", paramLabel = "PATH", description = "model directory written by 'nabla train --save'")
    String model;
    @Option(names = "--csv", paramLabel = "FILE", description = "labelled data (CSV with a header)")
    String csv;

    @Override
    int run() throws Exception {
        device.select();
        if (model == null) {
            throw new UsageException("option '--model' is required");
        }
        Path csvPath = Tabular.csv("--csv", csv);
        TabularPreprocessing.Loaded loaded = TabularPreprocessing.load(Path.of(model));
        TabularPreprocessing tab = loaded.preprocessing();
        CsvData data = tab.read(csvPath, true);
        if (data.size() == 0) {
            throw new IllegalArgumentException(csvPath + ": no data rows to evaluate on");
        }
        Tensor outputs = tab.outputs(loaded.module(), data.features());
        double[] pred = tab.predictNumbers(outputs);
        double[] truth = data.target().to(DType.FLOAT64).reshape(-1).toDoubleArray();
        out.printf("%d rows of %s, %s on '%s'%n", data.size(), csvPath.getFileName(), tab.task(), tab.target());
        out.println("result: " + Tabular.format(tab.metrics(pred, truth)));
        int bad = TabularPreprocessing.nonFiniteRows(outputs);
        if (bad > 0) {
            err.printf("nabla: warning: %d of %d predictions are not finite (NaN or infinite); the model is broken%n",
                    bad, pred.length);
            return 1;
        }
        return 0;
    }
}
