package dev.nabla.tensor;

/** The result of {@code aminmax}: the smallest and the largest values. */
public record MinMax(Tensor min, Tensor max) {
}
