package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nabla train / evaluate / predict / summary on small CSV files written to a temporary directory. */
class TabularCommandsTest extends CommandTestSupport {
    @TempDir
    static Path tmp;
    static Path housing;
    static Path colours;


    @BeforeAll
    static void writeCsvs() throws Exception {
        Path source = Path.of(System.getProperty("nabla.data", "../../shared/datasets"), "cal_housing.data");
        List<String> lines = new ArrayList<>();
        lines.add("longitude,latitude,housing_median_age,total_rooms,total_bedrooms,population,households,"
                + "median_income,median_house_value");
        List<String> all = Files.readAllLines(source);
        for (int i = 0; i < all.size() && lines.size() <= 500; i += 40) {
            lines.add(all.get(i));
        }
        housing = Files.write(tmp.resolve("housing.csv"), lines);
        List<String> c = new ArrayList<>(List.of("x1,x2,colour"));
        Random r = new Random(1);
        for (int i = 0; i < 300; i++) {
            double a = r.nextDouble() * 2 - 1;
            double b = r.nextDouble() * 2 - 1;
            c.add(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%s", a, b, a + b > 0.3 ? "red" : a - b > 0 ? "blue" : "green"));
        }
        colours = Files.write(tmp.resolve("colours.csv"), c);
    }

    private String lastLine() {
        String[] lines = stdout.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static double metric(String line, String name) {
        for (String part : line.split(" ")) {
            if (part.startsWith(name + "=")) {
                return Double.parseDouble(part.substring(name.length() + 1));
            }
        }
        throw new AssertionError(name + " not in " + line);
    }

    @Test
    void regressionTrainEvaluatePredictSummary() throws Exception {
        Path model = tmp.resolve("housing-model");
        Path plot = tmp.resolve("curves.png");
        assertEquals(0, run("train", "--csv", housing.toString(), "--target", "median_house_value", "--epochs", "8",
                "--hidden", "32,32", "--lr", "0.01", "--seed", "1", "--save", model.toString(), "--plot", plot.toString()), stderr);
        assertTrue(Files.exists(model.resolve("model.json")));
        assertTrue(Files.size(plot) > 0);
        assertEquals(0, run("evaluate", "--model", model.toString(), "--csv", housing.toString()), stderr);
        String result = lastLine();
        assertTrue(result.startsWith("result: mse="), result);
        assertTrue(metric(result, "r2") > 0.3, result);
        double mae = metric(result, "mae");
        assertTrue(mae > 1_000 && mae < 150_000, "mae in dollars, the target's units: " + result);

        Path out = tmp.resolve("pred.csv");
        assertEquals(0, run("predict", "--model", model.toString(), "--csv", housing.toString(), "--out", out.toString()), stderr);
        List<String> pred = Files.readAllLines(out);
        assertEquals("median_house_value", pred.get(0));
        assertEquals(501, pred.size());
        // predictions are in dollars and agree with evaluate's mae
        List<String> rows = Files.readAllLines(housing);
        double sum = 0;
        for (int i = 1; i < rows.size(); i++) {
            String[] f = rows.get(i).split(",");
            sum += Math.abs(Double.parseDouble(pred.get(i)) - Double.parseDouble(f[f.length - 1]));
        }
        assertEquals(mae, sum / 500, mae * 1e-3);

        assertEquals(0, run("summary", "--model", model.toString()), stderr);
        assertTrue(stdout.contains("Total params: 1,377"), stdout);
        assertTrue(stdout.contains("median_income"), stdout);
    }

    @Test
    void classificationPredictsLabels() throws Exception {
        Path model = tmp.resolve("colour-model");
        assertEquals(0, run("train", "--csv", colours.toString(), "--target", "colour", "--task", "classification",
                "--epochs", "10", "--lr", "0.01", "--optimizer", "adamw", "--activation", "tanh", "--save", model.toString()), stderr);
        assertEquals(0, run("evaluate", "--model", model.toString(), "--csv", colours.toString()), stderr);
        assertTrue(metric(lastLine(), "accuracy") > 0.8, lastLine());
        assertTrue(lastLine().contains(" f1="), lastLine());
        Path out = tmp.resolve("colours-pred.csv");
        assertEquals(0, run("predict", "--model", model.toString(), "--csv", colours.toString(), "--out", out.toString()));
        List<String> pred = Files.readAllLines(out);
        assertEquals("colour", pred.get(0));
        assertTrue(pred.subList(1, pred.size()).stream().allMatch(s -> s.equals("red") || s.equals("blue") || s.equals("green")));
    }

    @Test
    void theNewerOptimizersTrainToo() throws Exception {
        for (String opt : List.of("adamax", "nadam", "radam", "adadelta", "asgd", "rprop")) {
            Path model = tmp.resolve("colour-" + opt);
            String lr = opt.equals("adadelta") ? "1" : opt.equals("asgd") ? "0.1" : "0.01";
            assertEquals(0, run("train", "--csv", colours.toString(), "--target", "colour", "--task", "classification",
                    "--epochs", "10", "--lr", lr, "--optimizer", opt, "--save", model.toString()), stderr);
            assertEquals(0, run("evaluate", "--model", model.toString(), "--csv", colours.toString()), stderr);
            assertTrue(metric(lastLine(), "accuracy") > 0.8, opt + ": " + lastLine());
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : List.of("train", "evaluate", "predict", "summary")) {
            assertEquals(0, run(c, "--help"));
            assertTrue(stdout.startsWith("usage: nabla " + c), stdout);
        }
    }

    @Test
    void mistakesAreOneLineWithoutStackTrace() throws Exception {
        assertEquals(2, run("train", "--csv", housing.toString(), "--target", "median_house_value", "--epoch", "3"));
        assertTrue(stderr.contains("unknown option '--epoch'"), stderr);
        assertEquals(2, run("train", "--csv", tmp.resolve("missing.csv").toString(), "--target", "y"));
        assertTrue(stderr.contains("no such file"), stderr);
        assertEquals(2, run("train", "--csv", tmp.toString(), "--target", "y"));
        assertEquals("nabla: option '--csv' must name a file, got the directory '" + tmp
                + "' (see 'nabla train --help')\n", stderr);
        assertEquals(2, run("train", "--csv", housing.toString(), "--target", "median_house_value", "--optimizer", "lbfgs"));
        assertEquals(1, run("train", "--csv", housing.toString(), "--target", "price"));
        assertTrue(stderr.contains("price"), stderr);
        assertFalse(stderr.contains("\tat "), stderr);
        assertEquals(1, run("evaluate", "--model", tmp.resolve("nothing").toString(), "--csv", housing.toString()));
        assertFalse(stderr.contains("\tat "), stderr);
        Path bad = Files.createDirectories(tmp.resolve("bad-model"));
        Files.writeString(bad.resolve("model.json"), "{\"format\": \"nabla-model\", \"version\": 9}");
        assertEquals(1, run("summary", "--model", bad.toString()));
        assertTrue(stderr.contains("unsupported version 9") && !stderr.contains("\tat "), stderr);
        assertEquals(1, run("--debug", "summary", "--model", bad.toString()));
        assertTrue(stderr.contains("\tat "), "--debug shows the stack trace");
        Path model = tmp.resolve("m2");
        assertEquals(0, run("train", "--csv", colours.toString(), "--target", "colour", "--task", "classification",
                "--epochs", "1", "--save", model.toString()));
        assertEquals(1, run("predict", "--model", model.toString(), "--csv", housing.toString(), "--out", tmp.resolve("o.csv").toString()));
        assertTrue(stderr.contains("x1"), "names the missing column: " + stderr);
    }
}
