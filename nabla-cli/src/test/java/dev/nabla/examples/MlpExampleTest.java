package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MlpExampleTest {

    @Test
    void printsTheModelAndTheLossFalls() {
        var bytes = new ByteArrayOutputStream();
        MlpExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("(hidden): Linear(in_features=3, out_features=4, bias=True)"), out);
        assertTrue(out.contains("parameters: 26 "), out);
        double before = number(out, "loss before: ([0-9.]+)");
        double after = number(out, "loss after one SGD step \\(lr 0.5\\): ([0-9.]+)");
        assertTrue(after < before, out);
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "missing " + regex + " in\n" + text);
        return Double.parseDouble(m.group(1));
    }
}
