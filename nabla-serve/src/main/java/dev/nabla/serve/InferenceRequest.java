package dev.nabla.serve;

import dev.nabla.io.FormatException;
import dev.nabla.io.Json;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Open Inference Protocol v2 request body, checked against the model:
 * {@code {"id": …, "inputs": [{"name", "shape", "datatype", "data"}], "outputs": [{"name"}]}}.
 * {@code data} may be flat or nested (row-major); {@code datatype} FP32 (FP64 and the integer
 * types are accepted and converted). Every fault is a 400 naming the field.
 *
 * @param id      the request's id, echoed in the response (null if absent)
 * @param rows    the input, {@code shape} as sent
 * @param outputs the outputs asked for (null means all)
 */
record InferenceRequest(String id, Tensor rows, List<String> outputs) {
    private static final List<String> NUMERIC = List.of("FP32", "FP64", "FP16", "INT8", "INT16", "INT32", "INT64",
            "UINT8", "UINT16", "UINT32", "UINT64");

    static InferenceRequest parse(byte[] body, ServedModel model) {
        Object doc;
        try {
            doc = Json.parse(body, 16);
        } catch (FormatException e) {
            throw new HttpError(400, "malformed JSON: " + e.getMessage().replaceFirst("^JSON: ", ""));
        }
        if (!(doc instanceof Map<?, ?> req) || !(req.get("inputs") instanceof List<?> inputs) || inputs.isEmpty()) {
            throw new HttpError(400, "the body must be a JSON object with a non-empty 'inputs' list");
        }
        if (inputs.size() != 1) {
            throw new HttpError(400, "model '" + model.name + "' takes 1 input ('" + model.inputName + "'), got "
                    + inputs.size());
        }
        if (!(inputs.get(0) instanceof Map<?, ?> in)) {
            throw new HttpError(400, "inputs[0] must be an object");
        }
        if (!model.inputName.equals(in.get("name"))) {
            throw new HttpError(400, "inputs[0].name must be '" + model.inputName + "', got " + Json.write(in.get("name")));
        }
        if (!(in.get("datatype") instanceof String type) || !NUMERIC.contains(type)) {
            throw new HttpError(400, "inputs[0].datatype must be FP32 (or another numeric type), got "
                    + Json.write(in.get("datatype")));
        }
        int[] shape = shape(in.get("shape"), model);
        float[] data = new float[Arrays.stream(shape).reduce(1, Math::multiplyExact)];
        int n = flatten(in.get("data"), data, 0, "inputs[0].data", type);
        if (n != data.length) {
            throw new HttpError(400, "inputs[0].data has " + n + " values but shape " + Arrays.toString(shape)
                    + " needs " + data.length);
        }
        Object id = req.get("id");
        return new InferenceRequest(id == null ? null : String.valueOf(id), Tensor.of(data, shape), outputs(req, model));
    }

