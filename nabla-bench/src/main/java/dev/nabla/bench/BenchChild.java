package dev.nabla.bench;

/**
 * Entry point of one Nabla benchmark run in its own JVM, started by {@link TorchComparison} so
 * that each side's peak resident memory is its own: {@code BenchChild WORKLOAD THREADS SEED STEPS}.
 */
public final class BenchChild {
    private BenchChild() {
    }

    public static void main(String[] args) throws Exception {
        Workloads.Workload w = Workloads.byName(args[0])
                .orElseThrow(() -> new IllegalArgumentException("unknown workload " + args[0]));
        w.runner().run(Integer.parseInt(args[1]), 1, Long.parseLong(args[2]), Integer.parseInt(args[3]), System.out);
        System.out.flush();
    }
}
