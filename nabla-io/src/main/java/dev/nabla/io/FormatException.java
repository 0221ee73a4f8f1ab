package dev.nabla.io;

import java.io.IOException;

/**
 * A file or byte sequence is not a valid instance of the format being read: truncated, corrupt,
 * inconsistent, or using a feature Nabla does not support. The message says what is wrong and,
 * where it helps, where (a byte offset, a tensor name, a JSON line and column).
 *
 * <p>Every reader in {@code dev.nabla.io} reports bad input with this one checked type; other
 * {@link IOException}s mean the input could not be read at all (missing file, I/O error).
 */
public class FormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A format error described by {@code message}. */
    public FormatException(String message) {
        super(message);
    }

    /** A format error described by {@code message}, found through {@code cause}. */
    public FormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
