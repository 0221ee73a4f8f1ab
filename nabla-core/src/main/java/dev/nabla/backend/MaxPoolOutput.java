package dev.nabla.backend;

/**
 * The result of {@link Backend#maxPool2d}.
 *
 * @param values  {@code [N, C, oh, ow]}, each window's maximum
 * @param indices INT64 {@code [N, C, oh, ow]}, the position {@code row * w + col} of that maximum
 *                in its input plane, as {@code torch.nn.functional.max_pool2d(return_indices=True)}
 */
public record MaxPoolOutput(NDArray values, NDArray indices) {
}
