package dev.nabla.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark workloads that {@code nabla bench} runs (see {@code ../shared/bench/WORKLOADS.md}),
 * in their default order. Adding one is one line in {@link #ALL}.
 */
public final class Workloads {

    /**
     * Runs a workload: threads of the CPU engine, timed runs (the median is printed), first seed,
     * training steps ({@code 0}: the workload's default; ignored by W5 and ops).
     */
    @FunctionalInterface
    public interface Runner {
        void run(int threads, int runs, long seed, int steps, PrintStream out) throws Exception;
    }

    /**
     * A workload: its id, a summary, how to run it, and the key of its speed figure in the
     * result lines ({@code null} when there is no PyTorch counterpart to compare with).
     */
    public record Workload(String name, String summary, Runner runner, String speedKey) {
    }

    /** Every workload, in the order they run by default. */
    public static final List<Workload> ALL = List.of(
            new Workload("W1", "housing MLP 8-64-64-1, batch 32, Adam, 10 epochs (samples/s, test MSE)",
                    (t, r, s, n, out) -> MlpWorkload.run(MlpWorkload.W1, t, r, s, n, out), "samples_per_s"),
            new Workload("W2", "MNIST MLP 784-512-512-10, batch 128, Adam, 10 epochs (samples/s, test accuracy)",
                    (t, r, s, n, out) -> MlpWorkload.run(MlpWorkload.W2, t, r, s, n, out), "samples_per_s"),
            new Workload("W3", "char LSTM 128-256 on tiny Shakespeare, batch 32x64, AdamW, 300 steps (tokens/s, val loss)",
                    (t, r, s, n, out) -> CharLmWorkload.run(CharLmWorkload.W3, t, r, s, n, out), "tokens_per_s"),
            new Workload("W4", "char GPT d=128, 4 blocks, batch 12x64, AdamW, 300 steps (tokens/s, val loss)",
                    (t, r, s, n, out) -> CharLmWorkload.run(CharLmWorkload.W4, t, r, s, n, out), "tokens_per_s"),
            new Workload("W7", "MNIST CNN conv32-conv64-128-10, batch 64, Adam, 3 epochs (samples/s, test accuracy)",
                    (t, r, s, n, out) -> MlpWorkload.run(MlpWorkload.W7, t, r, s, n, out), "samples_per_s"),
            new Workload("W5", "SGEMM C = A·B, n = 256, 512, 1024, 2048 (GFLOP/s)",
                    (t, r, s, n, out) -> W5.run(t, r, out), "gflops"),
            new Workload("ops", "adding two 32x64 tensors with autograd recording (median ns)",
                    (t, r, s, n, out) -> OpOverhead.run(t, r, out), null));

    private Workloads() {
    }

    /** A warm-up length: {@code defaultSteps}, unless the system property {@code nabla.bench.warmup} says otherwise. */
    static int warmupSteps(int defaultSteps) {
        return Integer.getInteger("nabla.bench.warmup", defaultSteps);
    }

    /**
     * Whether the training workloads run compiled steps ({@code nabla bench --compiled}, the
     * system property {@code nabla.bench.compiled}): {@code CompiledStep}, or {@code fit} with
     * {@code FitOptions.compiled}.
     */
    static boolean compiled() {
        return Boolean.getBoolean("nabla.bench.compiled");
    }

    /** The workload called {@code name} (case-insensitive). */
    public static Optional<Workload> byName(String name) {
        return ALL.stream().filter(w -> w.name().equalsIgnoreCase(name)).findFirst();
    }
}
