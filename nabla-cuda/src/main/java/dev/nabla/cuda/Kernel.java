package dev.nabla.cuda;

/**
 * A compiled kernel: the function {@code name} of the CUDA C source {@code file} (a resource under
 * {@code dev/nabla/cuda/kernels/}), with the runtime's own handle to it.
 */
public record Kernel(String file, String name, long handle) {
}
