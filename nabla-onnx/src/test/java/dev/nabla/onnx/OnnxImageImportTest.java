package dev.nabla.onnx;

import static dev.nabla.onnx.GraphBuilder.attr;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.onnx.proto.OnnxProto.AttributeProto;
import dev.nabla.onnx.proto.OnnxProto.TensorProto;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The image ops as other exporters write them (uneven pads, pads over all dims, full-rank Resize
 * scales and sizes, opset-18 inputs), which Nabla's own export never emits: each one-node graph
 * is run by {@link Onnx#load} and by ONNX Runtime on the same random input, within
 * {@link OnnxExportTest#TOL}.
 */
class OnnxImageImportTest {
    private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;

    @TempDir
    Path dir;

    /** One node {@code op(input, extra inputs...)} on an input of {@code shape}. */
    record Case(String name, int[] shape, String op, BiFunction<GraphBuilder, Generator, List<String>> extra,
                AttributeProto... attributes) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("conv-uneven-pads-strided-no-bias", new int[] {2, 3, 7, 6}, "Conv",
                        (g, r) -> List.of(g.initializer("w", Tensor.randn(r, 4, 3, 3, 2))),
                        attr("pads", new long[] {0, 1, 2, 1}), attr("strides", new long[] {2, 1})),
                new Case("conv-auto-pad-valid-grouped", new int[] {2, 4, 6, 6}, "Conv",
                        (g, r) -> List.of(g.initializer("w", Tensor.randn(r, 6, 2, 3, 3)), g.initializer("b", Tensor.randn(r, 6))),
                        attr("auto_pad", "VALID"), attr("group", 2L)),
                new Case("conv-1d-dilated", new int[] {2, 3, 9}, "Conv",
                        (g, r) -> List.of(g.initializer("w", Tensor.randn(r, 2, 3, 3))),
                        attr("pads", new long[] {2, 1}), attr("dilations", new long[] {2})),
                new Case("conv-transpose-1d", new int[] {2, 3, 5}, "ConvTranspose",
                        (g, r) -> List.of(g.initializer("w", Tensor.randn(r, 3, 2, 3)), g.initializer("b", Tensor.randn(r, 2))),
                        attr("strides", new long[] {2}), attr("pads", new long[] {1, 1}), attr("output_padding", new long[] {1})),
                new Case("maxpool-uneven-pads", new int[] {2, 2, 6, 7}, "MaxPool", (g, r) -> List.of(),
                        attr("kernel_shape", new long[] {3, 3}), attr("strides", new long[] {2, 2}),
                        attr("pads", new long[] {1, 0, 0, 1})),
                new Case("maxpool-1d-ceil", new int[] {2, 3, 8}, "MaxPool", (g, r) -> List.of(),
                        attr("kernel_shape", new long[] {3}), attr("strides", new long[] {2}), attr("ceil_mode", 1L)),
                new Case("averagepool-include-pad-uneven", new int[] {2, 2, 6, 5}, "AveragePool", (g, r) -> List.of(),
                        attr("kernel_shape", new long[] {2, 3}), attr("pads", new long[] {1, 1, 0, 2}),
                        attr("count_include_pad", 1L)),
                new Case("global-averagepool-1d", new int[] {2, 3, 7}, "GlobalAveragePool", (g, r) -> List.of()),
                new Case("pad-constant-all-dims", new int[] {2, 3, 4, 5}, "Pad",
                        (g, r) -> List.of(g.longs("pads", 0, 1, 2, 0, 0, 0, 1, 3), g.floats("value", new float[] {1.5f}))),
                new Case("pad-reflect-axes", new int[] {2, 3, 4, 5}, "Pad",
                        (g, r) -> List.of(g.longs("pads", 1, 2, 3, 0), "", g.longs("axes", -2, -1)), attr("mode", "reflect")),
                new Case("pad-edge", new int[] {2, 3, 4}, "Pad", (g, r) -> List.of(g.longs("pads", 0, 0, 2, 0, 0, 1)),
                        attr("mode", "edge")),
                new Case("resize-nearest-full-scales", new int[] {2, 3, 3, 4}, "Resize",
                        (g, r) -> List.of("", g.floats("scales", new float[] {1, 1, 2, 3}, 4)),
                        attr("mode", "nearest"), attr("coordinate_transformation_mode", "asymmetric"),
                        attr("nearest_mode", "floor")),
                new Case("resize-linear-pytorch-half-pixel-sizes", new int[] {2, 3, 4, 5}, "Resize",
                        (g, r) -> List.of("", "", g.longs("sizes", 2, 3, 7, 3)),
                        attr("mode", "linear"), attr("coordinate_transformation_mode", "pytorch_half_pixel")),
                new Case("resize-linear-pytorch-half-pixel-to-length-1", new int[] {2, 3, 4, 5}, "Resize",
                        (g, r) -> List.of("", "", g.longs("sizes", 1, 6)), attr("mode", "linear"), attr("axes", new long[] {2, 3}),
                        attr("coordinate_transformation_mode", "pytorch_half_pixel")),
                new Case("resize-cubic-half-pixel-scales", new int[] {2, 3, 4, 5}, "Resize",
                        (g, r) -> List.of("", g.floats("scales", new float[] {1, 1, 1.5f, 2}, 4)), attr("mode", "cubic")),
                new Case("resize-cubic-align-corners-sizes", new int[] {1, 2, 5, 4}, "Resize",
                        (g, r) -> List.of("", "", g.longs("sizes", 3, 7)), attr("mode", "cubic"), attr("axes", new long[] {2, 3}),
                        attr("coordinate_transformation_mode", "align_corners")),
                new Case("resize-nearest-half-pixel-round-prefer-ceil", new int[] {2, 3, 4, 5}, "Resize",
                        (g, r) -> List.of("", g.floats("scales", new float[] {1, 1, 1.7f, 0.6f}, 4)), attr("mode", "nearest"),
                        attr("nearest_mode", "round_prefer_ceil")),
                new Case("depth-to-space-dcr", new int[] {2, 8, 3, 2}, "DepthToSpace", (g, r) -> List.of(),
                        attr("blocksize", 2L)),
                new Case("depth-to-space-crd", new int[] {1, 12, 2, 3}, "DepthToSpace", (g, r) -> List.of(),
                        attr("blocksize", 2L), attr("mode", "CRD")),
                new Case("reduce-mean-axes-input", new int[] {2, 3, 4, 5}, "ReduceMean",
                        (g, r) -> List.of(g.longs("axes", 1, -1)), attr("keepdims", 1L)))
                .map(Arguments::of);
    }

    private Path write(Case c, Generator r) throws Exception {
        GraphBuilder g = new GraphBuilder(c.name());
        g.input("input", FLOAT, c.shape(), Map.of());
        List<String> inputs = new ArrayList<>(List.of("input"));
        inputs.addAll(c.extra().apply(g, r));
        g.node(c.op(), inputs, c.attributes());
        g.renameLastOutput("output");
        Map<Integer, String> free = new HashMap<>();
        for (int i = 0; i < c.shape().length; i++) {
            free.put(i, "o" + i);
        }
        g.output("output", FLOAT, c.shape(), free);
        Path file = dir.resolve(c.name() + ".onnx");
        Onnx.write(g.build(), file);
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void importedImageOpsAgreeWithOnnxRuntime(Case c) throws Exception {
        Generator r = new Generator(5);
        Path file = write(c, r);
        Tensor x = Tensor.randn(r, c.shape());
        Tensor expected = (Tensor) OrtRunner.run(file, Map.of("input", x)).get("output");
        OnnxExportTest.assertClose(expected, OnnxExportTest.nabla(Onnx.load(file), x), c.name() + " imported vs ONNX Runtime");
    }

    @Test
    void unsupportedResizeModesAreRefusedByName() throws Exception {
        Case c = new Case("cubic-a", new int[] {1, 1, 2, 2}, "Resize",
                (g, r) -> List.of("", g.floats("scales", new float[] {1, 1, 2, 2}, 4)), attr("mode", "cubic"),
                attr("cubic_coeff_a", -0.5));
        OnnxModule m = Onnx.load(write(c, new Generator(1)));
        var e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(1, 1, 2, 2)));
        assertTrue(e.getMessage().endsWith("(Resize): Resize cubic is supported with cubic_coeff_a=-0.75 and"
                + " exclude_outside=0 (PyTorch's bicubic) only"), e.getMessage());
        Case d = new Case("cubic-1d", new int[] {1, 1, 4}, "Resize",
                (g, r) -> List.of("", g.floats("scales", new float[] {1, 1, 2}, 3)), attr("mode", "cubic"));
        OnnxModule m1 = Onnx.load(write(d, new Generator(1)));
        var e1 = assertThrows(IllegalArgumentException.class, () -> m1.forward(Tensor.zeros(1, 1, 4)));
        assertTrue(e1.getMessage().endsWith("(Resize): Resize mode 'cubic' is not supported over 1 spatial dim(s)"
                + " (2, as PyTorch's bicubic)"), e1.getMessage());
    }
}
