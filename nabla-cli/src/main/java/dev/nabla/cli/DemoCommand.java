package dev.nabla.cli;

import dev.nabla.examples.CharLmDemo;
import dev.nabla.examples.ClassifierDemo;
import dev.nabla.examples.HousingDemo;
import dev.nabla.examples.MlpExample;
import dev.nabla.examples.MnistCnnDemo;
import dev.nabla.examples.XorDemo;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import java.util.stream.Collectors;

/** {@code nabla demo <name> [options]}: runs one of the example programs (each reads its own options). */
@Command(name = "demo")
final class DemoCommand extends CliCommand implements Main.SelfParsing {
    @Parameters(paramLabel = "ARGS", description = "the demo's name and options")
    List<String> words = new ArrayList<>();

    @Override
    int run() throws Exception {
        return run(words, out);
    }


    /** A runnable example: reads its options from {@code args}, prints to {@code out}. */
    @FunctionalInterface
    interface Runner {
        void run(Args args, PrintStream out) throws Exception;
    }

    /** One demo: its name, a one-line summary, the help text of its options, and its entry point. */
    record Demo(String name, String summary, String options, Runner runner) {
    }

    /** The demos, in the order {@code nabla demo --help} lists them. Adding a demo is one line here. */
    static final List<Demo> DEMOS = List.of(
            new Demo("housing", HousingDemo.SUMMARY, HousingDemo.OPTIONS, HousingDemo::run),
            new Demo("charlm", CharLmDemo.SUMMARY, CharLmDemo.OPTIONS, CharLmDemo::run),
            new Demo("digits", ClassifierDemo.DIGITS_SUMMARY, ClassifierDemo.OPTIONS, ClassifierDemo::digits),
            new Demo("mnist", ClassifierDemo.MNIST_SUMMARY, ClassifierDemo.OPTIONS, ClassifierDemo::mnist),
            new Demo("mnist-cnn", MnistCnnDemo.SUMMARY, MnistCnnDemo.OPTIONS, MnistCnnDemo::run),
            new Demo("mlp", "the primer's 3-4-2 perceptron as a Module: printed, counted, trained one step", "",
                    (args, out) -> {
                        args.rejectUnknown();
                        MlpExample.run(out);
                    }),
            new Demo("xor", XorDemo.SUMMARY, XorDemo.OPTIONS, XorDemo::run));

    @Override
    public String summary() {
        return "run an example program (" + names() + ")";
    }

    @Override
    public String help() {
        StringBuilder sb = new StringBuilder("""
                usage: nabla demo <name> [options]
                       nabla demo <name> --help

                Runs an example program. Demos:
                """);
        for (Demo d : DEMOS) {
            sb.append(String.format("  %-10s %s%n", d.name(), d.summary()));
        }
        return sb.toString();
    }

    /** Runs with the words typed after the command's name. */
    int run(List<String> args, PrintStream out) throws Exception {
        if (args.isEmpty()) {
            throw new UsageException("demo: which demo? one of: " + names());
        }
        String name = args.get(0);
        if (name.equals("--help") || name.equals("-h")) {
            out.print(help());
            return 0;
        }
        Demo demo = DEMOS.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new UsageException("unknown demo '" + name + "'; demos: " + names()));
        Args options = Args.parse(args.subList(1, args.size()));
        if (options.has("help")) {
            out.printf("usage: nabla demo %s [options]%n%n%s%n%noptions:%n%s%s", demo.name(), demo.summary(),
                    demo.options(), DeviceOption.HELP);
            return 0;
        }
        DeviceOption.select(options.string("device", null));
        demo.runner().run(options, out);
        return 0;
    }

    private static String names() {
        return DEMOS.stream().map(Demo::name).collect(Collectors.joining(", "));
    }
}
