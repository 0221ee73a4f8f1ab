package dev.nabla.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * A subcommand of {@code nabla}, declared with picocli's {@code @Command} and {@code @Option}
 * annotations; {@link Main} sets the streams before it runs.
 */
abstract class CliCommand implements Callable<Integer> {
    /** Where results go. */
    PrintStream out = System.out;
    /** Where warnings go (errors are thrown, and {@link Main} prints them). */
    PrintStream err = System.err;

    /**
     * Runs the command.
     *
     * @return the process exit status (0 for success)
     * @throws UsageException if the arguments are wrong (exit status 2)
     */
    abstract int run() throws Exception;

    @Override
    public final Integer call() throws Exception {
        return run();
    }
}
