package dev.nabla.examples;

import dev.nabla.cli.Args;
import dev.nabla.cli.UsageException;
import dev.nabla.data.Batch;
import dev.nabla.data.CharVocabulary;
import dev.nabla.data.WindowSampler;
import dev.nabla.data.datasets.DataStore;
import dev.nabla.data.datasets.TextSplit;
import dev.nabla.data.datasets.TinyShakespeare;
import dev.nabla.loss.CrossEntropyLoss;
import dev.nabla.nn.Module;
import dev.nabla.nn.attention.GPT;
import dev.nabla.nn.layers.Embedding;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.rnn.LSTM;
import dev.nabla.optim.AdamW;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A character-level language model on tiny Shakespeare (benchmark workloads W3 and W4): trains
 * on random windows of the first 90% of the text, reports the validation loss (the mean over 20
 * random windows of the last 10%), then writes text sampled from a prompt with temperature and
 * top-k. Last line: {@code result: val_loss=<x> train_loss=<x> steps=<n> seconds=<s> tokens_per_s=<x>}.
 * <ul>
 *   <li>{@code lstm} (W3): Embedding(65, 128) → LSTM(128 → 256) → Linear(256 → 65), AdamW lr 2e-3,
 *       batches of 32 windows of 64, 300 steps;</li>
 *   <li>{@code gpt} (W4): {@link GPT} with d = 128, 4 heads, 4 pre-norm blocks, AdamW lr 1e-3,
 *       batches of 12 windows of 64, 2000 steps.</li>
 * </ul>
 */
public final class CharLmDemo {

    /** One line for {@code nabla demo --help}. */
    public static final String SUMMARY = "character-level language model (LSTM or GPT) on tiny Shakespeare";

    /** The options of {@code nabla demo charlm}. */
    public static final String OPTIONS = """
              --model lstm|gpt   the network (default lstm)
              --steps N          training steps (default: lstm 300, gpt 2000)
              --seed N           seed of the weights and the windows (default 0)
              --temperature X    sampling temperature (default 0.8)
              --top-k K          sample among the K likeliest characters (default 10)
              --prompt TEXT      start of the generated text (default "ROMEO:")
              --sample-length N  characters to generate (default 200)
            """;

    private static final int BLOCK = 64;

    private CharLmDemo() {
    }

    /** Embedding → LSTM → Linear: W3's network. Shape: {@code [B, T]} indices to {@code [B, T, vocab]} logits. */
    static final class CharLstm extends Module {
        private final Embedding embedding;
        private final LSTM lstm;
        private final Linear head;

        CharLstm(int vocab, Generator gen) {
            embedding = registerModule("emb", new Embedding(vocab, 128));
            lstm = registerModule("rnn", new LSTM(128, 256, 1, true, true, 0, false, gen));
            head = registerModule("out", new Linear(256, vocab, true, gen));
        }

        @Override
        public Tensor forward(Tensor x) {
            return head.forward(lstm.forward(embedding.forward(x)));
        }
    }

