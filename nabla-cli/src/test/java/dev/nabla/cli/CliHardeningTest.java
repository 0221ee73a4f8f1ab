package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.nabla.data.preprocessing.StandardScaler;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.Linear;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.io.ModelFiles;
import dev.nabla.train.io.TabularPreprocessing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line never loses a model or the user's files, and says what is wrong in one line. */
class CliHardeningTest extends CommandTestSupport {
    @TempDir
    static Path tmp;
    static Path data;


    /** y = 2 a - b + noise, 200 rows. */
    @BeforeAll
    static void writeCsv() throws Exception {
        List<String> lines = new ArrayList<>(List.of("a,b,y"));
        Random r = new Random(3);
        for (int i = 0; i < 200; i++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            lines.add(String.format(Locale.ROOT, "%.4f,%.4f,%.4f", a, b, 2 * a - b + 0.1 * r.nextGaussian()));
        }
        data = Files.write(tmp.resolve("data.csv"), lines);
    }

    private void assertOneLine(String expected) {
        assertTrue(stderr.contains(expected), stderr);
        assertFalse(stderr.contains("\tat "), stderr);
        assertTrue(stderr.lines().count() <= 2, stderr); // the message, and the --debug hint for failures
    }

    private Path train(String name, String... extra) {
        Path model = tmp.resolve(name);
        List<String> args = new ArrayList<>(List.of("train", "--csv", data.toString(), "--target", "y", "--epochs", "3",
                "--save", model.toString()));
        args.addAll(List.of(extra));
        assertEquals(0, run(args.toArray(String[]::new)), stderr);
        return model;
    }

    @Test
    void saveNeverDeletesTheUsersFilesNorWritesIntoTheCurrentDirectory() throws Exception {
        assertEquals(2, run("train", "--csv", data.toString(), "--target", "y", "--save", ""));
        assertOneLine("option '--save' needs a directory");
        Path dir = Files.createDirectories(tmp.resolve("mine"));
        Path own = Files.writeString(dir.resolve("embeddings.safetensors"), "mine");
        assertEquals(1, run("train", "--csv", data.toString(), "--target", "y", "--save", dir.toString()));
        assertOneLine("holds other files (such as 'embeddings.safetensors')");
        assertEquals("mine", Files.readString(own));
        assertFalse(Files.exists(dir.resolve("model.json")));
    }

    @Test
    void predictRefusesToOverwriteItsInput() throws Exception {
        Path model = train("m-out");
        String before = Files.readString(data);
        assertEquals(2, run("predict", "--model", model.toString(), "--csv", data.toString(), "--out", data.toString()));
        assertOneLine("option '--out' names the input file");
        Path alias = tmp.resolve(".").resolve("data.csv");
        assertEquals(2, run("predict", "--model", model.toString(), "--csv", data.toString(), "--out", alias.toString()));
        assertEquals(before, Files.readString(data));
    }

    @Test
    void outputPathsAreCheckedBeforeTrainingAndNoDirectoryIsCreated() throws Exception {
        Path model = tmp.resolve("m-plot");
        Path dirAsPlot = Files.createDirectories(tmp.resolve("a-directory"));
        assertEquals(2, run("train", "--csv", data.toString(), "--target", "y", "--save", model.toString(),
                "--plot", dirAsPlot.toString()));
        assertOneLine("option '--plot' must name a file");
        assertFalse(Files.exists(model), "nothing trained or saved");
        assertEquals(2, run("train", "--csv", data.toString(), "--target", "y", "--save", model.toString(),
                "--plot", tmp.resolve("no/such/dir/curves.png").toString()));
        assertOneLine("does not exist");
        assertFalse(Files.exists(tmp.resolve("no")));
        assertEquals(1, run("train", "--csv", data.toString(), "--target", "y", "--save", tmp.resolve("x/y/model").toString()));
        assertOneLine("does not exist");
        assertFalse(Files.exists(tmp.resolve("x")), "no directory the user did not name");
        Path file = data.toAbsolutePath(); // a file where a directory is expected
        assertEquals(2, run("train", "--csv", data.toString(), "--target", "y", "--save", model.toString(),
                "--plot", file.resolve("curves.png").toString()));
        assertOneLine("option '--plot': " + file + " is a file, not a directory");
        assertEquals(1, run("train", "--csv", data.toString(), "--target", "y", "--save", file.resolve("m").toString()));
        assertOneLine("cannot save a model into " + file.resolve("m") + ": " + file + " is a file, not a directory");
    }

