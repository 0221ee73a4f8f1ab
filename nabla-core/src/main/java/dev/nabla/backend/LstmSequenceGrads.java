package dev.nabla.backend;

/**
 * What {@link Backend#lstmSequenceBackward} returns: the gradients of its inputs.
 *
 * @param dxProj {@code [T, B, 4H]}: of the projected inputs (each step's gate gradient {@code dz_t})
 * @param dw     {@code [4H, H]}: of the hidden-to-hidden weight
 * @param db     {@code [4H]}: of its bias, or null without one
 * @param dh0    {@code [B, H]}: of the initial hidden state
 * @param dc0    {@code [B, H]}: of the initial cell
 */
public record LstmSequenceGrads(NDArray dxProj, NDArray dw, NDArray db, NDArray dh0, NDArray dc0) {
}