    /** Runs the demo with the options in {@code args}. */
    public static void run(Args args, PrintStream out) {
        String kind = args.string("model", "lstm");
        if (!kind.equals("lstm") && !kind.equals("gpt")) {
            throw new UsageException("option '--model' must be lstm or gpt, got '" + kind + "'");
        }
        boolean gpt = kind.equals("gpt");
        int steps = args.intValue("steps", gpt ? 2000 : 300, 1);
        long seed = args.longValue("seed", 0);
        double temperature = args.positiveDouble("temperature", 0.8);
        int topK = args.intValue("top-k", 10, 1);
        String prompt = args.string("prompt", "ROMEO:");
        int sampleLength = args.intValue("sample-length", 200, 0);
        args.rejectUnknown();

        TextSplit text = TinyShakespeare.benchmarkSplit(DataStore.fromEnvironment());
        CharVocabulary vocab = text.vocabulary();
        try {
            vocab.encode(prompt);
        } catch (IllegalArgumentException e) {
            throw new UsageException("option '--prompt': " + e.getMessage());
        }
        int batch = gpt ? 12 : 32;
        Generator gen = new Generator(seed);
        Tensor.manualSeed(seed);
        Module model = gpt ? new GPT(vocab.size(), BLOCK, 128, 4, 4, 0, gen) : new CharLstm(vocab.size(), gen);
        AdamW optimizer = new AdamW(model.parameters(), gpt ? 1e-3 : 2e-3);
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        WindowSampler train = text.trainSampler(BLOCK, batch, gen);
        out.printf(Locale.ROOT, "%s on tiny Shakespeare: %d parameters, %d training characters, vocabulary %d%n",
                kind, model.numParameters(), text.train().numel(), vocab.size());

        long start = System.nanoTime();
        double trainLoss = Double.NaN;
        for (int step = 1; step <= steps; step++) {
            Batch b = train.next();
            Tensor loss = loss(model, lossFn, b, vocab.size());
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
            trainLoss = loss.item();
            if (step % 50 == 0 || step == steps) {
                double s = (System.nanoTime() - start) / 1e9;
                out.printf(Locale.ROOT, "step %d/%d - loss: %.4f - %.0f tokens/s%n", step, steps, trainLoss,
                        (double) step * batch * BLOCK / s);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double val = validationLoss(model, lossFn, text.validationSampler(BLOCK, batch, gen), vocab.size());
        out.println("--- sample ---");
        out.println(sample(model, vocab, prompt, sampleLength, temperature, topK, gen));
        out.println("---");
        out.printf(Locale.ROOT, "result: val_loss=%.4f train_loss=%.4f steps=%d seconds=%.1f tokens_per_s=%.0f%n",
                val, trainLoss, steps, seconds, (double) steps * batch * BLOCK / seconds);
    }

    private static Tensor loss(Module model, CrossEntropyLoss lossFn, Batch b, int vocab) {
        Tensor logits = model.forward(b.x());
        return lossFn.forward(logits.reshape(-1, vocab), b.y().reshape(-1));
    }

    /** The mean loss over 20 random validation windows, in eval mode without gradients. */
    static double validationLoss(Module model, CrossEntropyLoss lossFn, WindowSampler val, int vocab) {
        model.eval();
        double sum = 0;
        try (var noGrad = Tensor.noGrad()) {
            for (int i = 0; i < 20; i++) {
                sum += loss(model, lossFn, val.next(), vocab).item();
            }
        } finally {
            model.train();
        }
        return sum / 20;
    }

    /** Text continuing {@code prompt}, each character drawn from the top-k of softmax(logits / temperature). */
    static String sample(Module model, CharVocabulary vocab, String prompt, int length, double temperature, int topK,
                         Generator gen) {
        StringBuilder text = new StringBuilder(prompt);
        model.eval();
        try (var noGrad = Tensor.noGrad()) {
            for (int i = 0; i < length; i++) {
                String context = text.substring(Math.max(0, text.length() - BLOCK));
                Tensor logits = model.forward(vocab.encode(context).reshape(1, -1));
                float[] last = logits.select(0, 0).select(0, logits.size(1) - 1).toFloatArray();
                text.append(vocab.decode(new long[] {draw(last, temperature, topK, gen)}));
            }
        } finally {
            model.train();
        }
        return text.toString();
    }

    private static long draw(float[] logits, double temperature, int topK, Generator gen) {
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
        int k = Math.min(topK, logits.length);
        double[] p = new double[k];
        double total = 0;
        for (int i = 0; i < k; i++) {
            p[i] = Math.exp((logits[order[i]] - logits[order[0]]) / temperature);
            total += p[i];
        }
        double u = gen.nextDouble() * total;
        for (int i = 0; i < k; i++) {
            u -= p[i];
            if (u <= 0) {
                return order[i];
            }
        }
        return order[k - 1];
    }
}
