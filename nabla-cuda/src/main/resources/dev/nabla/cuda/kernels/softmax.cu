// Softmax and log-softmax along one dim, one block of BLOCK threads per row, numerically stable
// (the row's max subtracted first). The layout (meta) puts the softmax dim last: operand 0 is x,
// operand 1 the output (both strided, so the output keeps x's dim order while being contiguous).
#include "common.cuh"

template <typename T> __device__ void softmax_row(i64 row, i64 n, int log_, const i64* meta, const T* x, T* out) {
    T m = (T) -D_INF;
    for (i64 j = threadIdx.x; j < n; j += blockDim.x) {
        T v = x[offset_of(meta, 0, row * n + j)];
        m = is_nan(v) || v > m ? v : m;
    }
    m = block_reduce<T>(m, [](T a, T b) { return is_nan(a) || a > b ? a : b; });
    T s = 0;
    for (i64 j = threadIdx.x; j < n; j += blockDim.x) {
        s += exp(x[offset_of(meta, 0, row * n + j)] - m);
    }
    s = block_reduce<T>(s, [](T a, T b) { return a + b; });
    T logS = log(s);
    for (i64 j = threadIdx.x; j < n; j += blockDim.x) {
        i64 f = row * n + j;
        T shifted = x[offset_of(meta, 0, f)] - m;
        out[offset_of(meta, 1, f)] = log_ ? shifted - logS : exp(shifted) / s;
    }
}

// out = softmax (log == 0) or log-softmax of each row of n elements of x (dtype t: float32 or float64).
extern "C" __global__ void softmax(i64 rows, i64 n, int log, const i64* meta, const void* x, int t, void* out) {
    for (i64 row = blockIdx.x; row < rows; row += gridDim.x) {
        if (t == T_F32) {
            softmax_row<float>(row, n, log, meta, (const float*) x, (float*) out);
        } else {
            softmax_row<double>(row, n, log, meta, (const double*) x, (double*) out);
        }
    }
}