    @Test
    void theLargestBatchSizeStillTrains() {
        assertEquals(0, run("train", "--csv", data.toString(), "--target", "y", "--batch-size", "2147483647",
                "--epochs", "60", "--lr", "0.05", "--hidden", "none", "--save", tmp.resolve("m-batch").toString()), stderr);
        String validation = stdout.lines().filter(l -> l.startsWith("validation:")).findFirst().orElseThrow();
        double r2 = Double.parseDouble(validation.replaceAll(".*r2=([-0-9.e+]+).*", "$1"));
        assertTrue(r2 > 0.9, "trained with one batch per epoch: " + validation);
    }

    @Test
    void headerOnlyCsvs() throws Exception {
        Path model = train("m-empty");
        Path empty = Files.writeString(tmp.resolve("empty.csv"), "a,b,y\n");
        Path out = tmp.resolve("empty-pred.csv");
        assertEquals(0, run("predict", "--model", model.toString(), "--csv", empty.toString(), "--out", out.toString()), stderr);
        assertEquals(List.of("y"), Files.readAllLines(out));
        assertEquals(1, run("evaluate", "--model", model.toString(), "--csv", empty.toString()));
        assertOneLine("no data rows to evaluate on");
    }

    @Test
    void runningOutOfMemoryIsOneLineWithTheFigure() {
        assertEquals(1, run("train", "--csv", data.toString(), "--target", "y", "--hidden", "100000,100000",
                "--save", tmp.resolve("m-huge").toString()));
        assertOneLine("--hidden 100000,100000 (10,000,500,001 parameters, with their gradients and optimizer state)"
                + " needs about 149.0 GiB of memory");
        assertTrue(Main.describe(new OutOfMemoryError("Java heap space")).startsWith("out of memory: this needs more than the "));
    }

    @Test
    void aDivergingRunStopsAndNeverReplacesAGoodModel() throws Exception {
        Path model = train("m-nan");
        byte[] good = Files.readAllBytes(model.resolve("model.json"));
        assertEquals(1, run("train", "--csv", data.toString(), "--target", "y", "--epochs", "5", "--optimizer", "sgd",
                "--lr", "1e30", "--save", model.toString()));
        assertOneLine("training diverged: the loss became");
        assertTrue(stderr.matches("(?s).*at epoch \\d+, step \\d+; the model was not saved.*"), stderr);
        assertArrayEquals(good, Files.readAllBytes(model.resolve("model.json")));
    }

    @Test
    void nonFinitePredictionsAreFlagged() throws Exception {
        Path model = tmp.resolve("m-broken");
        Sequential net = new Sequential(new Linear(2, 1));
        try (var ng = Tensor.noGrad()) {
            net.parameters().get(0).fill(Float.NaN);
        }
        TabularPreprocessing tab = new TabularPreprocessing("regression", List.of("a", "b"), "y", new StandardScaler(new double[2], new double[] {1, 1}),
                new StandardScaler(new double[1], new double[] {1}), null, Map.of());
        ModelFiles.save(net, model, tab.toJson(), Map.of());
        assertEquals(1, run("evaluate", "--model", model.toString(), "--csv", data.toString()));
        assertOneLine("200 of 200 predictions are not finite");
        assertEquals(0, run("predict", "--model", model.toString(), "--csv", data.toString(), "--out",
                tmp.resolve("nan.csv").toString()));
        assertOneLine("warning: 200 of 200 predictions are not finite");
    }

    @Test
    void damagedPreprocessingAndUnknownTasksAreNamed() throws Exception {
        Path model = train("m-json");
        Path json = model.resolve("model.json");
        String text = Files.readString(json);
        Files.writeString(json, text.replace("\"task\": \"regression\"", "\"task\": \"foo\""));
        assertEquals(1, run("evaluate", "--model", model.toString(), "--csv", data.toString()));
        assertOneLine("\"task\" must be \"regression\" or \"classification\", got foo");
        Files.writeString(json, text.replaceFirst("\"features\"", "\"featurez\""));
        assertEquals(1, run("evaluate", "--model", model.toString(), "--csv", data.toString()));
        assertOneLine("\"features\" must be a list of strings");
        Files.writeString(json, text.replaceFirst("\"mean\": \\[[^]]*]", "\"mean\": []"));
        assertEquals(1, run("predict", "--model", model.toString(), "--csv", data.toString(), "--out",
                tmp.resolve("p.csv").toString()));
        assertOneLine("\"feature_scaler\" \"mean\" must be a list of 2 numbers");
    }

