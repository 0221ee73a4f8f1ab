package dev.nabla.serve;

/** A request the server refuses: the HTTP status (4xx, or 503) and a one-line reason for the JSON body. */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
