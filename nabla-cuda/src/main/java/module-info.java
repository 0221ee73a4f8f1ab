/**
 * The CUDA backend: device memory, kernels compiled by NVRTC and GEMMs by cuBLAS, bound with
 * {@code java.lang.foreign} to the CUDA libraries installed on the machine (nothing is loaded
 * until CUDA is asked for).
 */
module dev.nabla.cuda {
    requires transitive dev.nabla.core;

    exports dev.nabla.cuda;

    // Backends.byName("cuda") finds the backend through this provider
    provides dev.nabla.backend.BackendProvider with dev.nabla.cuda.CudaBackendProvider;
}
