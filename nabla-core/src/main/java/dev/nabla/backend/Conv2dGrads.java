package dev.nabla.backend;

/**
 * The result of {@link Backend#conv2dBackward}; each gradient is null when it was not asked for.
 *
 * @param dx {@code [N, C, h, w]}
 * @param dw {@code [O, C/groups, kh, kw]}
 * @param db {@code [O]}
 */
public record Conv2dGrads(NDArray dx, NDArray dw, NDArray db) {
}
