// Elementwise kernels over strided views (see common.cuh for the layout `meta`): one thread per
// output element, grid-stride loops, outputs contiguous unless the layout gives them strides.
#include "ops.cuh"

// out[i] = op(x[i]); operand 0 of meta is x; out (dtype t, same as x) contiguous.
extern "C" __global__ void unary(i64 n, int op, const i64* meta, const void* x, int t, void* out) {
    GRID_STRIDE(i, n) {
        i64 xi = offset_of(meta, 0, i);
        if (t == T_F32) {
            ((float*) out)[i] = unary_apply<float>(op, ((const float*) x)[xi]);
        } else if (t == T_F64) {
            ((double*) out)[i] = unary_apply<double>(op, ((const double*) x)[xi]);
        } else {
            store_as<i64>(out, t, i, unary_apply_long(op, load_as<i64>(x, t, xi)));
        }
    }
}

// out[i] = op(a[i], b[i]) computed in type ct (float32, float64, or int64 for exact integer
// arithmetic), stored as ot; operands 0 and 1 of meta are a and b; out contiguous.
extern "C" __global__ void binary(i64 n, int op, const i64* meta, const void* a, int at, const void* b, int bt,
                                  void* out, int ot, int ct) {
    GRID_STRIDE(i, n) {
        i64 ai = offset_of(meta, 0, i);
        i64 bi = offset_of(meta, 1, i);
        if (ct == T_F32) {
            store_as<float>(out, ot, i, binary_apply<float>(op, load_as<float>(a, at, ai), load_as<float>(b, bt, bi)));
        } else if (ct == T_F64) {
            store_as<double>(out, ot, i, binary_apply<double>(op, load_as<double>(a, at, ai), load_as<double>(b, bt, bi)));
        } else {
            store_as<i64>(out, ot, i, binary_apply_long(op, load_as<i64>(a, at, ai), load_as<i64>(b, bt, bi)));
        }
    }
}

// out[i] = cond[i] ? a[i] : b[i]; operands 0, 1, 2 of meta are cond, a, b; out contiguous.
extern "C" __global__ void where(i64 n, const i64* meta, const void* cond, int condt, const void* a, int at,
                                 const void* b, int bt, void* out, int ot) {
    GRID_STRIDE(i, n) {
        bool c = load_as<double>(cond, condt, offset_of(meta, 0, i)) != 0;
        if (c) {
            transfer(a, at, offset_of(meta, 1, i), out, ot, i);
        } else {
            transfer(b, bt, offset_of(meta, 2, i), out, ot, i);
        }
    }
}

// dst[i] = src[i] (accumulate == 0) or dst[i] += src[i], converting src to dst's type; operands 0
// and 1 of meta are src and dst (both strided: copy, assign and in-place accumulation).
extern "C" __global__ void copy(i64 n, const i64* meta, const void* src, int st, void* dst, int dt, int accumulate) {
    GRID_STRIDE(i, n) {
        i64 si = offset_of(meta, 0, i);
        i64 di = offset_of(meta, 1, i);
        if (!accumulate) {
            transfer(src, st, si, dst, dt, di);
        } else if (dt == T_I64 || dt == T_BOOL) {
            store_as<i64>(dst, dt, di, load_as<i64>(dst, dt, di) + load_as<i64>(src, st, si));
        } else {
            store_as<double>(dst, dt, di, load_as<double>(dst, dt, di) + load_as<double>(src, st, si));
        }
    }
}

// dst[i] = value (converted to dst's type; an int64 value is passed exactly as bits); operand 0 of meta is dst.
extern "C" __global__ void fill(i64 n, const i64* meta, void* dst, int dt, double value, i64 longValue) {
    GRID_STRIDE(i, n) {
        i64 di = offset_of(meta, 0, i);
        if (dt == T_I64) {
            ((i64*) dst)[di] = longValue;
        } else {
            store_as<double>(dst, dt, di, value);
        }
    }
}

// dx[i] = g[i] * op'(x[i], y[i]) in g's type t (float32 or float64); operands 0, 1, 2 of meta
// are x, y, g; dx contiguous.
extern "C" __global__ void unary_backward(i64 n, int op, const i64* meta, const void* x, int xt, const void* y,
                                          int yt, const void* g, int t, void* dx) {
    GRID_STRIDE(i, n) {
        i64 xi = offset_of(meta, 0, i), yi = offset_of(meta, 1, i), gi = offset_of(meta, 2, i);
        if (t == T_F32) {
            ((float*) dx)[i] = ((const float*) g)[gi]
                    * unary_derivative<float>(op, load_as<float>(x, xt, xi), load_as<float>(y, yt, yi));
        } else {
            store_as<double>(dx, t, i, load_as<double>(g, t, gi)
                    * unary_derivative<double>(op, load_as<double>(x, xt, xi), load_as<double>(y, yt, yi)));
        }
    }
}
