package dev.nabla.cli;

import dev.nabla.onnx.Onnx;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nabla export --model DIR --onnx FILE}: a saved model as ONNX, preprocessing included. */
@Command(name = "export", synopsisHeading = "usage: ", customSynopsis = "nabla export --model DIR --onnx FILE",
        description = {"export a saved model to ONNX (preprocessing included)", "",
            "Writes the model saved in DIR as an ONNX file that ONNX Runtime and other ONNX tools run. A model "
            + "saved by 'nabla train' keeps its preprocessing: input 'features' takes raw feature values "
            + "[batch, F] in the training CSV's column order, and the outputs are 'prediction' (regression, "
            + "target units) or 'label' and 'scores' (classification), as 'nabla predict' answers. Another saved "
            + "model exports as 'input' -> 'output'."},
        optionListHeading = "%nOptions:%n", sortOptions = false)
final class ExportCommand extends CliCommand {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;
    @Option(names = "--model", paramLabel = "DIR",
            description = "model directory written by 'nabla train --save' or ModelFiles.save")
    String model;
    @Option(names = "--onnx", paramLabel = "FILE", description = "ONNX file to write (replaced atomically)")
    String onnx;

    @Override
    int run() throws Exception {
        if (model == null || onnx == null) {
            throw new UsageException("options '--model' and '--onnx' are required");
        }
        if (!Files.isDirectory(Path.of(model))) {
            throw new UsageException("no model directory at " + model);
        }
        Path target = Tabular.outputFile("--onnx", onnx); // not into a directory that does not exist
        Onnx.exportModel(Path.of(model), target);
        out.printf("wrote %s (ONNX opset %d) from %s%n", onnx, Onnx.OPSET, model);
        return 0;
    }
}
