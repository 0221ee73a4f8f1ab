package dev.nabla.cuda;

import dev.nabla.backend.Backend;
import dev.nabla.backend.BackendProvider;

/**
 * Serves {@code cuda} and {@code cuda:N} to {@code Backends.byName} (found by ServiceLoader): the
 * backend of device N, or a {@link CudaException} with the one-line reason CUDA is unavailable.
 */
public final class CudaBackendProvider implements BackendProvider {
    @Override
    public String type() {
        return "cuda";
    }

    @Override
    public Backend create(int index) {
        return new CudaBackend(Cuda.runtime(index));
    }
}
