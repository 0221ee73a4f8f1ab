package dev.nabla.cli;

import dev.nabla.backend.Backends;
import dev.nabla.bench.TorchComparison;
import dev.nabla.bench.Workloads;
import dev.nabla.bench.Workloads.Workload;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code nabla bench [workload...] [--threads N] [--runs N] [--torch]}: runs benchmark workloads
 * (see {@code ../shared/bench/WORKLOADS.md} and {@link Workloads}) and prints one
 * {@code bench workload=... framework=nabla} line of key=value pairs per measurement; with
 * {@code --torch}, alternates them with the PyTorch reference and prints medians and ratios.
 */
@Command(name = "bench")
final class BenchCommand extends CliCommand implements Main.SelfParsing {
    @Parameters(paramLabel = "ARGS", description = "workloads and options")
    List<String> words = new ArrayList<>();

    @Override
    int run() throws Exception {
        return run(words, out);
    }

    @Override
    public String summary() {
        return "run benchmark workloads (" + names() + "), optionally beside PyTorch";
    }

    @Override
    public String help() {
        StringBuilder sb = new StringBuilder("""
                usage: nabla bench [workload...] [--threads N] [--runs N] [--steps N] [--compiled] [--device DEV]
                                   [--torch [--torch-threads N]]

                Runs the named workloads (default: all) and prints one line of key=value pairs
                per measurement, starting `bench workload=<id> framework=nabla threads=<t>`.

                options:
                  --threads N        threads of the CPU engine (default: all cores)
                  --runs N           timed runs per workload; the median is printed (default 5)
                  --steps N          training steps of W1-W4 instead of their default length
                                     (a quick look; the figures of record use the defaults)
                  --compiled         train W1-W4 and W7 with compiled steps (CompiledStep, whose
                                     memory is planned by the first step and reused)
                  --device DEV       where to compute: cpu (default), cuda or cuda:N
                  --torch            alternate each run with the PyTorch reference (/usr/bin/python3
                                     with python3-torch), each side in a child process; print both
                                     sides' medians, peak memory and `ratio workload=<id>
                                     nabla_over_torch=<x>` lines
                  --torch-threads N  PyTorch's threads for W1-W4 (default 1, its best setting on
                                     2 cores); W5 gives OpenBLAS the --threads count

                  nabla bench serve --help: the model server under HTTP load

                workloads:
                """);
        for (Workload w : Workloads.ALL) {
            sb.append(String.format("  %-6s %s%n", w.name(), w.summary()));
        }
        return sb.toString();
    }

    /** Runs with the words typed after the command's name. */
    int run(List<String> args, PrintStream out) throws Exception {
        // `nabla bench serve`: the model server under load (deployment, see ServeBenchCommand)
        if (!args.isEmpty() && args.get(0).equals("serve")) {
            return ServeBenchCommand.run(args.subList(1, args.size()), out);
        }
        List<String> names = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String a : args) {
            (a.startsWith("-") || isOptionValue(options) ? options : names).add(a);
        }
        Args opts = Args.parse(options);
        if (opts.has("help")) {
            out.print(help());
            return 0;
        }
        int threads = opts.intValue("threads", Backends.threads(), 1);
        int runs = opts.intValue("runs", 5, 1);
        int steps = opts.has("steps") ? opts.intValue("steps", 0, 2) : 0;
        String device = opts.string("device", null);
        boolean torch = opts.has("torch");
        if (opts.has("compiled")) { // read by the workloads and passed on to their child JVMs
            System.setProperty("nabla.bench.compiled", "true");
        }
        int torchThreads = opts.intValue("torch-threads", 1, 1);
        opts.rejectUnknown();
        DeviceOption.select(device);
        List<Workload> chosen = new ArrayList<>();
        for (String n : names) {
            chosen.add(Workloads.byName(n).orElseThrow(() ->
                    new UsageException("bench: unknown workload '" + n + "'; workloads: " + names())));
        }
        List<Workload> todo = chosen.isEmpty() ? Workloads.ALL : chosen;
        if (torch) {
            String why = TorchComparison.unavailable();
            if (why == null) {
                TorchComparison.run(todo, threads, torchThreads, runs, steps, DeviceOption.isCpu(device) ? null : device, out);
                return 0;
            }
            out.println("note: --torch skipped: " + why + "; running Nabla alone");
        }
        for (Workload w : todo) {
            w.runner().run(threads, runs, 0, steps, out);
        }
        return 0;
    }

    /** Whether the next word is the value of the option just before it (e.g. {@code --runs 3}). */
    private static boolean isOptionValue(List<String> options) {
        if (options.isEmpty()) {
            return false;
        }
        String last = options.get(options.size() - 1);
        return last.startsWith("--") && !last.equals("--help") && !last.equals("--torch") && !last.equals("--compiled")
                && !last.contains("=");
    }

    private static String names() {
        return Workloads.ALL.stream().map(Workload::name).collect(Collectors.joining(", "));
    }
}
