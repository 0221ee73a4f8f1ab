package dev.nabla.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The {@code nabla} command: {@code nabla <command> [args]}, run through the {@code ./nabla}
 * launcher at the repository root. Parsed by picocli, which generates the help of each command,
 * a bash/zsh completion script ({@code nabla generate-completion}) and "did you mean" hints.
 *
 * <p>Exit status: 0 on success, 1 when the command fails, 2 when it was typed wrongly (unknown
 * command or option, bad value). Errors are reported in one line; {@code --debug} adds the
 * stack trace.
 */
@Command(name = "nabla", synopsisHeading = "usage: ", customSynopsis = {
        "nabla [--debug] <command> [args]", "       nabla <command> --help"},
        description = {"", "Nabla: deep learning in pure Java."}, commandListHeading = "%nCommands:%n",
        optionListHeading = "%nOptions:%n", usageHelpAutoWidth = true)
public final class Main {

    /**
     * The commands, in the order {@code nabla --help} lists them; made afresh for each run, since
     * picocli keeps parsed values in their fields. A new command is one line here. A command whose
     * classes cannot be linked (its module, e.g. nabla-spark and Spark, left off the class path) is
     * left out.
     */
    static final List<Supplier<Object>> COMMANDS = List.of(
            DemoCommand::new,
            BenchCommand::new,
            TrainCommand::new,
            EvaluateCommand::new,
            PredictCommand::new,
            SummaryCommand::new,
            // deployment (nabla-onnx, nabla-serve)
            ExportCommand::new,
            ServeCommand::new,
            // distribution (nabla-spark)
            SparkTrainCommand::new);

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help (or a command's help, after its name)")
    boolean help;

    @CommandLine.Option(names = "--debug", description = "show stack traces of errors")
    boolean debug; // taken out of the arguments before parsing, so that it may stand anywhere

    private final List<Supplier<Object>> commands;
    private final PrintStream out;
    private final PrintStream err;

    Main(List<Supplier<Object>> commands, PrintStream out, PrintStream err) {
        this.commands = commands;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        quietLogging();
        int status = new Main(COMMANDS, System.out, System.err).run(args);
        System.out.flush();
        System.exit(status);
    }

    /**
     * Names slf4j-simple as SLF4J's provider (the one it picks anyway): Spark's jars bring
     * log4j-slf4j2-impl too, and SLF4J's five lines about "multiple providers" would otherwise
     * start every {@code nabla serve}. A provider or verbosity set by the user is kept.
     */
    static void quietLogging() {
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        }
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
    }

    /** The picocli command line of {@code nabla} and its subcommands. */
    CommandLine commandLine() {
        CommandLine cl = new CommandLine(this);
        for (Supplier<Object> make : commands) {
            Object c;
            CommandLine sub;
            try {
                c = make.get();
                sub = new CommandLine(c);
            } catch (LinkageError e) { // its module is not on the class path (a slim bundle without Spark, say)
                continue;
            }
            if (c instanceof CliCommand cc) {
                cc.out = out;
                cc.err = err;
            }
            if (c instanceof SelfParsing self) { // its own help text; every word passed through
                sub.setUnmatchedOptionsArePositionalParams(true);
                sub.getCommandSpec().usageMessage().description(self.summary());
                sub.setHelpSectionKeys(List.of("text"));
                sub.getHelpSectionMap().put("text", help -> self.help());
            }
            cl.addSubcommand(sub);
        }
        cl.addSubcommand("help", new CommandLine.HelpCommand());
        CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
        completion.getCommandSpec().usageMessage().hidden(false)
                .description("print a bash/zsh completion script: source <(nabla generate-completion)");
        cl.addSubcommand("generate-completion", completion);
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        return cl;
    }

    /** Runs the command line {@code args}; returns the exit status. */
    int run(String... args) {
        List<String> words = new ArrayList<>(List.of(args));
        boolean debugging = words.removeIf("--debug"::equals);
        CommandLine cl = commandLine();
        if (words.isEmpty()) {
            err.print(cl.getUsageMessage());
            return 2;
        }
        cl.setParameterExceptionHandler((e, a) -> usageError(e.getCommandLine(), message(e)));
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof UsageException) {
                return usageError(c, e.getMessage());
            }
            err.println("nabla: error: " + describe(e));
            if (debugging) {
                e.printStackTrace(err);
            } else {
                err.println("nabla: run with --debug to see the stack trace");
            }
            return 1;
        });
        try {
            return cl.execute(words.toArray(String[]::new));
        } catch (OutOfMemoryError e) { // thrown past picocli's handlers, which catch Exceptions only
            err.println("nabla: error: " + describe(e));
            return 1;
        }
    }

    private int usageError(CommandLine c, String message) {
        err.println("nabla: " + message + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
        return 2;
    }

    /** One line for an error: its message, or for running out of memory, how much the heap has. */
    static String describe(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            long max = Runtime.getRuntime().maxMemory();
            return "out of memory: this needs more than the " + dev.nabla.backend.HeapBudget.size(max)
                    + " Java heap; give Java more (e.g. JAVA_TOOL_OPTIONS=-Xmx" + Math.max(2, 2 * max / (1L << 30) + 1)
                    + "g) or use less data";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /** Picocli's parse errors in Nabla's words, with "did you mean" where picocli has a guess. */
    private static String message(ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            String word = u.getUnmatched().get(0);
            boolean top = u.getCommandLine().getParent() == null;
            String what = word.startsWith("-") ? "unknown option '" + word + "'"
                    : top ? "unknown command '" + word + "'" : "unexpected argument '" + word + "'";
            List<String> guesses = u.getSuggestions();
            return guesses.isEmpty() ? what : what + "; did you mean " + guesses.stream().limit(3)
                    .map(s -> "'" + s + "'").collect(Collectors.joining(" or ")) + "?";
        }
        ArgSpec arg = e.getArgSpec();
        String name = arg instanceof OptionSpec o ? o.longestName() : arg != null ? arg.paramLabel() : null;
        if (e instanceof CommandLine.OverwrittenOptionException o) {
            return "option '" + (o.getOverwritten() instanceof OptionSpec spec ? spec.longestName() : name) + "' given twice";
        }
        if (e instanceof CommandLine.MissingParameterException m) {
            List<ArgSpec> missing = m.getMissing();
            String n = missing.get(0) instanceof OptionSpec o ? o.longestName() : missing.get(0).paramLabel();
            return m.getMessage().startsWith("Missing required option") ? "option '" + n + "' is required"
                    : "option '" + n + "' needs a value";
        }
        if (name != null && e.getValue() != null) {
            Class<?> type = arg.type();
            String expected = type == int.class || type == long.class || type == Integer.class || type == Long.class
                    ? "an integer" : type == double.class || type == Double.class ? "a number" : "a valid value";
            return "option '" + name + "' expects " + expected + ", got '" + e.getValue() + "'";
        }
        String m = e.getMessage();
        return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }

    /** A command that reads its own words (demos, bench): picocli passes every word through. */
    interface SelfParsing {
        /** One line for the list of commands in {@code nabla --help}. */
        String summary();

        /** The text of {@code nabla help <name>}: synopsis, arguments, options. */
        String help();
    }
}
