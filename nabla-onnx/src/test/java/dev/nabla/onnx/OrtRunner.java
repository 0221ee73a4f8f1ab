package dev.nabla.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nabla.backend.DType;
import dev.nabla.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs an ONNX file with ONNX Runtime's Java API and returns its outputs as Nabla tensors (strings as String[]). */
final class OrtRunner {
    private OrtRunner() {
    }

    static Map<String, Object> run(Path file, Map<String, Tensor> feeds) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
            for (var e : feeds.entrySet()) {
                Tensor t = e.getValue();
                long[] shape = Arrays.stream(t.shape()).asLongStream().toArray();
                inputs.put(e.getKey(), t.dtype() == DType.INT64
                        ? OnnxTensor.createTensor(env, LongBuffer.wrap(t.toLongArray()), shape)
                        : OnnxTensor.createTensor(env, FloatBuffer.wrap(t.toFloatArray()), shape));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            try (OrtSession.Result r = s.run(inputs)) {
                for (Map.Entry<String, OnnxValue> e : r) {
                    OnnxTensor t = (OnnxTensor) e.getValue();
                    int[] shape = Arrays.stream(t.getInfo().getShape()).mapToInt(Math::toIntExact).toArray();
                    out.put(e.getKey(), switch (t.getInfo().type) {
                        case STRING -> t.getValue();
                        default -> {
                            FloatBuffer fb = t.getFloatBuffer();
                            float[] v = new float[fb.remaining()];
                            fb.get(v);
                            yield Tensor.of(v, shape);
                        }
                    });
                }
            }
            return out;
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }
}
