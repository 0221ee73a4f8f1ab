package dev.nabla.train.callbacks;

import dev.nabla.optim.schedule.LRScheduler;
import dev.nabla.optim.schedule.ReduceLROnPlateau;
import java.util.Map;

/**
 * Steps a learning-rate schedule during {@code fit}: an {@link LRScheduler} after every epoch
 * (or every batch), or a {@link ReduceLROnPlateau} after every epoch with a monitored value.
 */
public final class LearningRateScheduler implements Callback {
    private final LRScheduler schedule;
    private final boolean perBatch;
    private final ReduceLROnPlateau plateau;
    private final String monitor;

    /** Steps {@code schedule} once per epoch, or once per batch when {@code perBatch}. */
    public LearningRateScheduler(LRScheduler schedule, boolean perBatch) {
        this.schedule = schedule;
        this.perBatch = perBatch;
        this.plateau = null;
        this.monitor = null;
    }

    /** Steps {@code plateau} after each epoch with the logged value of {@code monitor}. */
    public LearningRateScheduler(ReduceLROnPlateau plateau, String monitor) {
        this.schedule = null;
        this.perBatch = false;
        this.plateau = plateau;
        this.monitor = monitor;
    }

    @Override
    public void onBatchEnd(int step, Map<String, Double> logs) {
        if (schedule != null && perBatch) {
            schedule.step();
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (schedule != null && !perBatch) {
            schedule.step();
        } else if (plateau != null) {
            plateau.step(new Monitor(monitor, 0).value(logs));
        }
    }

    /** The per-epoch or per-batch schedule stepped by this callback, or {@code null} for a plateau schedule. */
    public LRScheduler schedule() {
        return schedule;
    }

    /** The plateau schedule stepped by this callback, or {@code null} for a per-epoch or per-batch one. */
    public ReduceLROnPlateau plateau() {
        return plateau;
    }
}
