package dev.nabla.nn.rnn;

/**
 * The activation of an Elman {@link RNN} or {@link RNNCell} ({@code nonlinearity='tanh'} or
 * {@code 'relu'} in PyTorch). An enum rather than a boolean, so that it cannot be confused
 * with the {@code bias} or {@code batchFirst} flags beside it.
 */
public enum Nonlinearity {
    TANH(CellType.RNN_TANH),
    RELU(CellType.RNN_RELU);

    private final CellType cell;

    Nonlinearity(CellType cell) {
        this.cell = cell;
    }

    CellType cellType() {
        return cell;
    }
}
