package dev.nabla.train.callbacks;

import java.util.Map;

/**
 * Tracks the best value of one logged quantity, shared by early stopping, best-weights keeping
 * and checkpointing. Improvement means lower by more than {@code minDelta} (or higher, for
 * quantities where higher is better: accuracies, R², F1, precision, recall, unless a mode is
 * given).
 */
public final class Monitor {
    private final String name;
    private final boolean higherIsBetter;
    private final double minDelta;
    private double best;

    /** Tracks {@code name}, guessing the direction from it; improvements must exceed {@code minDelta}. */
    public Monitor(String name, double minDelta) {
        this(name, minDelta, guessHigherIsBetter(name));
    }

    Monitor(String name, double minDelta, boolean higherIsBetter) {
        this.name = name;
        this.minDelta = Math.abs(minDelta);
        this.higherIsBetter = higherIsBetter;
        this.best = higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    private static boolean guessHigherIsBetter(String name) {
        String n = name.startsWith("val_") ? name.substring(4) : name;
        return n.contains("acc") || n.equals("r2") || n.startsWith("f1") || n.startsWith("precision")
                || n.startsWith("recall");
    }

    /** The monitored quantity's name, e.g. {@code val_loss}. */
    public String name() {
        return name;
    }

    double best() {
        return best;
    }

    /** The monitored value in {@code logs}. */
    double value(Map<String, Double> logs) {
        Double v = logs.get(name);
        if (v == null) {
            throw new IllegalStateException("callback monitors '" + name + "', but the logs only have " + logs.keySet()
                    + (name.startsWith("val_") ? " (give fit validation data or a validation split)" : ""));
        }
        return v;
    }

    /** Whether {@code logs} improve on the best so far; if so, it becomes the best. */
    public boolean improved(Map<String, Double> logs) {
        double v = value(logs);
        boolean better = higherIsBetter ? v > best + minDelta : v < best - minDelta;
        if (better) {
            best = v;
        }
        return better;
    }
}
