package dev.nabla.bench;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * The small-op overhead figure for {@code ./nabla bench ops}: the median time of adding two
 * 32×64 tensors that require grad (so the op is recorded), over many timed batches after a
 * warm-up. Prints {@code bench workload=add32x64 framework=nabla threads=<t> median_ns=<x>}.
 */
public final class OpOverhead {
    private OpOverhead() {
    }

    public static void run(int threads, int runs, PrintStream out) {
        Generator g = new Generator(0);
        Tensor a = Tensor.randn(g, 32, 64).requiresGrad(true);
        Tensor b = Tensor.randn(g, 32, 64).requiresGrad(true);
        int reps = 20_000;
        double sink = 0;
        for (int i = 0; i < 10 * reps; i++) {
            sink += a.add(b).numel();
        }
        double[] perOp = new double[Math.max(runs, 1) * 10];
        for (int r = 0; r < perOp.length; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                sink += a.add(b).numel();
            }
            perOp[r] = (System.nanoTime() - t0) / (double) reps;
        }
        Arrays.sort(perOp);
        out.printf(java.util.Locale.ROOT, "bench workload=add32x64 framework=nabla threads=%d median_ns=%.0f%s%n",
                threads, perOp[perOp.length / 2], sink < 0 ? " " : "");
    }
}
