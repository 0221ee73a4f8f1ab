package dev.nabla.examples;

import static dev.nabla.bench.CharLmWorkload.BLOCK;

import dev.nabla.bench.CharLmWorkload;
import dev.nabla.bench.CharLmWorkload.Result;
import dev.nabla.bench.CharLmWorkload.Spec;
import dev.nabla.cli.Args;
import dev.nabla.cli.UsageException;
import dev.nabla.data.CharVocabulary;
import dev.nabla.data.datasets.DataStore;
import dev.nabla.data.datasets.TextSplit;
import dev.nabla.data.datasets.TinyShakespeare;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A character-level language model on tiny Shakespeare, the networks of benchmark workloads W3
 * ({@code lstm}, 300 steps by default) and W4 ({@code gpt}, 2000 steps) of {@link CharLmWorkload}:
 * trains on random windows of the first 90% of the text, reports the validation loss (the mean
 * over 20 random windows of the last 10%), then writes text sampled from a prompt with
 * temperature and top-k. Last line:
 * {@code result: val_loss=<x> train_loss=<x> steps=<n> seconds=<s> tokens_per_s=<x>}, speed over
 * the steps after the first.
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

    private CharLmDemo() {
    }

    /** Runs the demo with the options in {@code args}. */
    public static void run(Args args, PrintStream out) {
        String kind = args.string("model", "lstm");
        if (!kind.equals("lstm") && !kind.equals("gpt")) {
            throw new UsageException("option '--model' must be lstm or gpt, got '" + kind + "'");
        }
        boolean gpt = kind.equals("gpt");
        Spec spec = (gpt ? CharLmWorkload.W4 : CharLmWorkload.W3).withSteps(args.intValue("steps", gpt ? 2000 : 300, 2));
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
        out.printf(Locale.ROOT, "%s on tiny Shakespeare: %d training characters, vocabulary %d%n",
                kind, text.train().numel(), vocab.size());
        Generator gen = new Generator(seed);
        long start = System.nanoTime();
        Result result = CharLmWorkload.train(spec, text, gen, (step, loss) -> {
            if (step % 50 == 0 || step == spec.steps()) {
                double s = (System.nanoTime() - start) / 1e9;
                out.printf(Locale.ROOT, "step %d/%d - loss: %.4f - %.0f tokens/s%n", step, spec.steps(), loss,
                        (double) step * spec.batch() * BLOCK / s);
            }
        });
        double val = CharLmWorkload.validationLoss(result.model(), text.validationSampler(BLOCK, spec.batch(), gen));
        out.println("--- sample ---");
        out.println(sample(result.model(), vocab, prompt, sampleLength, temperature, topK, gen));
        out.println("---");
        out.printf(Locale.ROOT, "result: val_loss=%.4f train_loss=%.4f steps=%d seconds=%.1f tokens_per_s=%.0f%n",
                val, result.trainLoss(), spec.steps(), result.seconds(), result.tokensPerSecond(spec));
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
