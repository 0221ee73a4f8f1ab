package dev.nabla.bench;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.HostBackend;
import dev.nabla.backend.cpu.Parallel;
import dev.nabla.backend.cpu.Sgemm;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Workload W5 (see shared/bench/WORKLOADS.md): single-precision GEMM {@code C = A * B} on square
 * {@code n x n} matrices of random normal values, n in {256, 512, 1024, 2048}, reported in
 * GFLOP/s ({@code 2 n^3} flops per product). On the cpu it calls the engine's SGEMM kernel itself;
 * on another device (the default backend's, e.g. {@code cuda}) it times {@link Tensor#matmul} on
 * that device, n up to 8192, each timing ended by reading one element back (which waits for the
 * queued products).
 */
public final class W5 {
    /** The matrix sizes of the workload. */
    public static final int[] SIZES = {256, 512, 1024, 2048};
    /** The matrix sizes on a GPU. */
    public static final int[] DEVICE_SIZES = {256, 512, 1024, 2048, 4096, 8192};
    /** Flops per timed repetition; small sizes repeat the product to reach about this many. */
    private static final double FLOPS_PER_TIMING = 2e10;
    /** The same on a GPU, some hundred times faster. */
    private static final double DEVICE_FLOPS_PER_TIMING = 2e11;

    private W5() {
    }

    /**
     * Warms up, then times each size {@code runs} times and prints one line per size:
     * {@code bench workload=W5 framework=nabla threads=<t> n=<n> gflops=<x> ... kernel=<tile> device=<d>}
     * (the median).
     *
     * @param threads threads for {@link Parallel} (restored afterwards)
     * @param runs    timed repetitions per size (at least 1)
     */
    public static void run(int threads, int runs, PrintStream out) {
        int saved = Parallel.threads();
        Parallel.setThreads(threads);
        Backend backend = Backends.getDefault();
        boolean cpu = backend instanceof HostBackend; // cpu or ref: the cpu engine's kernel
        try {
            for (int n : cpu ? SIZES : DEVICE_SIZES) {
                double gflops = cpu ? measure(n, Math.max(1, runs)) : measureOnDevice(n, Math.max(1, runs), DEVICE_FLOPS_PER_TIMING);
                out.printf(Locale.ROOT, "bench workload=W5 framework=nabla threads=%d n=%d gflops=%.1f peak_rss_mb=%.0f "
                        + "kernel=%s device=%s%n", threads, n, gflops, PeakMemory.peakRssMb(),
                        cpu ? Sgemm.kernel() : backend.name(), backend.device());
                out.flush();
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /** Median GFLOP/s over {@code runs} timings of {@code reps} products each, after warm-up. */
    static double measure(int n, int runs) {
        SplittableRandom rng = new SplittableRandom(n);
        float[] a = normal(rng, n * n), b = normal(rng, n * n), c = new float[n * n];
        double flops = 2.0 * n * n * n;
        int reps = (int) Math.max(1, Math.round(FLOPS_PER_TIMING / flops));
        // Warm-up: at least 3 products and ~3 timings' worth of flops, so C2 has compiled the kernel.
        for (int i = 0; i < Math.max(3, 3 * reps); i++) {
            Sgemm.sgemm(false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n, false);
        }
        double[] gflops = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                Sgemm.sgemm(false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n, false);
            }
            gflops[r] = flops * reps / (System.nanoTime() - t0);
        }
        return median(gflops);
    }

    /** As {@link #measure}, with {@link Tensor#matmul} on the default backend's device, about {@code flopsPerTiming} a timing. */
    static double measureOnDevice(int n, int runs, double flopsPerTiming) {
        Generator gen = new Generator(n);
        Tensor a = Tensor.randn(gen, n, n);
        Tensor b = Tensor.randn(gen, n, n);
        double flops = 2.0 * n * n * n;
        int reps = (int) Math.max(3, Math.round(flopsPerTiming / flops));
        for (int i = 0; i < 3; i++) {
            finish(a.matmul(b));
        }
        double[] gflops = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            Tensor c = null;
            for (int i = 0; i < reps; i++) {
                c = a.matmul(b);
            }
            finish(c);
            gflops[r] = flops * reps / (System.nanoTime() - t0);
        }
        return median(gflops);
    }

    /** Waits for the products queued on {@code c}'s device by reading one element of it back. */
    private static void finish(Tensor c) {
        c.narrow(0, 0, 1).narrow(1, 0, 1).item();
    }

    private static double median(double[] v) {
        Arrays.sort(v);
        int k = v.length;
        return k % 2 == 1 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2;
    }

    private static float[] normal(SplittableRandom rng, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            // Box-Muller; one value per pair is enough here.
            double u = 1.0 - rng.nextDouble(), v = rng.nextDouble();
            x[i] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
        }
        return x;
    }

    /** Usage: {@code W5 [threads] [runs]}; defaults: all cores, 5 runs. */
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Parallel.threads();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        run(threads, runs, System.out);
    }
}
