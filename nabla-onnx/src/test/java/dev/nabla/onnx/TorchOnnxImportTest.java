package dev.nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.io.Json;
import dev.nabla.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Models exported by PyTorch 1.13.1's {@code torch.onnx.export} (opset 17; fixtures from
 * {@code src/test/python/make_torch_onnx.py}) load with {@link Onnx#load} and give PyTorch's
 * outputs: an MLP with LayerNorm, GELU, Dropout and Softmax; a 2-layer bidirectional batch-first
 * LSTM with a Linear on every step; a time-major GRU.
 */
class TorchOnnxImportTest {

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "lstm", "gru"})
    void loadsAndAgreesWithPyTorch(String name) throws Exception {
        Path dir = Path.of(TorchOnnxImportTest.class.getResource("/torch").toURI());
        Map<?, ?> fixture = (Map<?, ?>) Json.parse(Files.readString(dir.resolve(name + ".json")));
        OnnxModule m = Onnx.load(dir.resolve(name + ".onnx"));
        assertEquals(List.of("input"), m.inputNames());
        Tensor x = Tensor.of(floats(fixture.get("input")), ints(fixture.get("input_shape")));
        Tensor expected = Tensor.of(floats(fixture.get("output")), ints(fixture.get("output_shape")));
        OnnxExportTest.assertClose(expected, OnnxExportTest.nabla(m, x), name + " from PyTorch");
    }

    private static float[] floats(Object list) {
        List<?> l = (List<?>) list;
        float[] out = new float[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).floatValue();
        }
        return out;
    }

    private static int[] ints(Object list) {
        return ((List<?>) list).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    }
}
