package dev.nabla.tensor;

/**
 * Something whose state a checkpoint saves and restores, as PyTorch's {@code state_dict()} /
 * {@code load_state_dict()}: optimizers ({@code OptimizerState}), learning-rate schedules (a
 * JSON-able map) and random generators (their four state words).
 *
 * @param <S> the state's type
 */
public interface Stateful<S> {
    /** A snapshot of the state, not shared with this object. */
    S stateDict();

    /**
     * Restores a state taken by {@link #stateDict()} from an object built the same way; throws
     * {@link IllegalArgumentException} for a state that does not fit.
     */
    void loadStateDict(S state);
}
