package dev.nabla.backend;

/**
 * What {@link Backend#lstmCellBackward} returns.
 *
 * @param dGates {@code [B, 4H]}: the gradient of the gate pre-activations (blocks {@code i, f, g, o})
 * @param dc     {@code [B, H]}: the gradient of the previous cell {@code c}
 */
public record LstmCellGrads(NDArray dGates, NDArray dc) {
}
