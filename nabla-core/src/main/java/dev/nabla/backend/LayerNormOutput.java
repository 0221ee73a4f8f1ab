package dev.nabla.backend;

/**
 * The result of {@link Backend#layerNorm}: the normalized rows and the statistics the backward
 * takes, as PyTorch's {@code native_layer_norm} returns them.
 *
 * @param y    {@code [rows, n]}
 * @param mean {@code [rows]}, each row's mean
 * @param rstd {@code [rows]}, each row's {@code 1 / sqrt(var + eps)} (biased variance)
 */
public record LayerNormOutput(NDArray y, NDArray mean, NDArray rstd) {
}
