package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.cli.Args;
import dev.nabla.cli.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The character language-model demo for a few steps on tiny Shakespeare: it learns and reports. */
class CharLmDemoTest {
    private static final Pattern RESULT = Pattern.compile(
            "result: val_loss=([0-9.]+) train_loss=([0-9.]+) steps=(\\d+) seconds=([0-9.]+) tokens_per_s=(\\d+)");

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gpt"})
    void trainsSamplesAndReports(String model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CharLmDemo.run(Args.parse(List.of("--model", model, "--steps", "4", "--sample-length", "20", "--prompt", "KING:")),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = text.strip().split("\\R");
        Matcher m = RESULT.matcher(lines[lines.length - 1]);
        assertTrue(m.matches(), "last line: " + lines[lines.length - 1]);
        // A uniform guess over 65 characters has loss ln 65 = 4.17; four steps already do better.
        assertTrue(Double.parseDouble(m.group(1)) < 4.17, m.group());
        assertTrue(text.contains("KING:"), "the sample starts with the prompt");
        assertTrue(m.group(3).equals("4"));
    }

    @Test
    void aPromptOutsideTheVocabularyIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> CharLmDemo.run(
                Args.parse(List.of("--model", "gpt", "--steps", "2", "--prompt", "{}")), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().startsWith("option '--prompt'"), e.getMessage());
    }
}
