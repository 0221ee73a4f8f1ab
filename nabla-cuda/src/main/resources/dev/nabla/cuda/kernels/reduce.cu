// Reductions along dims, one block of BLOCK threads per output element: the layout (meta,
// operand 0 = x) orders x's dims kept-first, reduced-last, so output row r reduces the flat
// indices [r * inner, (r + 1) * inner). Outputs are contiguous, one element per row.
#include "common.cuh"

#define SUM 0
#define MAX 1
#define MIN 2

template <typename T> __device__ T reduce_init(int op) {
    return op == SUM ? (T) 0 : op == MAX ? (T) -D_INF : (T) D_INF;
}

template <> __device__ i64 reduce_init<i64>(int op) {
    return op == SUM ? 0 : op == MAX ? LL_MIN : LL_MAX;
}

// SUM, or MAX/MIN with NaN winning (for integers is_nan is never true).
template <typename T> __device__ __forceinline__ T reduce_combine(int op, T a, T b) {
    if (op == SUM) {
        return a + b;
    }
    if (is_nan(a) || is_nan(b)) {
        return is_nan(a) ? a : b;
    }
    return op == MAX ? (a > b ? a : b) : (a < b ? a : b);
}

template <typename T> __device__ void reduce_row(i64 row, i64 inner, int op, const i64* meta, const void* x, int t,
                                                 void* out) {
    T acc = reduce_init<T>(op);
    for (i64 r = threadIdx.x; r < inner; r += blockDim.x) {
        acc = reduce_combine<T>(op, acc, load_as<T>(x, t, offset_of(meta, 0, row * inner + r)));
    }
    acc = block_reduce<T>(acc, [op](T a, T b) { return reduce_combine<T>(op, a, b); });
    if (threadIdx.x == 0) {
        store_as<T>(out, t, row, acc);
    }
}

// out[row] = op over x's row (x and out of dtype t; float32 accumulates in float, int64 and bool in int64).
extern "C" __global__ void reduce(i64 rows, i64 inner, int op, const i64* meta, const void* x, int t, void* out) {
    for (i64 row = blockIdx.x; row < rows; row += gridDim.x) {
        if (t == T_F32) {
            reduce_row<float>(row, inner, op, meta, x, t, out);
        } else if (t == T_F64) {
            reduce_row<double>(row, inner, op, meta, x, t, out);
        } else {
            reduce_row<i64>(row, inner, op, meta, x, t, out);
        }
    }
}

// The better of two (value, index) candidates: NaN first, then larger (max) or smaller, then lower index.
template <typename T> struct Arg {
    T v;
    i64 i;
};

template <typename T> __device__ __forceinline__ Arg<T> arg_better(int max, Arg<T> a, Arg<T> b) {
    if (a.i < 0) return b;
    if (b.i < 0) return a;
    bool an = is_nan(a.v), bn = is_nan(b.v);
    if (an || bn) {
        return an && bn ? (a.i < b.i ? a : b) : an ? a : b;
    }
    if (a.v == b.v) {
        return a.i < b.i ? a : b;
    }
    return (max ? a.v > b.v : a.v < b.v) ? a : b;
}

template <typename T> __device__ void arg_reduce_row(i64 row, i64 inner, int max, const i64* meta, const void* x,
                                                     int t, i64* out) {
    Arg<T> best = {(T) 0, -1};
    for (i64 r = threadIdx.x; r < inner; r += blockDim.x) {
        Arg<T> c = {load_as<T>(x, t, offset_of(meta, 0, row * inner + r)), r};
        best = arg_better<T>(max, best, c);
    }
    __shared__ T vs[BLOCK];
    __shared__ i64 is[BLOCK];
    vs[threadIdx.x] = best.v;
    is[threadIdx.x] = best.i;
    __syncthreads();
    for (int s = BLOCK / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) {
            Arg<T> a = {vs[threadIdx.x], is[threadIdx.x]}, b = {vs[threadIdx.x + s], is[threadIdx.x + s]};
            Arg<T> w = arg_better<T>(max, a, b);
            vs[threadIdx.x] = w.v;
            is[threadIdx.x] = w.i;
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        out[row] = is[0];
    }
    __syncthreads();
}

// out[row] (int64) = the index of the first largest (max != 0) or smallest element of x's row
// (x's dtype t; a NaN counts as the extreme).
extern "C" __global__ void arg_reduce(i64 rows, i64 inner, int max, const i64* meta, const void* x, int t, i64* out) {
    for (i64 row = blockIdx.x; row < rows; row += gridDim.x) {
        if (t == T_F32) {
            arg_reduce_row<float>(row, inner, max, meta, x, t, out);
        } else if (t == T_F64) {
            arg_reduce_row<double>(row, inner, max, meta, x, t, out);
        } else {
            arg_reduce_row<i64>(row, inner, max, meta, x, t, out);
        }
    }
}
