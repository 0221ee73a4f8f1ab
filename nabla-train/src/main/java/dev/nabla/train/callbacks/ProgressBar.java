package dev.nabla.train.callbacks;

import dev.nabla.train.TrainingContext;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's progress display. On a terminal (verbose 1) each epoch redraws one line in place:
 * {@code 413/413 [==========] - ETA: 0s - loss: 0.3012 - mae: 0.3871}. Otherwise, or with
 * verbose 2, it prints one plain line per epoch with the time, the training and the validation
 * values. {@code Model.fit} adds it when verbose is above 0.
 */
public final class ProgressBar implements Callback {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;
    private final PrintStream out;
    private final boolean terminal;
    private TrainingContext context;
    private long epochStart;
    private long lastDraw;

    /** Writes to {@code out}, redrawing in place only if the JVM has an interactive terminal. */
    public ProgressBar(PrintStream out) {
        this(out, System.console() != null && System.console().isTerminal());
    }

    ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void onTrainBegin(TrainingContext c) {
        context = c;
    }

    @Override
    public void onEpochBegin(int epoch) {
        epochStart = System.nanoTime();
        lastDraw = 0;
        if (interactive()) {
            out.printf(Locale.ROOT, "Epoch %d/%d%n", epoch + 1, context.epochs());
        }
    }

    @Override
    public void onBatchEnd(int step, Map<String, Double> logs) {
        long now = System.nanoTime();
        if (!interactive() || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int total = context.stepsPerEpoch();
        double perStep = (now - epochStart) / 1e9 / (step + 1);
        String eta = total > 0 ? String.format(Locale.ROOT, " - ETA: %.0fs", perStep * (total - step - 1)) : "";
        out.print("\r" + bar(step + 1, total) + eta + values(logs));
        out.flush();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        int steps = context.stepsPerEpoch();
        String timing = String.format(Locale.ROOT, " - %.1fs %.0fms/step", seconds, seconds * 1000 / Math.max(steps, 1));
        if (interactive()) {
            out.println("\r" + bar(steps, steps) + timing + values(logs));
        } else {
            out.printf(Locale.ROOT, "Epoch %d/%d - %d/%d%s%s%n", epoch + 1, context.epochs(), steps, steps, timing,
                    values(logs));
        }
        out.flush();
    }

    private boolean interactive() {
        return terminal && context.verbose() == 1;
    }

    private static String bar(int done, int total) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        String arrow = filled < WIDTH ? ">" : "";
        return String.format(Locale.ROOT, "%d/%d [%s%s%s]", done, total, "=".repeat(Math.max(filled - arrow.length(), 0)),
                arrow, ".".repeat(WIDTH - Math.max(filled, arrow.length())));
    }

    private static String values(Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        logs.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " - %s: %.4f", k, v)));
        return sb.toString();
    }
}
