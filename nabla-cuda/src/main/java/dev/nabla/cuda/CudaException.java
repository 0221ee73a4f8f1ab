package dev.nabla.cuda;

/** A CUDA call failed, or CUDA is not available; the message is one line meant for the user. */
public final class CudaException extends RuntimeException {
    public CudaException(String message) {
        super(message);
    }
}
