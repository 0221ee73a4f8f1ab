package dev.nabla.tensor;

/**
 * The result of {@code unique} and {@code uniqueConsecutive}: the distinct values (1-D), and, when
 * asked for (else null), for each input element the position of its value among them
 * ({@code inverse}, INT64, shaped as the input) and how often each value occurs ({@code counts},
 * INT64, as long as {@code values}).
 */
public record Unique(Tensor values, Tensor inverse, Tensor counts) {
}
