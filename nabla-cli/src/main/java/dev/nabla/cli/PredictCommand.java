package dev.nabla.cli;

import dev.nabla.data.csv.CsvData;
import dev.nabla.io.AtomicFiles;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.io.TabularPreprocessing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nabla predict}: a CSV of a saved model's predictions, in the target's units or labels. */
@Command(name = "predict", synopsisHeading = "usage: ", customSynopsis = "nabla predict --model PATH --csv FILE --out FILE",
        description = {"write a saved model's predictions for a CSV file", "",
            "Applies the model saved by 'nabla train' to the feature columns of FILE (other columns, such as the "
            + "target, are ignored) and writes one prediction per row to the output CSV, under a header named "
            + "after the target: numbers in the target's original units for regression, class labels for "
            + "classification. Warns when a prediction is NaN or infinite."},
        optionListHeading = "%nOptions:%n", sortOptions = false)
final class PredictCommand extends CliCommand {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;
    @Mixin
    DeviceOption device;
    @Option(names = "--model", paramLabel = "PATH", description = "model directory written by 'nabla train --save'")
    String model;
    @Option(names = "--csv", paramLabel = "FILE", description = "input rows (CSV with a header)")
    String csv;
    @Option(names = "--out", paramLabel = "FILE", description = "predictions to write (replaced atomically; not the input)")
    String outFile;

    @Override
    int run() throws Exception {
        device.select();
        if (model == null) {
            throw new UsageException("option '--model' is required");
        }
        Path csvPath = Tabular.csv("--csv", csv);
        if (outFile == null) {
            throw new UsageException("option '--out' is required");
        }
        Path outPath = Tabular.outputFile("--out", outFile);
        if (outPath.toAbsolutePath().normalize().equals(csvPath.toAbsolutePath().normalize())
                || (Files.exists(outPath) && Files.isSameFile(outPath, csvPath))) {
            throw new UsageException("option '--out' names the input file " + csv + "; write the predictions elsewhere");
        }
        TabularPreprocessing.Loaded loaded = TabularPreprocessing.load(Path.of(model));
        TabularPreprocessing tab = loaded.preprocessing();
        CsvData data = tab.read(csvPath, false);
        Tensor outputs = tab.outputs(loaded.module(), data.features());
        double[] pred = tab.predictNumbers(outputs);
        StringBuilder sb = new StringBuilder(quote(tab.target())).append('\n');
        for (double p : pred) {
            sb.append(tab.classification() ? quote(tab.classes().get((int) p)) : Double.toString((float) p)).append('\n');
        }
        AtomicFiles.write(outPath.toAbsolutePath(), sb.toString().getBytes(StandardCharsets.UTF_8));
        out.printf("wrote %d predictions of '%s' to %s%n", pred.length, tab.target(), outFile);
        int bad = TabularPreprocessing.nonFiniteRows(outputs);
        if (bad > 0) {
            err.printf("nabla: warning: %d of %d predictions are not finite (NaN or infinite)%n", bad, pred.length);
        }
        return 0;
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
