// Included by test_axpy.cu (KernelSources inlines it).
__device__ inline long long global_index() {
    return (long long) blockIdx.x * blockDim.x + threadIdx.x;
}
