// Indexing along one dim: gather and scatter-add over the index's shape (indexSelect and indexAdd
// are these with an index view that is constant except along dim). The layout (meta) walks the
// index's shape; index entries (int64) are valid, non-negative positions along dim.
#include "common.cuh"

// The offset of operand k at flat index i with its coordinate along dim replaced by j.
__device__ __forceinline__ i64 offset_at(const i64* meta, int k, int dim, i64 i, i64 j) {
    return offset_of(meta, k, i) + (j - coord_of(meta, dim, i)) * meta[1 + MAX_DIMS * (k + 1) + dim];
}

// out[i] = x[i with coordinate dim = index[i]]; operands 0 and 1 of meta are index and x; out contiguous.
extern "C" __global__ void gather(i64 n, int dim, const i64* meta, const i64* index, const void* x, int t, void* out) {
    GRID_STRIDE(i, n) {
        i64 j = index[offset_of(meta, 0, i)];
        transfer(x, t, offset_at(meta, 1, dim, i, j), out, t, i);
    }
}

// out[i with coordinate dim = index[i]] += src[i] (atomic); operands 0, 1, 2 of meta are index,
// src and out (out's strides, walked with the index's shape).
extern "C" __global__ void scatter_add(i64 n, int dim, const i64* meta, const i64* index, const void* src, int st,
                                       void* out, int ot) {
    GRID_STRIDE(i, n) {
        i64 j = index[offset_of(meta, 0, i)];
        atomic_accumulate(src, st, offset_of(meta, 1, i), out, ot, offset_at(meta, 2, dim, i, j));
    }
}
