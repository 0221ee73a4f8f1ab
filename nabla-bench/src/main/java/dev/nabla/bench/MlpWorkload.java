package dev.nabla.bench;

import dev.nabla.backend.Backends;
import dev.nabla.backend.cpu.Parallel;
import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.TrainTestSplit;
import dev.nabla.data.datasets.CaliforniaHousing;
import dev.nabla.data.datasets.DataStore;
import dev.nabla.data.datasets.Mnist;
import dev.nabla.loss.CrossEntropyLoss;
import dev.nabla.loss.Loss;
import dev.nabla.loss.MSELoss;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.Conv2d;
import dev.nabla.nn.layers.Flatten;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.MaxPool2d;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.optim.Adam;
import dev.nabla.optim.CompiledStep;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Tensor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Workloads W1, W2 and W7 of {@code ../shared/bench/WORKLOADS.md}: an MLP trained with Adam (lr 1e-3)
 * through the public API (nn layers, loss module, optimizer, shuffling {@link DataLoader}), as a
 * user writes it and as the PyTorch reference does.
 *
 * <ul>
 *   <li>W1: California housing, Linear 8→64, ReLU, Linear 64→64, ReLU, Linear 64→1, MSE loss,
 *       batch 32, 10 epochs; quality figure test MSE.</li>
 *   <li>W2: the MNIST test set split 8000/2000, 784→512 ReLU →512 ReLU →10, cross-entropy,
 *       batch 128, 10 epochs; quality figure test accuracy.</li>
 *   <li>W7: the same split as {@code [N, 1, 28, 28]} images, a two-convolution CNN ({@link #cnn}),
 *       cross-entropy, batch 64, 3 epochs; quality figure test accuracy.</li>
 * </ul>
 *
 * <p>Timing covers whole training steps (batch gathering, forward, loss, backward, update) after
 * the first step (on a device, up to the end of the last step's work); dataset loading is excluded.
 * Everything lives on the default backend ({@code --device}). Before the timed training the JVM is warmed up by
 * training two throwaway models of the same shape for {@code warmupSteps / 2} steps each (PyTorch needs no
 * such warm-up: its kernels are compiled ahead of time); the timed model starts from fresh weights.
 * Two, because what a run does once, at its start (a compiled step's capture) and end (the
 * evaluation), would otherwise first reach the JIT-compiled kernels in the timed run and send
 * them back to the interpreter for a recompilation.
 */
public final class MlpWorkload {
    /** The workload's definition: how to build its model and load its data. */
    public record Spec(String id, Supplier<Module> model, Supplier<TrainTestSplit> data, int batch, int epochs,
            boolean classification, int warmupSteps) {
    }

    /** W1, the housing regression MLP. */
    public static final Spec W1 = new Spec("W1", () -> mlp(new int[] {8, 64, 64, 1}),
            () -> CaliforniaHousing.benchmarkSplit().data(), 32, 10, false, 200_000);
    /** W2, the MNIST classifier MLP. */
    public static final Spec W2 = new Spec("W2", () -> mlp(new int[] {784, 512, 512, 10}), Mnist::benchmarkSplit,
            128, 10, true, 2000);
    /** W7, the small MNIST CNN on the W2 split as {@code [N, 1, 28, 28]} images. */
    public static final Spec W7 = new Spec("W7", MlpWorkload::cnn,
            () -> Mnist.benchmarkImageSplit(DataStore.fromEnvironment()), 64, 3, true, 30);

    /** Test rows per forward pass: W7's im2col of all 2 000 test images would not fit the child's heap. */
    private static final int EVAL_BATCH = 250;

    private MlpWorkload() {
    }

    /**
     * Trains {@code spec} {@code runs} times (run {@code r} seeded with {@code seed + r}) and
     * prints the line of the run with the median speed; {@code steps > 0} stops each run after
     * that many steps instead of {@code spec.epochs()} epochs.
     */
    public static void run(Spec spec, int threads, int runs, long seed, int steps, PrintStream out) {
        int saved = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            TrainTestSplit data = spec.data.get();
            List<Result> results = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                int warmup = Workloads.warmupSteps(spec.warmupSteps);
                for (int w = 0; w < 2; w++) { // JIT warm-up on throwaway models; see the class comment
                    Tensor.manualSeed(seed + r + 1000 + w);
                    train(spec, data, (warmup + 1) / 2, seed + r + 1000 + w);
                }
                Tensor.manualSeed(seed + r);
                results.add(train(spec, data, steps, seed + r));
            }
            results.sort(java.util.Comparator.comparingDouble(Result::seconds));
            out.println(results.get(results.size() / 2).line(spec, threads));
            out.flush();
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /** One training run's figures. */
    record Result(int steps, double seconds, String quality) {
        String line(Spec spec, int threads) {
            return String.format(java.util.Locale.ROOT,
                    "bench workload=%s framework=nabla threads=%d steps=%d seconds=%.4g us_per_step=%.4g "
                            + "samples_per_s=%.4g %s warmup_steps=%d compiled=%b peak_rss_mb=%.0f device=%s",
                    spec.id, threads, steps, seconds, seconds / steps * 1e6, steps * (double) spec.batch / seconds,
                    quality, Workloads.warmupSteps(spec.warmupSteps), Workloads.compiled(), PeakMemory.peakRssMb(),
                    Backends.getDefault().device());
        }
    }

    /**
     * Trains a fresh model on {@code data} for {@code spec.epochs()} epochs, or, when
     * {@code maxSteps > 0}, for that many steps however many epochs they take (a warm-up run).
     * Returns the timing of all steps after the first, and the test quality figure.
     */
    static Result train(Spec spec, TrainTestSplit data, int maxSteps, long seed) {
        Module model = spec.model.get();
        Optimizer opt = new Adam(model.parameters(), 1e-3);
        Loss lossFn = spec.classification ? new CrossEntropyLoss() : new MSELoss();
        DataLoader loader = DataLoader.builder(data.train()).batchSize(spec.batch).shuffle(true).seed(seed).build();
        CompiledStep compiled = Workloads.compiled()
                ? CompiledStep.of(model, opt, (x, y) -> lossFn.forward(model.forward(x), y)) : null;
        int steps = 0;
        long t0 = 0;
        Tensor loss = null;
        done:
        for (int epoch = 0; maxSteps > 0 || epoch < spec.epochs; epoch++) {
            for (Batch b : loader) {
                if (compiled != null) {
                    compiled.run(b.x(), b.y()); // waits for the step's work, as item() does
                } else {
                    opt.zeroGrad();
                    loss = lossFn.forward(model.forward(b.x()), b.y());
                    loss.backward();
                    opt.step();
                }
                steps++;
                if (steps == 1) {
                    t0 = System.nanoTime();
                }
                if (maxSteps > 0 && steps >= maxSteps) {
                    break done;
                }
            }
        }
        if (loss != null) {
            loss.item(); // on a device: waits for the queued steps
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String quality;
        try (var g = Tensor.noGrad()) {
            model.eval();
            List<Tensor> parts = new ArrayList<>();
            for (int i = 0; i < data.xTest().size(0); i += EVAL_BATCH) {
                parts.add(model.forward(data.xTest().narrow(0, i, Math.min(EVAL_BATCH, data.xTest().size(0) - i))));
            }
            Tensor pred = Tensor.concat(parts, 0);
            if (spec.classification) {
                double acc = mean(pred.argmax(1, false).eq(data.yTest()).toDoubleArray());
                quality = String.format(java.util.Locale.ROOT, "test_acc=%.4g", acc);
            } else {
                quality = String.format(java.util.Locale.ROOT, "test_mse=%.4g", lossFn.forward(pred, data.yTest()).item());
            }
        }
        return new Result(steps - 1, seconds, quality);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Linear layers of the given sizes with ReLU between them. */
    static Module mlp(int[] sizes) {
        List<Module> layers = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            layers.add(new Linear(sizes[i], sizes[i + 1]));
            if (i + 2 < sizes.length) {
                layers.add(new ReLU());
            }
        }
        return new Sequential(layers.toArray(Module[]::new));
    }

    /**
     * The W7 network: Conv2d(1, 32, 3, padding 1), ReLU, MaxPool2d(2), Conv2d(32, 64, 3, padding 1),
     * ReLU, MaxPool2d(2), Flatten, Linear(3136, 128), ReLU, Linear(128, 10).
     */
    static Module cnn() {
        return new Sequential(new Conv2d(1, 32, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(64 * 7 * 7, 128), new ReLU(), new Linear(128, 10));
    }

    /** For a quick look without the CLI: {@code MlpWorkload W1|W2 [threads] [runs]}. */
    public static void main(String[] args) {
        Spec spec = args.length == 0 ? W1 : switch (args[0].toUpperCase(java.util.Locale.ROOT)) {
            case "W2" -> W2;
            case "W7" -> W7;
            default -> W1;
        };
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        run(spec, threads, runs, 0, 0, System.out);
    }
}
