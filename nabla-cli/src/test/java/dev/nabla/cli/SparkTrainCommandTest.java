package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nabla spark-train on local[2], then nabla predict with the model it saved. */
class SparkTrainCommandTest extends CommandTestSupport {
    @TempDir
    Path tmp;

    @Test
    void trainsAClassifierOnTwoWorkersAndPredictUsesIt() throws Exception {
        List<String> lines = new ArrayList<>(List.of("x1,x2,colour"));
        Random r = new Random(1);
        for (int i = 0; i < 400; i++) {
            double a = r.nextDouble() * 2 - 1;
            double b = r.nextDouble() * 2 - 1;
            lines.add(String.format(Locale.ROOT, "%.4f,%.4f,%s", a, b, a + b > 0.3 ? "red" : a - b > 0 ? "blue" : "green"));
        }
        Path csv = Files.write(tmp.resolve("colours.csv"), lines);
        Path model = tmp.resolve("model");
        int rc = run("spark-train", "--master", "local[2]", "--workers", "2", "--data", csv.toString(), "--target",
                "colour", "--task", "classification", "--epochs", "40", "--batch-size", "32", "--lr", "0.01",
                "--save", model.toString());
        assertEquals(0, rc, stderr);
        String[] out = stdout.strip().split("\n");
        String last = out[out.length - 1];
        assertTrue(last.startsWith("result: accuracy="), stdout);
        double accuracy = Double.parseDouble(last.substring("result: accuracy=".length()).split(" ")[0]);
        assertTrue(accuracy > 0.85, "2 workers learn the colours: " + stdout);

        Path predictions = tmp.resolve("pred.csv");
        assertEquals(0, run("predict", "--model", model.toString(), "--csv", csv.toString(), "--out",
                predictions.toString()), stderr);
        List<String> written = Files.readAllLines(predictions);
        assertEquals("colour", written.get(0));
        long right = 0;
        for (int i = 1; i < lines.size(); i++) {
            right += lines.get(i).endsWith("," + written.get(i)) ? 1 : 0;
        }
        assertTrue(right > 0.85 * 400, "predict agrees with the labels on " + right + " of 400 rows");
    }

    @Test
    void wrongOptionsAreUsageErrorsBeforeSparkStarts() {
        assertEquals(2, run("spark-train", "--data", "x.csv"));
        assertEquals("nabla: options '--data' and '--target' are required (see 'nabla spark-train --help')",
                stderr.strip());
        assertEquals(2, run("spark-train", "--data", "x.csv", "--target", "y", "--optimizer", "lbfgs"));
        assertTrue(stderr.startsWith("nabla: option '--optimizer' must be one of"), stderr);
        assertEquals(2, run("spark-train", "--data", "x.txt", "--target", "y", "--workers", "0"));
        assertTrue(stderr.startsWith("nabla: option '--workers' must be an integer of at least 1"), stderr);
    }
}
