package dev.nabla.backend;

/**
 * What {@link Backend#lstmCell} returns.
 *
 * @param hc    {@code [2, B, H]}: the new hidden state {@code h'} ({@code hc[0]}) and cell {@code c'} ({@code hc[1]})
 * @param gates {@code [B, 4H]}: the activated gates {@code i, f, g, o}, saved for {@link Backend#lstmCellBackward}
 */
public record LstmCellOutput(NDArray hc, NDArray gates) {
}
