package dev.nabla.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@code nabla} in-process and keeps what it printed, for the command-line tests. */
abstract class CommandTestSupport {
    /** What the last {@link #run} printed to standard output. */
    String stdout;
    /** What the last {@link #run} printed to standard error. */
    String stderr;

    /** {@code nabla args...}; returns the exit status. */
    int run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new Main(Main.COMMANDS, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        stdout = out.toString(StandardCharsets.UTF_8);
        stderr = err.toString(StandardCharsets.UTF_8);
        return rc;
    }
}
