package dev.nabla.cuda;

import dev.nabla.backend.Backend;

/** Makes the CUDA {@link Backend} of a device runtime: the one place that names {@code CudaBackend}. */
public final class CudaBackends {
    private CudaBackends() {
    }

    /**
     * The backend computing on {@code runtime}'s device.
     *
     * @throws CudaException until {@code CudaBackend} is written
     */
    public static Backend create(DeviceRuntime runtime) {
        throw new CudaException("cuda: the CUDA backend is not built yet (" + runtime.device() + " is usable)");
    }
}