    private static int[] shape(Object o, ServedModel model) {
        if (!(o instanceof List<?> l) || l.isEmpty() || !l.stream().allMatch(d -> d instanceof Long v && v > 0)) {
            throw new HttpError(400, "inputs[0].shape must be a list of positive integers, got " + Json.write(o));
        }
        if (!l.stream().allMatch(d -> (Long) d <= 1 << 24)) {
            throw new HttpError(400, "inputs[0].shape " + Json.write(o) + " is too large");
        }
        int[] shape = l.stream().mapToInt(d -> ((Long) d).intValue()).toArray();
        if (model.rowShape != null && !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), model.rowShape)) {
            throw new HttpError(400, "inputs[0].shape must be [batch, " + Arrays.toString(model.rowShape).replaceAll("[\\[\\]]", "")
                    + "] for model '" + model.name + "', got " + Arrays.toString(shape));
        }
        long total = 1;
        for (int d : shape) {
            total *= d;
            if (total > 1 << 24) {
                throw new HttpError(400, "inputs[0].shape " + Arrays.toString(shape) + " is too large");
            }
        }
        return shape;
    }

    /** Copies the numbers of {@code o} (nested lists) into {@code out} from {@code at}; returns how many there were. */
    private static int flatten(Object o, float[] out, int at, String where, String type) {
        if (o instanceof Number x) {
            check(x, where, type);
            if (at < out.length) {
                out[at] = x.floatValue();
            }
            return 1;
        }
        if (!(o instanceof List<?> l)) {
            throw new HttpError(400, where + " must hold numbers, found " + (o == null ? "null" : Json.write(o)));
        }
        int n = 0;
        for (int i = 0; i < l.size(); i++) {
            n += flatten(l.get(i), out, at + n, where + "[" + i + "]", type);
        }
        return n;
    }

    /** Refuses a number that {@code type} cannot hold, or that is infinite once read as float32. */
    private static void check(Number x, String where, String type) {
        double v = x.doubleValue();
        boolean fits = switch (type) {
            case "FP32", "FP16", "FP64" -> true;
            case "INT8" -> v == Math.rint(v) && v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
            case "INT16" -> v == Math.rint(v) && v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
            case "INT32" -> v == Math.rint(v) && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
            case "UINT8" -> v == Math.rint(v) && v >= 0 && v <= 0xFF;
            case "UINT16" -> v == Math.rint(v) && v >= 0 && v <= 0xFFFF;
            case "UINT32" -> v == Math.rint(v) && v >= 0 && v <= 0xFFFF_FFFFL;
            case "INT64" -> v == Math.rint(v);
            default -> v == Math.rint(v) && v >= 0; // UINT64
        };
        if (!fits) {
            throw new HttpError(400, where + " is " + x + ", which is not " + (type.startsWith("INT") ? "an " : "a ") + type + " value");
        }
        if (Float.isInfinite(x.floatValue())) {
            throw new HttpError(400, where + " is " + x + ", beyond the float32 range the model computes in (±"
                    + Float.MAX_VALUE + ")");
        }
    }

    private static List<String> outputs(Map<?, ?> req, ServedModel model) {
        if (req.get("outputs") == null) {
            return null;
        }
        if (!(req.get("outputs") instanceof List<?> l)) {
            throw new HttpError(400, "'outputs' must be a list of {\"name\": …}");
        }
        List<String> names = new ArrayList<>();
        for (Object o : l) {
            Object name = o instanceof Map<?, ?> m ? m.get("name") : null;
            if (!(name instanceof String s) || !model.outputs.containsKey(s)) {
                throw new HttpError(400, "requested output " + Json.write(name) + " is not one of " + model.outputs.keySet());
            }
            names.add(s);
        }
        return names;
    }

    /** The OIP response body for this request's {@code results}. */
    Map<String, Object> response(ServedModel model, Map<String, Object> results) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_name", model.name);
        body.put("model_version", "1");
        if (id != null) {
            body.put("id", id);
        }
        List<Object> outs = new ArrayList<>();
        for (var e : results.entrySet()) {
            if (outputs != null && !outputs.contains(e.getKey())) {
                continue;
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", e.getKey());
            if (e.getValue() instanceof String[] labels) {
                o.put("datatype", "BYTES");
                o.put("shape", List.of(labels.length));
                o.put("data", List.of(labels));
            } else {
                Tensor t = (Tensor) e.getValue();
                o.put("datatype", "FP32");
                o.put("shape", Arrays.stream(t.shape()).boxed().toList());
                List<Float> data = new ArrayList<>(t.numel());
                for (float v : t.toFloatArray()) {
                    if (!Float.isFinite(v)) { // JSON has no NaN or Infinity
                        throw new IllegalArgumentException("model '" + model.name + "' computed a non-finite " + e.getKey()
                                + " (" + v + ") for these inputs; JSON cannot carry it (are the inputs on the scale"
                                + " the model was trained on?)");
                    }
                    data.add(v);
                }
                o.put("data", data);
            }
            outs.add(o);
        }
        body.put("outputs", outs);
        return body;
    }
}
