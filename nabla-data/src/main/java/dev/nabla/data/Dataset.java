package dev.nabla.data;

/**
 * A finite, indexable collection of examples (PyTorch's map-style {@code Dataset}). Implementations
 * should be safe to read from one background thread while the caller does other work, since a
 * {@link DataLoader} with prefetch calls {@link #get} off the caller's thread.
 */
public interface Dataset {

    /** The number of examples. */
    int size();

    /** Example {@code index}, for {@code 0 <= index < size()}. */
    Example get(int index);
}
