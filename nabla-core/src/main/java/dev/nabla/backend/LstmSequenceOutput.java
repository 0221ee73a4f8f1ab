package dev.nabla.backend;

/**
 * What {@link Backend#lstmSequence} returns.
 *
 * @param states {@code [2, T+1, B, H]}: the hidden states {@code h_0 .. h_T} ({@code states[0]}) and
 *               cells {@code c_0 .. c_T} ({@code states[1]}), {@code h_0}, {@code c_0} being the initial ones
 * @param gates  {@code [T, B, 4H]}: each step's activated gates {@code i, f, g, o}, saved for
 *               {@link Backend#lstmSequenceBackward}
 */
public record LstmSequenceOutput(NDArray states, NDArray gates) {
}
