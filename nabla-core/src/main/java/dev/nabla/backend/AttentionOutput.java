package dev.nabla.backend;

/**
 * The result of {@link Backend#attention}: the output and, per query, the log of the softmax's
 * denominator, from which the backward recomputes the weights instead of keeping them.
 *
 * @param out {@code [N, Lq, dv]}
 * @param lse {@code [N, Lq]}, {@code log sum_j exp(s_ij)} over the keys query i sees
 */
public record AttentionOutput(NDArray out, NDArray lse) {
}
