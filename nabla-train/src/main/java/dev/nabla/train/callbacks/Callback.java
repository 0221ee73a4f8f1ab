package dev.nabla.train.callbacks;

import dev.nabla.train.TrainingContext;
import java.util.Map;

/**
 * Hooks called by {@code Model.fit} (Keras's callbacks). {@code logs} maps names such as
 * {@code "loss"}, {@code "mae"} and {@code "val_loss"} to their running (batch) or final
 * (epoch) values. All hooks do nothing by default.
 */
public interface Callback {

    /** Training starts; the context names the model and the planned epochs and steps. */
    default void onTrainBegin(TrainingContext context) {
    }

    /** Epoch {@code epoch} (from 0) starts. */
    default void onEpochBegin(int epoch) {
    }

    /** Batch {@code step} (from 0 in each epoch) was trained; logs hold running means. */
    default void onBatchEnd(int step, Map<String, Double> logs) {
    }

    /** Epoch {@code epoch} ended; logs hold its training and validation values. */
    default void onEpochEnd(int epoch, Map<String, Double> logs) {
    }

    /** Training ended (after the last epoch or an early stop). */
    default void onTrainEnd() {
    }
}
