package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nabla export (checked by ONNX Runtime against nabla predict), nabla serve's usage errors, nabla bench serve. */
class DeployCommandsTest extends CommandTestSupport {
    @TempDir
    Path tmp;


    @Test
    void exportedClassifierAnswersTheLabelsOfNablaPredict() throws Exception {
        List<String> lines = new ArrayList<>(List.of("x1,x2,colour"));
        Random r = new Random(1);
        float[] x = new float[2 * 200];
        for (int i = 0; i < 200; i++) {
            double a = r.nextDouble() * 20 - 10;
            double b = r.nextDouble() * 4 + 100;
            x[2 * i] = (float) Double.parseDouble(String.format(Locale.ROOT, "%.4f", a));
            x[2 * i + 1] = (float) Double.parseDouble(String.format(Locale.ROOT, "%.4f", b));
            lines.add(String.format(Locale.ROOT, "%.4f,%.4f,%s", a, b, a > 2 ? "red" : b > 102 ? "blue" : "green"));
        }
        Path csv = Files.write(tmp.resolve("c.csv"), lines);
        Path model = tmp.resolve("model");
        assertEquals(0, run("train", "--csv", csv.toString(), "--target", "colour", "--task", "classification",
                "--epochs", "5", "--seed", "1", "--save", model.toString()), stderr);
        Path pred = tmp.resolve("pred.csv");
        assertEquals(0, run("predict", "--model", model.toString(), "--csv", csv.toString(), "--out", pred.toString()), stderr);
        Path onnx = tmp.resolve("model.onnx");
        assertEquals(0, run("export", "--model", model.toString(), "--onnx", onnx.toString()), stderr);
        assertTrue(stdout.startsWith("wrote " + onnx + " (ONNX opset 20)"), stdout);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {200, 2});
             OrtSession.Result out = s.run(Map.of("features", in))) {
            String[] labels = (String[]) out.get("label").orElseThrow().getValue();
            assertArrayEquals(Files.readAllLines(pred).subList(1, 201).toArray(String[]::new), labels);
        }
    }

    @Test
    void exportAndServeRefuseMissingArguments() {
        assertEquals(2, run("export", "--model", tmp.toString()));
        assertTrue(stderr.contains("options '--model' and '--onnx' are required"), stderr);
        assertEquals(2, run("serve"));
        assertTrue(stderr.contains("option '--model' is required"), stderr);
        assertEquals(2, run("serve", "--model", tmp.resolve("nothing").toString()));
        assertTrue(stderr.contains("no model at "), stderr);
        assertEquals(2, run("serve", "--model", tmp.toString(), "--port", "99999"));
        assertEquals("nabla: option '--port' must be in [0, 65535], got 99999 (see 'nabla serve --help')\n", stderr);
        assertEquals(2, run("serve", "--model", tmp.toString(), "--max-batch", "0"));
        assertEquals("nabla: option '--max-batch' must be an integer of at least 1, got 0 (see 'nabla serve --help')\n",
                stderr);
        assertEquals(1, run("serve", "--model", tmp.toString(), "--port", "0"));
        assertTrue(stderr.startsWith("nabla: error: ") && stderr.contains("model.json"), stderr);
    }

    /** A one-feature regression model trained for one epoch by {@code nabla train}, saved under tmp/model. */
    private Path linearModel() throws Exception {
        Path csv = Files.write(tmp.resolve("c.csv"), List.of("a,y", "1,2", "2,4", "3,6", "4,8"));
        Path model = tmp.resolve("model");
        assertEquals(0, run("train", "--csv", csv.toString(), "--target", "y", "--epochs", "1", "--save",
                model.toString()), stderr);
        return model;
    }

    @Test
    void exportChecksTheOnnxPathFirstAndCreatesNoDirectory() throws Exception {
        Path model = linearModel();
        Path missing = tmp.resolve("no-such-dir");
        assertEquals(2, run("export", "--model", model.toString(), "--onnx", missing.resolve("m.onnx").toString()));
        assertEquals("nabla: option '--onnx': the directory " + missing.toAbsolutePath() + " does not exist (see 'nabla"
                + " export --help')\n", stderr);
        assertFalse(Files.exists(missing));
        assertEquals(2, run("export", "--model", model.toString(), "--onnx", tmp.toString()));
        assertTrue(stderr.startsWith("nabla: option '--onnx' must name a file"), stderr);
    }

    /** Spark's jars bring a second SLF4J provider; its warning must not open every 'nabla serve'. */
    @Test
    void serveStartsWithoutSlf4jWarnings() throws Exception {
        Path model = linearModel();
        Path err = tmp.resolve("stderr.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "dev.nabla.cli.Main", "serve", "--model", model.toString(), "--port", "0")
                .redirectError(err.toFile()).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("serving [model]"), first + "\n" + Files.readString(err));
        } finally {
            p.destroy();
            p.waitFor();
        }
        assertFalse(Files.readString(err).contains("SLF4J"), Files.readString(err));
    }

    @Test
    void benchServePrintsThroughputAndLatency() {
        assertEquals(0, run("bench", "serve", "--clients", "2", "--seconds", "1"), stderr);
        assertTrue(stdout.matches("(?s)bench workload=serve framework=nabla model=mlp-16-64-64-1 clients=2 .*"
                + "errors=0 requests_per_s=[0-9.]+ p50_ms=[0-9.]+ p99_ms=[0-9.]+\\s*"), stdout);
    }
}
