package dev.nabla.train.callbacks;

import dev.nabla.train.Model;
import dev.nabla.train.TrainingContext;
import java.util.Map;

/**
 * Keeps a copy of the weights from the epoch with the best monitored value (default
 * {@code val_loss}) and puts them back into the model when training ends: the primer's "keep
 * the best weights".
 */
public final class KeepBestWeights implements Callback {
    private final Monitor monitor;
    private Model model;
    private WeightSnapshot best;
    private int bestEpoch = -1;

    /** Keeps the weights with the lowest {@code val_loss}. */
    public KeepBestWeights() {
        this("val_loss");
    }

    public KeepBestWeights(String monitor) {
        this.monitor = new Monitor(monitor, 0);
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        model = context.model();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (monitor.improved(logs)) {
            best = new WeightSnapshot(model.module());
            bestEpoch = epoch;
        }
    }

    @Override
    public void onTrainEnd() {
        if (best != null) {
            best.restoreInto(model.module());
        }
    }

    /** The epoch (from 0) whose weights are kept, or -1 before any epoch. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best monitored value. */
    public double best() {
        return monitor.best();
    }
}
