// A tiny kernel for nabla-cuda's own tests: y[i] = a * x[i] + y[i] + offset(i), over n elements.
#include "test_common.cuh"

extern "C" __global__ void test_axpy(long long n, float a, const float* x, float* y, int offset, double scale) {
    long long i = global_index();
    if (i < n) {
        y[i] = a * x[i] + y[i] + (float) (offset * scale);
    }
}
