package dev.nabla.train.callbacks;

import dev.nabla.train.Model;
import dev.nabla.train.TrainingContext;
import java.util.Map;

/**
 * Stops training when the monitored quantity (default {@code val_loss}) has not improved by
 * more than {@code minDelta} for {@code patience} epochs; optionally restores the weights of the
 * best epoch at the end (Keras's {@code EarlyStopping(restore_best_weights=True)}).
 */
public final class EarlyStopping implements Callback {
    private final Monitor monitor;
    private final int patience;
    private final boolean restoreBestWeights;
    private Model model;
    private WeightSnapshot best;
    private int wait;
    private int stoppedEpoch = -1;

    /** Monitors {@code val_loss} with the given patience, restoring the best weights. */
    public EarlyStopping(int patience) {
        this("val_loss", patience, 0, true);
    }

    public EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBestWeights) {
        if (patience < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        }
        this.monitor = new Monitor(monitor, minDelta);
        this.patience = patience;
        this.restoreBestWeights = restoreBestWeights;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        model = context.model();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (monitor.improved(logs)) {
            wait = 0;
            if (restoreBestWeights) {
                best = new WeightSnapshot(model.module());
            }
        } else if (++wait >= patience) {
            stoppedEpoch = epoch;
            model.stopTraining();
        }
    }

    @Override
    public void onTrainEnd() {
        if (restoreBestWeights && best != null) {
            best.restoreInto(model.module());
        }
    }

    /** The epoch (from 0) at which training was stopped, or -1 if it ran to the end. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The best monitored value seen. */
    public double best() {
        return monitor.best();
    }
}
