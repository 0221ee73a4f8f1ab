package dev.nabla.train.callbacks;

import dev.nabla.train.Model;
import dev.nabla.train.TrainingContext;
import java.util.Map;

/**
 * Stops training at the end of the first batch whose loss is NaN or infinite (Keras's
 * {@code TerminateOnNaN}); {@link #stopped()} and {@link #message()} then say where, so that the
 * caller can refuse to save the model.
 */
public final class TerminateOnNaN implements Callback {
    private Model model;
    private int epoch;
    private String message;

    @Override
    public void onTrainBegin(TrainingContext context) {
        model = context.model();
        message = null;
    }

    @Override
    public void onEpochBegin(int epoch) {
        this.epoch = epoch;
    }

    @Override
    public void onBatchEnd(int step, Map<String, Double> logs) {
        Double loss = logs.get("loss");
        if (message == null && loss != null && !Double.isFinite(loss)) {
            message = "the loss became " + loss + " at epoch " + (epoch + 1) + ", step " + (step + 1);
            model.stopTraining();
        }
    }

    /** Whether training was stopped by a non-finite loss. */
    public boolean stopped() {
        return message != null;
    }

    /** Where the loss stopped being finite ({@code "the loss became NaN at epoch 3, step 17"}, counted from 1), or null. */
    public String message() {
        return message;
    }
}
