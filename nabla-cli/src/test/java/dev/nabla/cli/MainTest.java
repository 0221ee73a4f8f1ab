package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** A command that fails, to see how errors are reported. */
    @picocli.CommandLine.Command(name = "fail", description = "always fails")
    static final class Failing extends CliCommand {
        @Override
        int run() {
            throw new IllegalStateException("it broke");
        }
    }

    /** A command that runs out of memory. */
    @picocli.CommandLine.Command(name = "hog", description = "runs out of memory")
    static final class Hog extends CliCommand {
        @Override
        int run() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    private int run(String... args) {
        List<java.util.function.Supplier<Object>> commands = List.of(Main.COMMANDS.get(0), Failing::new, Hog::new,
                () -> { throw new NoClassDefFoundError("org/apache/spark/sql/Dataset"); });
        return new Main(commands, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String out() { return out.toString(StandardCharsets.UTF_8); }

    private String err() { return err.toString(StandardCharsets.UTF_8); }

    @Test
    void helpListsTheCommands() {
        assertEquals(0, run("--help"));
        assertTrue(out().contains("usage: nabla"));
        assertTrue(out().contains("demo "));
        assertTrue(out().contains("fail "));
    }

    /** A command whose module is missing from the class path (the last above) is left out; the others run. */
    @Test
    void aCommandThatCannotLinkIsLeftOut() {
        assertEquals(0, run("demo", "--help"));
        assertEquals(1, run("fail"));
    }

    @Test
    void noArgumentsPrintsUsageAndFails() {
        assertEquals(2, run());
        assertTrue(err().contains("usage: nabla"));
    }

    @Test
    void eachCommandAndDemoHasHelp() {
        assertEquals(0, run("demo", "--help"));
        assertTrue(out().contains("xor"));
        assertEquals(0, run("demo", "xor", "--help"));
        assertTrue(out().contains("--epochs"));
        assertEquals(0, run("help", "demo"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "nope                   | unknown command 'nope'",
        "--nope                 | unknown option '--nope'",
        "demo                   | which demo?",
        "demo nope              | unknown demo 'nope'",
        "demo xor --nope 1      | unknown option '--nope'",
        "demo xor --epochs x    | option '--epochs' expects an integer",
        "demo xor --epochs 0    | option '--epochs' must be an integer of at least 1",
        "demo xor --lr          | option '--lr' needs a value",
        "demo xor stray         | unexpected argument 'stray'",
        "--debug demo xor --bad | unknown option '--bad'",
    })
    void usageErrorsAreOneLineWithStatus2(String line, String message) {
        assertEquals(2, run(line.split(" ")));
        assertTrue(err().startsWith("nabla: "), err());
        assertTrue(err().contains(message), err());
        assertEquals(1, err().lines().count(), err());
        assertEquals("", out());
    }

    @Test
    void failuresAreReportedWithoutStackTraceUnlessDebug() {
        assertEquals(1, run("fail"));
        assertTrue(err().startsWith("nabla: error: it broke"), err());
        assertFalse(err().contains("\tat "), err());

        err.reset();
        assertEquals(1, run("--debug", "fail"));
        assertTrue(err().contains("IllegalStateException: it broke"), err());
        assertTrue(err().contains("\tat "), err());
    }

    @Test
    void runningOutOfMemoryIsOneLineSayingHowMuchTheHeapHas() {
        assertEquals(1, run("hog"));
        assertTrue(err().startsWith("nabla: error: out of memory: this needs more than the "), err());
        assertTrue(err().contains("JAVA_TOOL_OPTIONS=-Xmx"), err());
        assertEquals(1, err().lines().count(), err());
    }

    @Test
    void demoXorRuns() {
        assertEquals(0, run("demo", "xor", "--epochs", "5", "--hidden=3"));
        assertTrue(out().lines().reduce((a, b) -> b).orElseThrow().contains("epochs=5 "), out());
    }
}
