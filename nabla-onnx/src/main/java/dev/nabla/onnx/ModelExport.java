package dev.nabla.onnx;

import dev.nabla.io.FormatException;
import dev.nabla.nn.Module;
import dev.nabla.onnx.proto.OnnxProto.TensorProto;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.io.ModelFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Exports a model directory with the preprocessing {@code nabla train} saved, so that the ONNX
 * file answers like {@code nabla predict}. Input {@code features}, float {@code [batch, F]} raw
 * values in the order of {@code preprocessing.features}; they are scaled by
 * {@code (x - mean) / scale} before the network. Outputs: for regression {@code prediction}
 * {@code [batch, 1]} in the target's units ({@code y * scale + mean}); for classification
 * {@code scores} (the network's outputs) and {@code label}, the string class label of the
 * highest score ({@code [batch]}). A directory without preprocessing exports as the bare
 * network ({@code input} → {@code output}) traced on a zero sample of its first Linear's width.
 */
final class ModelExport {
    private ModelExport() {
    }

    static void export(Path dir, Path file) throws IOException {
        ModelFiles.Saved saved = ModelFiles.read(dir);
        Module module = saved.module();
        Map<String, Object> pre = saved.preprocessing();
        if (pre == null || !pre.containsKey("feature_scaler")) {
            Onnx.export(module, Tensor.zeros(1, inputWidth(module, dir)), file);
            return;
        }
        try {
            List<?> features = (List<?>) pre.get("features");
            float[] mean = floats(scaler(pre, "feature_scaler").get("mean"));
            float[] scale = floats(scaler(pre, "feature_scaler").get("scale"));
            if (features == null || mean.length != features.size() || scale.length != mean.length) {
                throw new FormatException(dir + ": preprocessing's features and feature_scaler disagree in length");
            }
            boolean classification = "classification".equals(pre.get("task"));
            GraphBuilder g = new GraphBuilder(dir.getFileName().toString());
            Tensor sample = Tensor.zeros(1, mean.length);
            Map<Integer, String> dyn = Map.of(0, "batch");
            Onnx.traced(module, () -> {
                g.input("features", TensorProto.DataType.FLOAT_VALUE, sample.shape(), dyn);
                String x = g.node("Div", List.of(g.node("Sub", List.of("features", g.floats("feature_mean", mean, mean.length))),
                        g.floats("feature_scale", scale, scale.length)));
                String y = LayerExport.convert(module, sample, x, g);
                int[] outShape = module.forward(sample).shape();
                if (classification) {
                    g.renameLastOutput("scores");
                    g.output("scores", TensorProto.DataType.FLOAT_VALUE, outShape, dyn);
                    String idx = g.node("ArgMax", List.of("scores"), GraphBuilder.attr("axis", 1L),
                            GraphBuilder.attr("keepdims", 0L));
                    g.node("Gather", List.of(g.strings("classes", strings(pre.get("classes"))), idx));
                    g.renameLastOutput("label");
                    g.output("label", TensorProto.DataType.STRING_VALUE, new int[] {1}, dyn);
                } else {
                    Map<?, ?> ts = scaler(pre, "target_scaler");
                    float[] tScale = floats(ts.get("scale"));
                    float[] tMean = floats(ts.get("mean"));
                    g.node("Add", List.of(g.node("Mul", List.of(y, g.floats("target_scale", tScale, tScale.length))),
                            g.floats("target_mean", tMean, tMean.length)));
                    g.renameLastOutput("prediction");
                    g.output("prediction", TensorProto.DataType.FLOAT_VALUE, outShape, dyn);
                }
            });
            Onnx.write(g.build(), file);
        } catch (ClassCastException | NullPointerException e) {
            throw new FormatException(dir + ": malformed preprocessing in model.json");
        }
    }

    private static int inputWidth(Module module, Path dir) throws FormatException {
        for (Module m : module.modules()) {
            if (m instanceof dev.nabla.nn.layers.Linear l) {
                return l.inFeatures();
            }
            if (m instanceof dev.nabla.nn.layers.ConvNd) {
                throw new FormatException(dir + ": a convolutional model does not record its input's spatial size; "
                        + "export it with Onnx.export(module, sampleInput, file)");
            }
        }
        throw new FormatException(dir + ": no preprocessing and no Linear layer to tell the input width; "
                + "export it with Onnx.export(module, sampleInput, file)");
    }

    private static Map<?, ?> scaler(Map<String, Object> pre, String key) {
        return (Map<?, ?>) pre.get(key);
    }

    private static float[] floats(Object list) {
        List<?> l = (List<?>) list;
        float[] out = new float[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).floatValue();
        }
        return out;
    }

    private static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(o -> (String) o).toList();
    }
}
