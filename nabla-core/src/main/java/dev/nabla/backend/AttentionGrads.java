package dev.nabla.backend;

/**
 * The result of {@link Backend#attentionBackward}.
 *
 * @param dq {@code [N, Lq, d]}
 * @param dk {@code [N, Lk, d]}
 * @param dv {@code [N, Lk, dv]}
 */
public record AttentionGrads(NDArray dq, NDArray dk, NDArray dv) {
}
