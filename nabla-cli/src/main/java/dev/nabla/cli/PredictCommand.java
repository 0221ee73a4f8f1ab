package dev.nabla.cli;

import dev.nabla.data.csv.CsvData;
import dev.nabla.io.AtomicFiles;
import dev.nabla.tensor.Tensor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code nabla predict --model PATH --csv FILE --out FILE}: writes one prediction per row of the
 * input CSV, in the target's original units (regression) or as class names (classification), to
 * a CSV with one column named after the target.
 */
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

                Applies the model's saved preprocessing to FILE's feature columns (a target column
                may be present and is ignored) and writes the predictions to the --out CSV.
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
        Path output = Path.of(TrainCommand.required(args, "out"));
        args.rejectUnknown();
        TabularModel model = TabularModel.load(modelDir);
        CsvData data = model.read(csv, false);
        Tensor predicted = model.predict(data.features());
        StringBuilder text = new StringBuilder(model.target()).append('\n');
        if (model.classification()) {
            for (long c : predicted.toLongArray()) {
                text.append(model.classes().get((int) c)).append('\n');
            }
        } else {
            for (double v : predicted.toDoubleArray()) {
                text.append((float) v).append('\n');
            }
        }
        AtomicFiles.write(output, text.toString().getBytes(StandardCharsets.UTF_8));
        out.println("wrote " + data.size() + " predictions to " + output);
        return 0;
    }
}
