package dev.nabla.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code nabla} command: {@code nabla <command> [args]}, run through the {@code ./nabla}
 * launcher at the repository root.
 *
 * <p>Exit status: 0 on success, 1 when the command fails, 2 when it was typed wrongly (unknown
 * command or option). Errors are reported in one line; {@code --debug} adds the stack trace.
 */
public final class Main {

    /** The commands, in the order {@code nabla --help} lists them. A new command is one line here. */
    static final List<Command> COMMANDS = List.of(
            new DemoCommand(),
            new BenchCommand(),
            new TrainCommand(),
            new EvaluateCommand(),
            new PredictCommand(),
            new SummaryCommand(),
            // ---- distribution ----
            new SparkTrainCommand());

    private final List<Command> commands;
    private final PrintStream out;
    private final PrintStream err;
    private String helpHint = "nabla --help";

    Main(List<Command> commands, PrintStream out, PrintStream err) {
        this.commands = commands;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int status = new Main(COMMANDS, System.out, System.err).run(args);
        System.out.flush();
        System.exit(status);
    }

    /** Runs the command line {@code args}; returns the exit status. */
    int run(String... args) {
        List<String> words = new ArrayList<>(List.of(args));
        boolean debug = words.removeIf("--debug"::equals);
        try {
            return dispatch(words);
        } catch (UsageException e) {
            err.println("nabla: " + e.getMessage() + " (see '" + helpHint + "')");
            return 2;
        } catch (Exception e) {
            err.println("nabla: error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (debug) {
                e.printStackTrace(err);
            } else {
                err.println("nabla: run with --debug to see the stack trace");
            }
            return 1;
        }
    }

    private int dispatch(List<String> words) throws Exception {
        if (words.isEmpty()) {
            err.print(usage());
            return 2;
        }
        String first = words.get(0);
        List<String> rest = words.subList(1, words.size());
        if (first.equals("--help") || first.equals("-h")) {
            out.print(usage());
            return 0;
        }
        if (first.equals("help")) {
            if (rest.isEmpty()) {
                out.print(usage());
            } else {
                out.print(command(rest.get(0)).help());
            }
            return 0;
        }
        if (first.startsWith("-")) {
            throw new UsageException("unknown option '" + first + "'");
        }
        Command command = command(first);
        helpHint = "nabla " + command.name() + " --help";
        if (!rest.isEmpty() && (rest.get(0).equals("--help") || rest.get(0).equals("-h"))) {
            out.print(command.help());
            return 0;
        }
        return command.run(rest, out);
    }

    private Command command(String name) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new UsageException("unknown command '" + name + "'"));
    }

    String usage() {
        StringBuilder sb = new StringBuilder("""
                usage: nabla [--debug] <command> [args]
                       nabla <command> --help

                Nabla: deep learning in pure Java. Commands:
                """);
        for (Command c : commands) {
            sb.append(String.format("  %-10s %s%n", c.name(), c.summary()));
        }
        sb.append("""

                Options:
                  --help     show this help (or a command's help, after its name)
                  --debug    show stack traces of errors
                """);
        return sb.toString();
    }
}
