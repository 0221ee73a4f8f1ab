package dev.nabla.cli;

import dev.nabla.io.Json;
import dev.nabla.nn.Module;
import dev.nabla.train.Model;
import dev.nabla.train.io.ModelFiles;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code nabla summary}: the layers, parameter counts and preprocessing of a saved model. */
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

                Prints a saved model's layers with output shapes and parameter counts, and what
                'nabla train' saved with it (task, features, target, classes, metadata).

                Options:
                  --model PATH   model directory (see docs/model-format.md)
                """;
    }

    @Override
    public int run(List<String> argv, PrintStream out) throws Exception {
        Args a = Args.parse(argv);
        String model = a.string("model", null);
        if (model == null) {
            throw new UsageException("option '--model' is required");
        }
        a.rejectUnknown();
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
