package dev.nabla.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.Json;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.io.ModelFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Open Inference Protocol over real HTTP ({@code java.net.http}) against a server on a free loopback port. */
class ModelServerTest {
    @TempDir
    static Path dir;

    static ModelServer server;
    static Module regression;
    static Module classifier;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Generator g = new Generator(3);
        regression = new Sequential(new Linear(2, 8, true, g), new ReLU(), new Linear(8, 1, true, g));
        classifier = new Sequential(new Linear(2, 3, true, g));
        ModelFiles.save(regression, dir.resolve("house"), Map.of("task", "regression", "features", List.of("a", "b"),
                "target", "price", "feature_scaler", Map.of("mean", List.of(1.0, 2.0), "scale", List.of(2.0, 4.0)),
                "target_scaler", Map.of("mean", List.of(100.0), "scale", List.of(10.0))), Map.of());
        ModelFiles.save(classifier, dir.resolve("iris"), Map.of("task", "classification", "features", List.of("a", "b"),
                "target", "species", "feature_scaler", Map.of("mean", List.of(0.0, 0.0), "scale", List.of(1.0, 1.0)),
                "classes", List.of("x", "y", "z")), Map.of());
        ModelServer.Options o = new ModelServer.Options("127.0.0.1", 0, 16, 20_000, 4096, 5000, false);
        dev.nabla.onnx.Onnx.exportModel(dir.resolve("iris"), dir.resolve("iris-onnx.onnx"));
        server = ModelServer.start(List.of(dir.resolve("house"), dir.resolve("iris"), dir.resolve("iris-onnx.onnx")), o);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    static Map<?, ?> json(HttpResponse<String> r) throws Exception {
        return (Map<?, ?>) Json.parse(r.body());
    }

    @Test
    void healthAndMetadata() throws Exception {
        assertEquals(200, get("/v2/health/live").statusCode());
        assertEquals("{\"ready\":true}", get("/v2/health/ready").body());
        HttpResponse<String> md = get("/v2/models/house");
        assertEquals(200, md.statusCode());
        assertEquals("{\"name\":\"house\",\"versions\":[\"1\"],\"platform\":\"nabla\",\"inputs\":[{\"name\":\"features\","
                + "\"datatype\":\"FP32\",\"shape\":[-1,2]}],\"outputs\":[{\"name\":\"prediction\",\"datatype\":\"FP32\","
                + "\"shape\":[-1]}]}", canonical(md.body()));
        assertEquals(200, get("/v2/models/iris/ready").statusCode());
    }

    /** The JSON re-written with each object's keys in a fixed order, so Map.of's order does not matter. */
    private static String canonical(String body) throws Exception {
        return Json.write(sorted(Json.parse(body)));
    }

