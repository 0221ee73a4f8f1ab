package dev.nabla.cli;

import dev.nabla.onnx.Onnx;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code nabla export --model DIR --onnx FILE}: a saved model as ONNX, preprocessing included. */
final class ExportCommand implements Command {
    @Override
    public String name() {
        return "export";
    }

    @Override
    public String summary() {
        return "export a saved model to ONNX (preprocessing included)";
    }

    @Override
    public String help() {
        return """
                usage: nabla export --model DIR --onnx FILE

                Writes the model saved in DIR as an ONNX file (opset %d) that ONNX Runtime and
                other ONNX tools run. A model saved by 'nabla train' keeps its preprocessing:
                input 'features' takes raw feature values [batch, F] in the training CSV's column
                order, and the outputs are 'prediction' (regression, target units) or 'label' and
                'scores' (classification), as 'nabla predict' answers. Another saved model
                exports as 'input' -> 'output'.

                Options:
                  --model DIR   model directory written by 'nabla train --save' or ModelFiles.save
                  --onnx FILE   ONNX file to write (replaced atomically)
                """.formatted(Onnx.OPSET);
    }

    @Override
    public int run(List<String> argv, PrintStream out) throws Exception {
        Args a = Args.parse(argv);
        String model = a.string("model", null);
        String onnx = a.string("onnx", null);
        a.rejectUnknown();
        if (model == null || onnx == null) {
            throw new UsageException("options '--model' and '--onnx' are required");
        }
        if (!Files.isDirectory(Path.of(model))) {
            throw new UsageException("no model directory at " + model);
        }
        Onnx.exportModel(Path.of(model), Path.of(onnx));
        out.printf("wrote %s (ONNX opset %d) from %s%n", onnx, Onnx.OPSET, model);
        return 0;
    }
}
