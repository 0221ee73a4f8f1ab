package dev.nabla.cli;

import java.io.PrintStream;
import java.util.List;

/** A subcommand of {@code nabla}, such as {@code demo}; {@link Main} dispatches to it by name. */
public interface Command {

    /** The word typed after {@code nabla}. */
    String name();

    /** One line for the list of commands in {@code nabla --help}. */
    String summary();

    /** The text of {@code nabla <name> --help}: synopsis, arguments, options. */
    String help();

    /**
     * Runs the command with the words typed after its name ({@code --debug} already removed).
     *
     * @return the process exit status (0 for success)
     * @throws UsageException if the arguments are wrong (exit status 2)
     */
    int run(List<String> args, PrintStream out) throws Exception;
}
