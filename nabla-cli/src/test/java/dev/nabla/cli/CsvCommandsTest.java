package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train → evaluate → predict → summary on small CSV files, through {@link Main} as a user runs them. */
class CsvCommandsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int nabla(String... args) {
        out.reset();
        err.reset();
        return new Main(Main.COMMANDS, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String lastLine() {
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\\R");
        return lines[lines.length - 1];
    }

    /** 600 rows of California housing with a header (from ../shared/datasets). */
    private static Path housing(Path dir) throws IOException {
        Path raw = Path.of(System.getProperty("nabla.data"), "cal_housing.data");
        List<String> lines = new ArrayList<>(Files.readAllLines(raw).subList(0, 600));
        lines.add(0, "longitude,latitude,age,rooms,bedrooms,population,households,income,value");
        return Files.write(dir.resolve("housing.csv"), lines);
    }

    /** Three well-separated classes in two features. */
    private static Path blobs(Path dir) throws IOException {
        Random rnd = new Random(1);
        List<String> lines = new ArrayList<>(List.of("x,y,kind"));
        String[] kinds = {"red", "green", "blue"};
        for (int i = 0; i < 240; i++) {
            int k = i % 3;
            lines.add(String.format(Locale.ROOT, "%.3f,%.3f,%s", 3 * k + rnd.nextGaussian() * 0.5,
                    (k == 1 ? 3 : 0) + rnd.nextGaussian() * 0.5, kinds[k]));
        }
        return Files.write(dir.resolve("blobs.csv"), lines);
    }

    @Test
    void regressionTrainEvaluatePredictSummary(@TempDir Path dir) throws IOException {
        Path csv = housing(dir);
        Path model = dir.resolve("model");
        assertEquals(0, nabla("train", "--csv", csv.toString(), "--target", "value", "--epochs", "8",
                "--save", model.toString()));
        assertEquals(0, nabla("evaluate", "--model", model.toString(), "--csv", csv.toString()));
        Matcher m = Pattern.compile("result: mse=([0-9.]+) mae=([0-9.]+) r2=([0-9.-]+) rows=600").matcher(lastLine());
        assertTrue(m.matches(), lastLine());
        assertTrue(Double.parseDouble(m.group(3)) > 0.5, "R² " + m.group(3));
        Path predictions = dir.resolve("predictions.csv");
        assertEquals(0, nabla("predict", "--model", model.toString(), "--csv", csv.toString(), "--out",
                predictions.toString()));
        List<String> lines = Files.readAllLines(predictions);
        assertEquals("value", lines.get(0));
        assertEquals(601, lines.size());
        double first = Double.parseDouble(lines.get(1));
        assertTrue(first > 50_000 && first < 600_000, "predictions are in dollars, got " + first);
        assertEquals(0, nabla("summary", "--model", model.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Total params: 4,801"));
    }

    @Test
    void classificationUsesClassNames(@TempDir Path dir) throws IOException {
        Path csv = blobs(dir);
        Path model = dir.resolve("m");
        assertEquals(0, nabla("train", "--csv", csv.toString(), "--target", "kind", "--task", "classification",
                "--epochs", "15", "--hidden", "16", "--optimizer", "adamw", "--lr", "0.01", "--save", model.toString()));
        assertEquals(0, nabla("evaluate", "--model", model.toString(), "--csv", csv.toString()));
        Matcher m = Pattern.compile("result: accuracy=([0-9.]+) f1_macro=([0-9.]+) rows=240").matcher(lastLine());
        assertTrue(m.matches(), lastLine());
        assertTrue(Double.parseDouble(m.group(1)) > 0.95, lastLine());
        Path predictions = dir.resolve("p.csv");
        assertEquals(0, nabla("predict", "--model", model.toString(), "--csv", csv.toString(), "--out",
                predictions.toString()));
        assertEquals(List.of("kind", "red", "green", "blue"), Files.readAllLines(predictions).subList(0, 4));
    }

    @Test
    void mistakesGiveOneLineAndANonZeroExit(@TempDir Path dir) throws IOException {
        Path csv = blobs(dir);
        assertEquals(1, nabla("train", "--csv", csv.toString(), "--target", "nope"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("nabla: error: "), err.toString());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("the columns are: x, y, kind"));
        assertTrue(!err.toString(StandardCharsets.UTF_8).contains("\tat "), "no stack trace without --debug");
        assertEquals(2, nabla("train", "--csv", csv.toString()));
        assertEquals(2, nabla("train", "--csv", csv.toString(), "--target", "kind", "--optimizer", "lbfgs"));
        assertEquals(1, nabla("evaluate", "--model", dir.resolve("missing").toString(), "--csv", csv.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("model.json is missing"), err.toString());
        assertEquals(0, nabla("predict", "--help"));
    }
}
