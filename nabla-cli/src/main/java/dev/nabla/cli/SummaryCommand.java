package dev.nabla.cli;

import dev.nabla.io.Json;
import dev.nabla.nn.Module;
import dev.nabla.train.Model;
import dev.nabla.train.io.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nabla summary}: the layers, parameter counts and preprocessing of a saved model. */
@Command(name = "summary", synopsisHeading = "usage: ", customSynopsis = "nabla summary --model PATH",
        description = {"describe a saved model", "",
            "Prints a saved model's layers with output shapes and parameter counts, and what 'nabla train' saved "
            + "with it (task, features, target, classes, metadata)."},
        optionListHeading = "%nOptions:%n", sortOptions = false)
final class SummaryCommand extends CliCommand {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;
    @Option(names = "--model", paramLabel = "PATH", description = "model directory (see docs/model-format.md)")
    String model;

    @Override
    int run() throws Exception {
        if (model == null) {
            throw new UsageException("option '--model' is required");
        }
        Path dir = Path.of(model);
        if (!Files.isDirectory(dir)) {
            throw new java.io.IOException("no model directory at " + dir);
        }
        ModelFiles.Saved saved = ModelFiles.read(dir);
        Module m = saved.module();
        Map<String, Object> p = saved.preprocessing();
        if (p != null && p.get("features") instanceof List<?> f) {
            out.print(new Model(m).summary(f.size()));
            out.println("task: " + p.get("task") + ", target: " + p.get("target"));
            out.println("features (" + f.size() + "): " + String.join(", ", f.stream().map(Object::toString).toList()));
            if (p.get("classes") instanceof List<?> c) {
                out.println("classes: " + c);
            }
        } else {
            out.println(m);
            out.println("parameters: " + m.numParameters());
        }
        if (!saved.metadata().isEmpty()) {
            out.println("metadata: " + Json.write(saved.metadata()));
        }
        return 0;
    }
}
