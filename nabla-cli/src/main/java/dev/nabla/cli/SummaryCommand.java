package dev.nabla.cli;

import dev.nabla.train.Model;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code nabla summary --model PATH}: prints a saved model's layers, output shapes and parameter counts. */
final class SummaryCommand implements Command {

    @Override
    public String name() {
        return "summary";
    }

    @Override
    public String summary() {
        return "describe a saved model";
    }

    @Override
    public String help() {
        return """
                usage: nabla summary --model PATH

                Prints the model's layers, output shapes and parameter counts, its features and task.
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
        args.rejectUnknown();
        TabularModel model = TabularModel.load(modelDir);
        out.print(new Model(model.module()).summary(model.features().size()));
        out.println("features: " + String.join(", ", model.features()));
        out.println("target: " + model.target() + " (" + (model.classification()
                ? "classification, classes " + model.classes() : "regression") + ")");
        return 0;
    }
}
