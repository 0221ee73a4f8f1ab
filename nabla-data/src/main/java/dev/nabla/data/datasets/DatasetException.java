package dev.nabla.data.datasets;

/**
 * A built-in dataset could not be loaded: missing while offline, a failed download, a checksum
 * mismatch or a malformed file. The message says what to do about it.
 */
public final class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
