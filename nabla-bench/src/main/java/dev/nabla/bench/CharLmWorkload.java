package dev.nabla.bench;

import dev.nabla.backend.Backends;
import dev.nabla.backend.cpu.Parallel;
import dev.nabla.data.Batch;
import dev.nabla.data.WindowSampler;
import dev.nabla.data.datasets.TextSplit;
import dev.nabla.data.datasets.TinyShakespeare;
import dev.nabla.loss.CrossEntropyLoss;
import dev.nabla.loss.Loss;
import dev.nabla.loss.Reduction;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.attention.GPT;
import dev.nabla.nn.layers.Embedding;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.rnn.LSTM;
import dev.nabla.optim.AdamW;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.FitOptions;
import dev.nabla.train.Model;
import dev.nabla.train.callbacks.Callback;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Workloads W3 and W4 of {@code ../shared/bench/WORKLOADS.md}: character-level language models
 * on tiny Shakespeare (first 90% train, last 10% validation), trained with AdamW on random
 * windows of {@value #BLOCK} characters, cross-entropy over all positions.
 *
 * <ul>
 *   <li>W3: Embedding(65, 128) → LSTM(128 → 256) → Linear(256 → 65), batch 32, lr 2e-3;</li>
 *   <li>W4: {@link GPT} with d = 128, 4 heads, 4 pre-norm blocks, batch 12, lr 1e-3.</li>
 * </ul>
 *
 * <p>Both train 300 steps by default. Speed figure tokens/s ({@code B * 64} tokens per step) over
 * every step after the first; quality figure the validation loss, the mean over 20 random
 * validation batches. Before the timed run the JIT is warmed up on two throwaway models for
 * {@code warmupSteps / 2} steps each.
 */
public final class CharLmWorkload {
    /** The window length (context) of both models. */
    public static final int BLOCK = 64;

    /** A workload: its id, the network ({@code lstm} or {@code gpt}), batch size, learning rate and lengths. */
    public record Spec(String id, String kind, int batch, double lr, int steps, int warmupSteps) {

        /** A fresh network for a vocabulary of {@code vocab} characters, weights drawn from {@code gen}. */
        public Module model(int vocab, Generator gen) {
            return kind.equals("gpt") ? new GPT(vocab, BLOCK, 128, 4, 4, 0, gen)
                    : new Sequential(new Embedding(vocab, 128), new LSTM(128, 256, 1, true, true, 0, false, gen),
                            new Linear(256, vocab, true, gen));
        }

        /** The same workload trained for {@code n} steps. */
        public Spec withSteps(int n) {
            return new Spec(id, kind, batch, lr, n, warmupSteps);
        }
    }

    /** W3, the character LSTM. */
    public static final Spec W3 = new Spec("W3", "lstm", 32, 2e-3, 300, 150);
    /** W4, the character GPT. */
    public static final Spec W4 = new Spec("W4", "gpt", 12, 1e-3, 300, 150);

    private CharLmWorkload() {
    }

    /** Called after each training step's update with the step number (from 1) and its loss. */
    @FunctionalInterface
    public interface StepListener {
        void afterStep(int step, double loss);
    }

    /**
     * A finished training run.
     *
     * @param model     the trained network
     * @param seconds   time of every step after the first
     * @param gcSeconds the garbage collectors' time within {@code seconds}
     * @param trainLoss the last step's loss
     */
    public record Result(Module model, int steps, double seconds, double gcSeconds, double trainLoss) {
        /** Tokens per second over the timed steps. */
        public double tokensPerSecond(Spec spec) {
            return (steps - 1) * (double) spec.batch * BLOCK / seconds;
        }
    }

    /**
     * Trains {@code spec} {@code runs} times (run {@code r} seeded with {@code seed + r}) and
     * prints the line of the run with the median speed; {@code steps > 0} replaces the default length.
     */
    public static void run(Spec spec, int threads, int runs, long seed, int steps, PrintStream out) {
        Spec s = steps > 0 ? spec.withSteps(steps) : spec;
        int warmup = Workloads.warmupSteps(s.warmupSteps);
        int saved = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            TextSplit text = TinyShakespeare.benchmarkSplit();
            record Timed(double tokensPerSecond, String line) {
            }
            List<Timed> runsDone = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                for (int w = 0; w < 2; w++) { // two, for the reason MlpWorkload gives
                    train(s.withSteps((warmup + 1) / 2), text, new Generator(seed + r + 1000 + w), (i, l) -> { });
                }
                Generator gen = new Generator(seed + r);
                Result res = train(s, text, gen, (i, l) -> { });
                double val = validationLoss(res.model, text.validationSampler(BLOCK, s.batch, gen));
                runsDone.add(new Timed(res.tokensPerSecond(s), String.format(Locale.ROOT,
                        "bench workload=%s framework=nabla threads=%d steps=%d seconds=%.4g ms_per_step=%.4g "
                                + "tokens_per_s=%.4g train_loss=%.4g val_loss=%.4g params=%d warmup_steps=%d gc_share=%.3f "
                                + "compiled=%b peak_rss_mb=%.0f device=%s",
                        s.id, threads, res.steps - 1, res.seconds, res.seconds / (res.steps - 1) * 1e3,
                        res.tokensPerSecond(s), res.trainLoss, val, res.model.numParameters(), warmup,
                        res.gcSeconds / res.seconds, Workloads.compiled(),
                        PeakMemory.peakRssMb(), Backends.getDefault().device())));
            }
            runsDone.sort(Comparator.comparingDouble(Timed::tokensPerSecond));
            out.println(runsDone.get(runs / 2).line());
            out.flush();
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /**
     * Trains a fresh {@code spec} network for {@code spec.steps()} steps on random training
     * windows, with {@link Model#fit} over one epoch of {@code spec.steps()} batches; weights,
     * windows and {@link Tensor#manualSeed} all come from {@code gen}'s seed.
     */
    public static Result train(Spec spec, TextSplit text, Generator gen, StepListener listener) {
        Tensor.manualSeed(gen.nextLong());
        Module model = spec.model(text.vocabulary().size(), gen);
        AdamW optimizer = new AdamW(model.parameters(), spec.lr);
        WindowSampler windows = text.trainSampler(BLOCK, spec.batch, gen);
        Model trainer = new Model(model).compile(optimizer, NEXT_CHARACTER);
        StepTimer timer = new StepTimer(listener);
        Iterable<Batch> epoch = () -> Stream.generate(windows::next).limit(spec.steps).iterator();
        trainer.fit(epoch, new FitOptions().epochs(1).verbose(0).compiled(Workloads.compiled()).callbacks(timer));
        return new Result(model, spec.steps, (System.nanoTime() - timer.firstStepEnd) / 1e9,
                (gcMillis() - timer.gcAtFirstStepEnd) / 1e3, timer.lastLoss);
    }

    /** The time all garbage collectors have spent so far, in milliseconds. */
    private static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    /**
     * Times training from the end of the first step and reports each step's loss to a listener
     * (a callback, so that {@code fit} runs its own step, replayed when compiled). The batches
     * are all of one size, so step {@code i}'s loss is {@code i} times the running mean after it
     * less {@code i - 1} times the one before.
     */
    private static final class StepTimer implements Callback {
        private final StepListener listener;
        private long firstStepEnd = System.nanoTime();
        private long gcAtFirstStepEnd = gcMillis();
        private double lastLoss = Double.NaN;
        private double lastMean;

        StepTimer(StepListener listener) {
            this.listener = listener;
        }

        @Override
        public void onBatchEnd(int step, Map<String, Double> logs) {
            double mean = logs.get("loss");
            lastLoss = (step + 1) * mean - step * lastMean;
            lastMean = mean;
            if (step == 0) {
                firstStepEnd = System.nanoTime();
                gcAtFirstStepEnd = gcMillis();
            }
            listener.afterStep(step + 1, lastLoss);
        }
    }

    /** Mean cross-entropy of next-character logits {@code [B, T, V]} against targets {@code [B, T]}. */
    public static final Loss NEXT_CHARACTER = new Loss(Reduction.MEAN) {
        private final CrossEntropyLoss crossEntropy = new CrossEntropyLoss();

        @Override
        public Tensor forward(Tensor logits, Tensor targets) {
            return crossEntropy.forward(logits.reshape(-1, logits.size(-1)), targets.reshape(-1));
        }
    };

    /** Mean cross-entropy of the next-character predictions of a batch: logits {@code [B, T, V]}, targets {@code [B, T]}. */
    public static Tensor loss(Module model, Batch b) {
        return NEXT_CHARACTER.forward(model.forward(b.x()), b.y());
    }

    /** The mean loss over 20 batches of {@code windows}, in eval mode without gradients. */
    public static double validationLoss(Module model, WindowSampler windows) {
        model.eval();
        double sum = 0;
        try (var noGrad = Tensor.noGrad()) {
            for (int i = 0; i < 20; i++) {
                sum += loss(model, windows.next()).item();
            }
        } finally {
            model.train();
        }
        return sum / 20;
    }
}
