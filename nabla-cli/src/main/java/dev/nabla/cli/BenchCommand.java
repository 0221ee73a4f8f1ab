package dev.nabla.cli;

import dev.nabla.backend.cpu.Parallel;
import dev.nabla.bench.OpOverhead;
import dev.nabla.bench.W5;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code nabla bench [workload...] [--threads N] [--runs N]}: runs benchmark workloads (see
 * {@code ../shared/bench/WORKLOADS.md}) and prints one {@code bench workload=... framework=nabla}
 * line of key=value pairs per measurement.
 */
final class BenchCommand implements Command {

    /** A workload: its name, what it measures, and how to run it. */
    record Workload(String name, String summary, Runner runner) {
    }

    /** Runs a workload with a thread count and a number of timed runs, printing to {@code out}. */
    @FunctionalInterface
    interface Runner {
        void run(int threads, int runs, PrintStream out) throws Exception;
    }

    /** The workloads, in the order they run by default. Adding one is one line here. */
    static final List<Workload> WORKLOADS = List.of(
            new Workload("W5", "SGEMM C = A·B, n = 256, 512, 1024, 2048 (GFLOP/s)", W5::run),
            new Workload("ops", "adding two 32x64 tensors with autograd recording (median ns)", OpOverhead::run));

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "run benchmark workloads (" + names() + ")";
    }

    @Override
    public String help() {
        StringBuilder sb = new StringBuilder("""
                usage: nabla bench [workload...] [--threads N] [--runs N]

                Runs the named workloads (default: all) and prints one line of key=value pairs
                per measurement, starting `bench workload=<id> framework=nabla threads=<t>`.

                options:
                  --threads N   threads of the CPU engine (default: all cores)
                  --runs N      timed runs per measurement; the median is printed (default 5)

                workloads:
                """);
        for (Workload w : WORKLOADS) {
            sb.append(String.format("  %-6s %s%n", w.name(), w.summary()));
        }
        return sb.toString();
    }

    @Override
    public int run(List<String> args, PrintStream out) throws Exception {
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
        int threads = opts.intValue("threads", Parallel.threads(), 1);
        int runs = opts.intValue("runs", 5, 1);
        opts.rejectUnknown();
        List<Workload> chosen = new ArrayList<>();
        for (String n : names) {
            chosen.add(WORKLOADS.stream().filter(w -> w.name().equalsIgnoreCase(n)).findFirst()
                    .orElseThrow(() -> new UsageException("bench: unknown workload '" + n + "'; workloads: " + names())));
        }
        for (Workload w : chosen.isEmpty() ? WORKLOADS : chosen) {
            w.runner().run(threads, runs, out);
        }
        return 0;
    }

    /** Whether the next word is the value of the option just before it (e.g. {@code --runs 3}). */
    private static boolean isOptionValue(List<String> options) {
        return !options.isEmpty() && options.get(options.size() - 1).startsWith("--")
                && !options.get(options.size() - 1).equals("--help");
    }

    private static String names() {
        return WORKLOADS.stream().map(Workload::name).collect(Collectors.joining(", "));
    }
}
