// Shared by every kernel file (inlined by the runtime; NVRTC compiles without the CUDA headers).
//
// Dtype codes (Java: DType.ordinal()): 0 float32, 1 float64, 2 int64, 3 bool (one byte, 0 or 1).
//
// A layout ("meta", a device buffer of long long) describes up to MAX_OPS strided operands that
// walk one shape together: meta[0] = rank (<= MAX_DIMS), meta[1 .. 8] = sizes, and for operand k
// meta[9 + 8k .. 16 + 8k] = its strides in elements (0 on broadcast dims). Element offsets of the
// views are folded into the pointers. Flat indices are row-major over the sizes.

#define MAX_DIMS 8
#define MAX_OPS 4
#define META_LONGS (1 + MAX_DIMS * (1 + MAX_OPS))
#define BLOCK 256

#define T_F32 0
#define T_F64 1
#define T_I64 2
#define T_BOOL 3

#define F_INF __int_as_float(0x7f800000)
#define F_NAN __int_as_float(0x7fc00000)
#define D_INF __longlong_as_double(0x7ff0000000000000LL)
#define D_NAN __longlong_as_double(0x7ff8000000000000LL)
#define LL_MAX 0x7fffffffffffffffLL
#define LL_MIN (-LL_MAX - 1)

typedef long long i64;

// The storage offset of operand k's element at flat index i.
__device__ __forceinline__ i64 offset_of(const i64* meta, int k, i64 i) {
    int rank = (int) meta[0];
    const i64* strides = meta + 1 + MAX_DIMS * (k + 1);
    i64 off = 0;
    for (int d = rank - 1; d >= 0; d--) {
        i64 size = meta[1 + d];
        off += (i % size) * strides[d];
        i /= size;
    }
    return off;
}

// The coordinate along dim d of flat index i.
__device__ __forceinline__ i64 coord_of(const i64* meta, int d, i64 i) {
    int rank = (int) meta[0];
    for (int e = rank - 1; e > d; e--) {
        i /= meta[1 + e];
    }
    return i % meta[1 + d];
}

// Loads element i of p (dtype t) converted to T; stores v converted to dtype t.
template <typename T> __device__ __forceinline__ T load_as(const void* p, int t, i64 i) {
    switch (t) {
        case T_F32: return (T) ((const float*) p)[i];
        case T_F64: return (T) ((const double*) p)[i];
        case T_I64: return (T) ((const i64*) p)[i];
        default: return (T) ((const unsigned char*) p)[i];
    }
}

template <typename T> __device__ __forceinline__ void store_as(void* p, int t, i64 i, T v) {
    switch (t) {
        case T_F32: ((float*) p)[i] = (float) v; break;
        case T_F64: ((double*) p)[i] = (double) v; break;
        case T_I64: ((i64*) p)[i] = (i64) v; break;
        default: ((unsigned char*) p)[i] = v != (T) 0 ? 1 : 0; break;
    }
}

// Copies element si of src (dtype st) to element di of dst (dtype dt), exact for int64.
__device__ __forceinline__ void transfer(const void* src, int st, i64 si, void* dst, int dt, i64 di) {
    if (st == T_I64 || st == T_BOOL) {
        store_as<i64>(dst, dt, di, load_as<i64>(src, st, si));
    } else {
        store_as<double>(dst, dt, di, load_as<double>(src, st, si));
    }
}

// dst[di] += src[si] (atomically), in dst's type; a bool dst becomes true where src is nonzero.
__device__ __forceinline__ void atomic_accumulate(const void* src, int st, i64 si, void* dst, int dt, i64 di) {
    switch (dt) {
        case T_F32: atomicAdd((float*) dst + di, load_as<float>(src, st, si)); break;
        case T_F64: atomicAdd((double*) dst + di, load_as<double>(src, st, si)); break;
        case T_I64: atomicAdd((unsigned long long*) dst + di, (unsigned long long) load_as<i64>(src, st, si)); break;
        default: if (load_as<double>(src, st, si) != 0) { ((unsigned char*) dst)[di] = 1; } break;
    }
}

#define GRID_STRIDE(i, n) for (i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (i64) blockDim.x * gridDim.x)

// Block-wide reduction of one value per thread (blockDim.x == BLOCK); every thread gets the result.
template <typename T, typename F> __device__ T block_reduce(T v, F combine) {
    __shared__ T buf[BLOCK];
    buf[threadIdx.x] = v;
    __syncthreads();
    for (int s = BLOCK / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) {
            buf[threadIdx.x] = combine(buf[threadIdx.x], buf[threadIdx.x + s]);
        }
        __syncthreads();
    }
    T r = buf[0];
    __syncthreads();
    return r;
}

template <typename T> __device__ __forceinline__ bool is_nan(T v) { return v != v; }
