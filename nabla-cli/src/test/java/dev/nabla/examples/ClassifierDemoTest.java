package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.cli.Args;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The classifier demos on the real data in {@code ../shared/datasets}. */
class ClassifierDemoTest {
    private static final Pattern RESULT = Pattern.compile(
            "result: test_accuracy=([0-9.]+) test_loss=([0-9.]+) epochs=(\\d+) seconds=([0-9.]+)");

    private static double accuracy(BiConsumer<Args, PrintStream> demo, String... options) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        demo.accept(Args.parse(List.of(options)), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\\R");
        Matcher m = RESULT.matcher(lines[lines.length - 1]);
        assertTrue(m.matches(), "last line: " + lines[lines.length - 1]);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void digitsReachesTheTargetAccuracy() {
        double acc = accuracy(ClassifierDemo::digits);
        assertTrue(acc >= 0.97, "digits test accuracy " + acc);
    }

    @Test
    void mnistLearnsInOneEpoch() {
        double acc = accuracy(ClassifierDemo::mnist, "--epochs", "1");
        assertTrue(acc >= 0.88, "MNIST test accuracy after one epoch " + acc);
    }
}
