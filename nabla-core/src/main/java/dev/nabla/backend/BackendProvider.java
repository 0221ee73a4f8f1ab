package dev.nabla.backend;

/**
 * A backend for a device type outside nabla-core (e.g. {@code cuda} from nabla-cuda), found with
 * {@link java.util.ServiceLoader} when {@link Backends#byName} meets a type it does not know: list
 * the implementation in {@code META-INF/services/dev.nabla.backend.BackendProvider} and in the
 * module's {@code provides}.
 */
public interface BackendProvider {
    /** The device type served, e.g. {@code "cuda"}. */
    String type();

    /**
     * The backend of device {@code index} of this type (made once; {@link Backends} keeps it).
     *
     * @throws RuntimeException with a one-line message (e.g. {@code cuda: no CUDA device}) when the
     *                          device is not available
     */
    Backend create(int index);
}
