package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.cli.Args;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The housing demo on the real data ({@code ../shared/datasets}, passed by surefire as
 * {@code nabla.data}), for a few epochs: both training loops learn, and the last line is the
 * machine-readable result.
 */
class HousingDemoTest {
    private static final Pattern RESULT = Pattern.compile(
            "result: test_mse=([0-9.]+) test_mae=([0-9.]+) r2=([0-9.]+) epochs=(\\d+) seconds=([0-9.]+)");

    private static Matcher run(Path dir, String... options) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> args = new java.util.ArrayList<>(List.of(options));
        args.addAll(List.of("--plot", dir.resolve("curve.png").toString()));
        HousingDemo.run(Args.parse(args), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\\R");
        Matcher m = RESULT.matcher(lines[lines.length - 1]);
        assertTrue(m.matches(), "last line: " + lines[lines.length - 1]);
        return m;
    }

    @Test
    void fitLearnsInThreeEpochs(@TempDir Path dir) {
        Matcher m = run(dir, "--epochs", "3");
        // Predicting the training mean gives an MSE of about 1.3; three epochs reach about 0.4.
        assertTrue(Double.parseDouble(m.group(1)) < 0.5, m.group());
        assertTrue(Double.parseDouble(m.group(3)) > 0.6, m.group());
        assertTrue(m.group(4).equals("3"));
        assertTrue(Files.exists(dir.resolve("curve.png")));
    }

    @Test
    void handWrittenLoopLearnsToo(@TempDir Path dir) {
        Matcher m = run(dir, "--epochs", "2", "--loop", "custom");
        assertTrue(Double.parseDouble(m.group(1)) < 0.6, m.group());
    }
}
