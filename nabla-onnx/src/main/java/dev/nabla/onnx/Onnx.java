package dev.nabla.onnx;

import dev.nabla.backend.Shape;
import dev.nabla.io.AtomicFiles;
import dev.nabla.io.FormatException;
import dev.nabla.nn.Module;
import dev.nabla.onnx.proto.OnnxProto.GraphProto;
import dev.nabla.onnx.proto.OnnxProto.ModelProto;
import dev.nabla.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX export and import.
 *
 * <p>{@link #export} writes a module as an ONNX model (IR version {@value #IR_VERSION}, default
 * opset {@value #OPSET}) whose input is shaped like the sample input with free leading dims:
 * all but the last (dim 0 named {@code batch}, dim 1 {@code sequence}), or all of them for an
 * int64 (token index) input. Built-in layers export to ONNX ops: Linear (Gemm, or MatMul and Add
 * above 2-d), the activations, Softmax/LogSoftmax, LayerNorm (LayerNormalization),
 * BatchNorm1d (BatchNormalization with the running statistics), Dropout (Identity), Flatten,
 * Embedding (Gather), RNN/LSTM/GRU (ONNX's RNN/LSTM/GRU), the convolution, pooling and
 * image-norm layers (see {@link ImageExport}; such a model has only its batch dim free), and
 * the attention layers of {@link AttentionExport}, and Sequential containers of them. A module
 * that contains any other layer is refused, naming each such layer. {@link #exportDecoder}
 * exports a Transformer decoder, which takes two inputs (target and memory).
 *
 * <p>{@link #load} reads an ONNX model (Nabla's or another exporter's, e.g. PyTorch's) into a
 * runnable {@link OnnxModule}; it refuses files that are not valid ONNX and models that use ops
 * Nabla does not implement, listing them.
 */
public final class Onnx {
    /** The ONNX operator set exports use: Gelu needs 20. */
    public static final int OPSET = 20;
    /** The ONNX IR version that goes with {@link #OPSET}. */
    public static final int IR_VERSION = 9;

    private Onnx() {
    }

    /** Exports {@code module} with input {@code input} and output {@code output}. */
    public static void export(Module module, Tensor sampleInput, Path file) throws IOException {
        export(module, sampleInput, file, "input", "output");
    }

    /**
     * Exports {@code module} in inference mode, traced on {@code sampleInput} (a batch of real
     * inputs: float, or int64 indices for an embedding first layer), to {@code file} (replaced
     * atomically), with the graph input and output named {@code inputName} and {@code outputName}.
     *
     * @throws IllegalArgumentException naming every layer that has no ONNX form
     */
    public static void export(Module module, Tensor sampleInput, Path file, String inputName, String outputName)
            throws IOException {
        GraphBuilder g = new GraphBuilder(module.getClass().getSimpleName());
        traced(module, () -> {
            boolean image = LayerExport.contains(module, ImageExport.LAYERS);
            g.input(inputName, OnnxTensors.elemType(sampleInput.dtype()), sampleInput.shape(), image ? BATCH_ONLY
                    : dynamicDims(sampleInput.dim(), !sampleInput.dtype().isFloatingPoint()));
            LayerExport.convert(module, sampleInput, inputName, g);
            g.renameLastOutput(outputName);
            Tensor y = module.forward(sampleInput);
            g.output(outputName, OnnxTensors.elemType(y.dtype()), y.shape(), image ? BATCH_ONLY : dynamicDims(y.dim(), false));
        });
        write(g.build(), file);
    }

    /**
     * Exports a Transformer decoder ({@code TransformerDecoderLayer} or {@code TransformerStack}
     * decoder), traced on a target {@code [B, Lt, d]} and a memory {@code [B, Ls, d]} (batch-first
     * as the decoder's attention expects), to {@code file}: graph inputs {@code target} and
     * {@code memory} (batch, target and memory lengths free), output {@code output}; the
     * self-attention hides later target positions when {@code causal}, as {@code forward(…, causal)}.
     *
     * @throws IllegalArgumentException for another module, or samples the decoder does not take
     */
    public static void exportDecoder(Module decoder, Tensor sampleTarget, Tensor sampleMemory, boolean causal, Path file)
            throws IOException {
        GraphBuilder g = new GraphBuilder(decoder.getClass().getSimpleName());
        inference(decoder, () -> {
            int[] t = sampleTarget.shape();
            g.input("target", OnnxTensors.elemType(sampleTarget.dtype()), t, dynamicDims(t.length, false));
            g.input("memory", OnnxTensors.elemType(sampleMemory.dtype()), sampleMemory.shape(),
                    Map.of(0, "batch", 1, "memory_sequence"));
            AttentionExport.decoder(decoder, "target", "memory", causal, g);
            g.renameLastOutput("output");
            Tensor y;
            try {
                y = AttentionExport.runDecoder(decoder, sampleTarget, sampleMemory, causal);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ONNX export: decoder samples target " + Shape.str(t) + ", memory "
                        + Shape.str(sampleMemory.shape()) + ": " + e.getMessage(), e);
            }
            g.output("output", OnnxTensors.elemType(y.dtype()), y.shape(), dynamicDims(y.dim(), false));
        });
        write(g.build(), file);
    }

    /** Runs {@code body} with {@code module} checked for exportability, in eval mode and without gradients. */
    static void traced(Module module, Runnable body) {
        List<String> missing = LayerExport.unsupported(module);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("ONNX export: no ONNX form for " + String.join(", ", missing));
        }
        inference(module, body);
    }

    private static void inference(Module module, Runnable body) {
        boolean training = module.isTraining();
        module.eval();
        try (var ng = Tensor.noGrad()) {
            body.run();
        } finally {
            module.train(training);
        }
    }

    /** The free dims of a model with image layers (convolutions, pooling, resizing): the batch only. */
    private static final Map<Integer, String> BATCH_ONLY = Map.of(0, "batch");

    /**
     * The dims of a graph input or output left free: all but the last (the features), or all
     * for integer inputs (token indices); named batch, sequence, d2, d3, …
     */
    static Map<Integer, String> dynamicDims(int rank, boolean all) {
        Map<Integer, String> dyn = new LinkedHashMap<>();
        for (int i = 0; i < (all || rank == 1 ? rank : rank - 1); i++) {
            dyn.put(i, i == 0 ? "batch" : i == 1 ? "sequence" : "d" + i);
        }
        return dyn;
    }

    static void write(GraphProto graph, Path file) throws IOException {
        ModelProto model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("nabla")
                .setProducerVersion("0.1.0")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build();
        Path target = file.toAbsolutePath();
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        AtomicFiles.write(target, model.toByteArray());
    }

    /**
     * Exports a model directory saved by {@code nabla train} (see {@link ModelExport}): its
     * preprocessing becomes ONNX ops, so the file takes raw feature values.
     */
    public static void exportModel(Path modelDir, Path file) throws IOException {
        ModelExport.export(modelDir, file);
    }

    /** Reads an ONNX model into a runnable module. */
    public static OnnxModule load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no ONNX file at " + file);
        }
        try {
            return new OnnxModule(OnnxReader.read(Files.readAllBytes(file)));
        } catch (FormatException | IllegalArgumentException e) { // the latter: weights that do not fit a layer
            throw new FormatException(file + ": " + e.getMessage(), e);
        }
    }
}
