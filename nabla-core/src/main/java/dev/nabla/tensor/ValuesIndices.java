package dev.nabla.tensor;

/** The result of {@code max(dim)} / {@code min(dim)}: the values and their INT64 indices. */
public record ValuesIndices(Tensor values, Tensor indices) {
}
