/**
 * The CUDA backend: device memory, kernels compiled by NVRTC and GEMMs by cuBLAS, bound with
 * {@code java.lang.foreign} to the CUDA libraries installed on the machine (nothing is loaded
 * until CUDA is asked for).
 */
module dev.nabla.cuda {
    requires transitive dev.nabla.core;

    exports dev.nabla.cuda;
}
