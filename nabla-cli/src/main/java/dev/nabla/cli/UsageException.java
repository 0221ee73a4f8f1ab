package dev.nabla.cli;

/**
 * A mistake in how the command was typed (unknown command, unknown option, bad value): the
 * launcher prints its message on one line and exits with status 2.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
