package dev.nabla.cli;

import dev.nabla.data.csv.CsvData;
import dev.nabla.io.AtomicFiles;
import dev.nabla.train.io.TabularPreprocessing;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** {@code nabla predict}: a CSV of a saved model's predictions, in the target's units or labels. */
final class PredictCommand implements Command {
    @Override
    public String name() {
        return "predict";
    }

    @Override
    public String summary() {
        return "write a saved model's predictions for a CSV file";
    }

    @Override
    public String help() {
        return """
                usage: nabla predict --model PATH --csv FILE --out FILE

                Applies the model saved by 'nabla train' to the feature columns of FILE (other
                columns, such as the target, are ignored) and writes one prediction per row to
                the output CSV, under a header named after the target: numbers in the target's
                original units for regression, class labels for classification.

                Options:
                  --model PATH   model directory written by 'nabla train --save'
                  --csv FILE     input rows (CSV with a header)
                  --out FILE     predictions to write (replaced atomically)
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
        String outFile = a.string("out", null);
        if (outFile == null) {
            throw new UsageException("option '--out' is required");
        }
        a.rejectUnknown();
        TabularPreprocessing.Loaded loaded = TabularPreprocessing.load(Path.of(model));
        TabularPreprocessing tab = loaded.preprocessing();
        CsvData data = tab.read(csv, false);
        double[] pred = tab.predictNumbers(tab.outputs(loaded.module(), data.features()));
        StringBuilder sb = new StringBuilder(quote(tab.target())).append('\n');
        for (double p : pred) {
            sb.append(tab.classification() ? quote(tab.classes().get((int) p)) : Double.toString((float) p)).append('\n');
        }
        AtomicFiles.write(Path.of(outFile).toAbsolutePath(), sb.toString().getBytes(StandardCharsets.UTF_8));
        out.printf("wrote %d predictions of '%s' to %s%n", pred.length, tab.target(), outFile);
        return 0;
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
