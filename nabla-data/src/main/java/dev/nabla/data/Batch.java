package dev.nabla.data;

import dev.nabla.backend.Backend;
import dev.nabla.tensor.Tensor;

/**
 * A batch of examples stacked along a new leading dim.
 *
 * @param x the features, shape {@code [B, ...]}
 * @param y the targets, shape {@code [B, ...]}
 */
public record Batch(Tensor x, Tensor y) {

    /** This batch on {@code device}'s backend (see {@link Tensor#to(Backend)}). */
    public Batch to(Backend device) {
        return new Batch(x.to(device), y == null ? null : y.to(device));
    }

    /** The number of examples {@code B} in this batch. */
    public int size() {
        return x.size(0);
    }
}
