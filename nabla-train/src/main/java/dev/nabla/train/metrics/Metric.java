package dev.nabla.train.metrics;

import dev.nabla.tensor.Tensor;

/**
 * A streaming metric, as in Keras: {@link #update} with each batch of predictions and targets,
 * read the running value with {@link #result}, and {@link #reset} between epochs.
 */
public interface Metric {

    /** The name used in logs and {@code History}, e.g. {@code "mae"}. */
    String name();

    /** Adds a batch: {@code predictions} and {@code targets} as documented by each metric. */
    void update(Tensor predictions, Tensor targets);

    /** The value over everything seen since the last reset (NaN before any update). */
    double result();

    /** Forgets everything seen. */
    void reset();
}