    @Test
    void constantTargetGivesAFiniteR2() {
        TabularPreprocessing tab = new TabularPreprocessing("regression", List.of("a"), "y", null, null, null, Map.of());
        assertEquals(1.0, tab.metrics(new double[] {5, 5}, new double[] {5, 5}).get("r2"));
        assertEquals(0.0, tab.metrics(new double[] {4, 6}, new double[] {5, 5}).get("r2"));
    }

    @Test
    void missingValuesNameTheCommandLinesOption() throws Exception {
        Path gaps = Files.writeString(tmp.resolve("gaps.csv"), "a,b,y\n1,2,3\n,1,2\n2,2,4\n3,1,5\n");
        assertEquals(1, run("train", "--csv", gaps.toString(), "--target", "y", "--save", tmp.resolve("m-gaps").toString()));
        assertOneLine("missing value (an empty field); handle missing values with --missing drop or --missing mean");
        Path model = tmp.resolve("m-mean");
        assertEquals(0, run("train", "--csv", gaps.toString(), "--target", "y", "--missing", "mean", "--val-split", "0",
                "--save", model.toString()), stderr);
        Path out = tmp.resolve("gaps-pred.csv");
        assertEquals(0, run("predict", "--model", model.toString(), "--csv", gaps.toString(), "--out", out.toString()), stderr);
        assertEquals(5, Files.readAllLines(out).size(), "the saved training mean fills the gap");
    }

    @Test
    void targetAmongFeaturesTrailingCommaAndASingleClassAreRefused() throws Exception {
        assertEquals(2, run("train", "--csv", data.toString(), "--target", "y", "--features", "a,y"));
        assertOneLine("option '--features' includes the target 'y'");
        assertEquals(2, run("train", "--csv", data.toString(), "--target", "y", "--features", "a,a"));
        assertOneLine("option '--features' names the column 'a' twice");
        Path words = Files.writeString(tmp.resolve("words.csv"), "a,b,y\n1,x,2\n2,3,low\n3,4,5\n");
        assertEquals(1, run("train", "--csv", words.toString(), "--target", "y", "--save", tmp.resolve("m-w").toString()));
        assertOneLine(", line 2, column 2 (b): expected a number but found 'x'; features must be numbers; leave the"
                + " column out with --features");
        assertEquals(1, run("train", "--csv", words.toString(), "--target", "y", "--features", "a",
                "--save", tmp.resolve("m-w").toString()));
        assertOneLine(", line 3, column 3 (y): expected a number but found 'low'; for class labels, train with"
                + " --task classification");
        Path model = train("m-numbers");
        assertEquals(1, run("predict", "--model", model.toString(), "--csv", words.toString(), "--out",
                tmp.resolve("p-words.csv").toString()));
        assertOneLine(", line 2, column 2 (b): expected a number but found 'x'; the model was trained on numbers in"
                + " this column");
        assertEquals(2, run("train", "--csv", data.toString(), "--target", "y", "--hidden", "64,"));
        assertOneLine("option '--hidden' expects positive sizes like 64,64, got '64,'");
        Path one = Files.writeString(tmp.resolve("one.csv"), "a,c\n1,x\n2,x\n3,x\n");
        assertEquals(1, run("train", "--csv", one.toString(), "--target", "c", "--task", "classification",
                "--save", tmp.resolve("m-one").toString()));
        assertOneLine("the target 'c' has a single class ([x]); classification needs at least two");
    }

    @Test
    void typosGetDidYouMeanAndCompletionIsGenerated() {
        assertEquals(2, run("trian"));
        assertOneLine("unknown command 'trian'; did you mean 'train' or 'spark-train'?");
        assertEquals(2, run("train", "--epoch", "3"));
        assertOneLine("unknown option '--epoch'; did you mean '--epochs'?");
        assertEquals(2, run("train", "--epochs", "3", "--epochs", "4"));
        assertOneLine("option '--epochs' given twice");
        assertEquals(0, run("generate-completion"));
        assertTrue(stdout.contains("complete -F") && stdout.contains("--batch-size"), stdout);
    }
}