    private static Object sorted(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            for (String k : List.of("name", "versions", "platform", "inputs", "outputs", "datatype", "shape")) {
                if (m.containsKey(k)) {
                    out.put(k, sorted(m.get(k)));
                }
            }
            return out;
        }
        return o instanceof List<?> l ? l.stream().map(ModelServerTest::sorted).toList() : o;
    }

    @Test
    void regressionAnswersInTargetUnits() throws Exception {
        HttpResponse<String> r = post("/v2/models/house/infer", "{\"id\":\"q1\",\"inputs\":[{\"name\":\"features\","
                + "\"shape\":[2,2],\"datatype\":\"FP32\",\"data\":[[3,6],[1,2]]}]}");
        assertEquals(200, r.statusCode(), r.body());
        Map<?, ?> body = json(r);
        assertEquals("q1", body.get("id"));
        Map<?, ?> out = (Map<?, ?>) ((List<?>) body.get("outputs")).get(0);
        assertEquals("prediction", out.get("name"));
        assertEquals(List.of(2L, 1L), out.get("shape"));
        Tensor expected;
        try (var ng = Tensor.noGrad()) {
            expected = regression.eval().forward(Tensor.of(new float[] {1, 1, 0, 0}, 2, 2)).mul(10).add(100);
        }
        List<?> data = (List<?>) out.get("data");
        for (int i = 0; i < 2; i++) {
            assertEquals(expected.toFloatArray()[i], ((Number) data.get(i)).floatValue(), 1e-5);
        }
    }

    @Test
    void classifierAnswersLabels() throws Exception {
        float[] x = {0.5f, -1, -2, 0.25f, 3, 1};
        HttpResponse<String> r = post("/v2/models/iris/infer", "{\"inputs\":[{\"name\":\"features\",\"shape\":[3,2],"
                + "\"datatype\":\"FP32\",\"data\":[0.5,-1,-2,0.25,3,1]}],\"outputs\":[{\"name\":\"label\"}]}");
        assertEquals(200, r.statusCode(), r.body());
        List<?> outs = (List<?>) json(r).get("outputs");
        assertEquals(1, outs.size());
        long[] idx;
        try (var ng = Tensor.noGrad()) {
            idx = classifier.eval().forward(Tensor.of(x, 3, 2)).argmax(1, false).toLongArray();
        }
        List<String> expected = java.util.Arrays.stream(idx).mapToObj(i -> List.of("x", "y", "z").get((int) i)).toList();
        assertEquals(expected, ((Map<?, ?>) outs.get(0)).get("data"));
        assertEquals("BYTES", ((Map<?, ?>) outs.get(0)).get("datatype"));
        HttpResponse<String> viaOnnx = post("/v2/models/iris-onnx/infer", "{\"inputs\":[{\"name\":\"features\","
                + "\"shape\":[3,2],\"datatype\":\"FP32\",\"data\":[0.5,-1,-2,0.25,3,1]}],\"outputs\":[{\"name\":\"label\"}]}");
        assertEquals(200, viaOnnx.statusCode(), viaOnnx.body());
        assertEquals(expected, ((Map<?, ?>) ((List<?>) json(viaOnnx).get("outputs")).get(0)).get("data"));
    }

    @Test
    void aNonFiniteOutputIsAnErrorSayingSoRatherThanAJsonWriterFailure() {
        ServedModel m = ServedModel.of("net", regression);
        InferenceRequest req = new InferenceRequest(null, Tensor.zeros(1, 2), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> req.response(m,
                Map.of("output", Tensor.of(new float[] {Float.NaN}, 1, 1))));
        assertEquals("model 'net' computed a non-finite output (NaN) for these inputs; JSON cannot carry it (are the"
                + " inputs on the scale the model was trained on?)", e.getMessage());
    }

    @Test
    void badRequestsGet4xxWithAJsonErrorNamingTheProblem() throws Exception {
        String ok = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,2],\"datatype\":\"FP32\",\"data\":[1,2]}]}";
        record Case(String path, String body, int status, String error) {
        }
        List<Case> cases = List.of(
                new Case("/v2/models/house/infer", "{\"inputs\": [", 400,
                        "malformed JSON: unexpected end of input, expected a value at line 1, column 13 (offset 12)"),
                new Case("/v2/models/house/infer", ok.replace("[1,2]}", "[1,2,3]}"), 400,
                        "inputs[0].data has 3 values but shape [1, 2] needs 2"),
                new Case("/v2/models/house/infer", ok.replace("[1,2],", "[1,3],").replace("[1,2]}", "[1,2,3]}"), 400,
                        "inputs[0].shape must be [batch, 2] for model 'house', got [1, 3]"),
                new Case("/v2/models/house/infer", ok.replace("\"features\"", "\"x\""), 400,
                        "inputs[0].name must be 'features', got \"x\""),
                new Case("/v2/models/house/infer", ok.replace("[1,2]}", "[1,\"a\"]}"), 400,
                        "inputs[0].data[1] must hold numbers, found \"a\""),
                new Case("/v2/models/house/infer", ok.replace("FP32", "BYTES"), 400,
                        "inputs[0].datatype must be FP32 (or another numeric type), got \"BYTES\""),
                new Case("/v2/models/house/infer", ok.replace("[1,2]}", "[1,1e300]}"), 400,
                        "inputs[0].data[1] is 1.0E300, beyond the float32 range the model computes in (±3.4028235E38)"),
                new Case("/v2/models/house/infer", ok.replace("FP32", "UINT8").replace("[1,2]}", "[300,2]}"), 400,
                        "inputs[0].data[0] is 300, which is not a UINT8 value"),
                new Case("/v2/models/house/infer", ok.replace("FP32", "INT32").replace("[1,2]}", "[1,2.5]}"), 400,
                        "inputs[0].data[1] is 2.5, which is not an INT32 value"),
                new Case("/v2/models/house/infer", ok.replace("[1,2],", "[20000000,2],"), 400,
                        "inputs[0].shape [20000000,2] is too large"),
                new Case("/v2/models/nope/infer", ok, 404, "no model named 'nope' (serving [house, iris, iris-onnx])"),
                new Case("/v2/models/house/infer", "[" + "1,".repeat(3000) + "1]", 413,
                        "request body of 6003 bytes exceeds the limit of 4096"));
        for (Case c : cases) {
            HttpResponse<String> r = post(c.path, c.body);
            assertEquals(c.status, r.statusCode(), r.body());
            assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
            assertEquals(Map.of("error", c.error), json(r));
        }
        assertEquals(405, get("/v2/models/house/infer").statusCode());
        assertEquals(404, get("/v3").statusCode());
    }

    @Test
    void concurrentRequestsAreBatchedAndEachGetsItsOwnRows() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String body = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,2],\"datatype\":\"FP32\",\"data\":[" + i + ",0]}]}";
            pending.add(http.sendAsync(HttpRequest.newBuilder(url("/v2/models/house/infer"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        Tensor all;
        try (var ng = Tensor.noGrad()) {
            float[] x = new float[24];
            for (int i = 0; i < 12; i++) {
                x[2 * i] = (i - 1) / 2f;
                x[2 * i + 1] = -0.5f;
            }
            all = regression.eval().forward(Tensor.of(x, 12, 2)).mul(10).add(100);
        }
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> r = pending.get(i).get();
            assertEquals(200, r.statusCode(), r.body());
            Map<?, ?> out = (Map<?, ?>) ((List<?>) json(r).get("outputs")).get(0);
            assertEquals(all.toFloatArray()[i], ((Number) ((List<?>) out.get("data")).get(0)).floatValue(), 1e-4);
        }
        String metrics = get("/metrics").body();
        double batches = sample(metrics, "nabla_batch_size_count{model=\"house\"}");
        double rows = sample(metrics, "nabla_batch_size_sum{model=\"house\"}");
        assertTrue(rows / batches > 1, "no batching: " + batches + " batches for " + rows + " rows");
    }

    @Test
    void metricsCountRequestsErrorsAndLatency() throws Exception {
        post("/v2/models/iris/infer", "{}");
        String m = get("/metrics").body();
        assertTrue(sample(m, "nabla_requests_total{code=\"400\",model=\"iris\"}") >= 1, m);
        assertTrue(sample(m, "nabla_request_errors_total{model=\"iris\"}") >= 1, m);
        assertTrue(m.contains("nabla_request_duration_seconds_bucket{model=\"iris\",le=\"0.001\"}"), m);
    }

    static double sample(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }
}
