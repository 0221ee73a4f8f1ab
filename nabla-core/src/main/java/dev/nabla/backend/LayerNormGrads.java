package dev.nabla.backend;

/**
 * The result of {@link Backend#layerNormBackward}; each gradient is null when it was not asked for.
 *
 * @param dx      {@code [rows, n]}
 * @param dweight {@code [n]}
 * @param dbias   {@code [n]}
 */
public record LayerNormGrads(NDArray dx, NDArray dweight, NDArray dbias) {
}
