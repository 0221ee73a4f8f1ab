package dev.nabla.data;

import dev.nabla.tensor.Tensor;

/**
 * One example of a {@link Dataset}: its features {@code x} and its target {@code y}, without the
 * batch dim (a {@link DataLoader} stacks examples into a {@link Batch}).
 *
 * @param x the features, e.g. shape {@code [F]} or {@code [C, H, W]}
 * @param y the target, e.g. shape {@code [1]} (regression) or {@code []} (an INT64 class index)
 */
public record Example(Tensor x, Tensor y) {
}
