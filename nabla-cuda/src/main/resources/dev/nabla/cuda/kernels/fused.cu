// Fused kernels (one pass over memory where the composed primitives take several). All arrays are
// contiguous, of one floating dtype t (float32 or float64); a null pointer (0) marks an absent
// optional operand. The formulas are on the Backend methods.
#include "ops.cuh"

#define DISPATCH(t, call) if ((t) == T_F32) { call(float); } else { call(double); }

// In place on y [rows, cols]: y = act(y + bias[col]); bias strided (or 0), act a UnaryOp (or -1).
template <typename T> __device__ void bias_activation_t(i64 n, i64 cols, T* y, const T* bias, i64 biasStride, int act) {
    GRID_STRIDE(i, n) {
        T v = y[i];
        if (bias) {
            v += bias[(i % cols) * biasStride];
        }
        y[i] = act < 0 ? v : unary_apply<T>(act, v);
    }
}

extern "C" __global__ void bias_activation(i64 n, i64 cols, int t, void* y, const void* bias, i64 biasStride, int act) {
#define CALL(T) bias_activation_t<T>(n, cols, (T*) y, (const T*) bias, biasStride, act)
    DISPATCH(t, CALL)
#undef CALL
}

// One block per row of x [rows, n]: mean, rstd = 1 / sqrt(biased var + eps), y = xhat * w + b.
template <typename T> __device__ void layer_norm_t(i64 rows, i64 n, const T* x, const T* w, const T* b, T* y,
                                                   T* mean, T* rstd, double eps) {
    for (i64 row = blockIdx.x; row < rows; row += gridDim.x) {
        const T* xr = x + row * n;
        T s = 0;
        for (i64 j = threadIdx.x; j < n; j += blockDim.x) s += xr[j];
        T mu = block_reduce<T>(s, [](T a, T c) { return a + c; }) / (T) n;
        T q = 0;
        for (i64 j = threadIdx.x; j < n; j += blockDim.x) { T d = xr[j] - mu; q += d * d; }
        T var = block_reduce<T>(q, [](T a, T c) { return a + c; }) / (T) n;
        T rs = (T) 1 / sqrt(var + (T) eps);
        for (i64 j = threadIdx.x; j < n; j += blockDim.x) {
            T v = (xr[j] - mu) * rs;
            if (w) v *= w[j];
            if (b) v += b[j];
            y[row * n + j] = v;
        }
        if (threadIdx.x == 0) {
            mean[row] = mu;
            rstd[row] = rs;
        }
    }
}

extern "C" __global__ void layer_norm(i64 rows, i64 n, int t, const void* x, const void* w, const void* b, void* y,
                                      void* mean, void* rstd, double eps) {
#define CALL(T) layer_norm_t<T>(rows, n, (const T*) x, (const T*) w, (const T*) b, (T*) y, (T*) mean, (T*) rstd, eps)
    DISPATCH(t, CALL)
#undef CALL
}

// One block per row: dx = rstd * (gy - mean(gy) - xhat * mean(gy * xhat)), gy = g * w.
template <typename T> __device__ void layer_norm_backward_t(i64 rows, i64 n, const T* g, const T* x, const T* mean,
                                                            const T* rstd, const T* w, T* dx) {
    for (i64 row = blockIdx.x; row < rows; row += gridDim.x) {
        const T* gr = g + row * n;
        const T* xr = x + row * n;
        T mu = mean[row], rs = rstd[row];
        T s1 = 0, s2 = 0;
        for (i64 j = threadIdx.x; j < n; j += blockDim.x) {
            T gy = w ? gr[j] * w[j] : gr[j];
            s1 += gy;
            s2 += gy * (xr[j] - mu) * rs;
        }
        T m1 = block_reduce<T>(s1, [](T a, T c) { return a + c; }) / (T) n;
        T m2 = block_reduce<T>(s2, [](T a, T c) { return a + c; }) / (T) n;
        for (i64 j = threadIdx.x; j < n; j += blockDim.x) {
            T gy = w ? gr[j] * w[j] : gr[j];
            dx[row * n + j] = rs * (gy - m1 - (xr[j] - mu) * rs * m2);
        }
    }
}

extern "C" __global__ void layer_norm_backward(i64 rows, i64 n, int t, const void* g, const void* x, const void* mean,
                                               const void* rstd, const void* w, void* dx) {
#define CALL(T) layer_norm_backward_t<T>(rows, n, (const T*) g, (const T*) x, (const T*) mean, (const T*) rstd, \
                                         (const T*) w, (T*) dx)
    DISPATCH(t, CALL)
#undef CALL
}

// Blocks of 32 columns x 8 row lanes (BLOCK threads): each lane sums every 8th row of its column,
// then the lanes are added in a fixed order (deterministic): dw[j] = sum over rows of g * xhat,
// db[j] = sum of g (each only if non-null).
template <typename T> __device__ void layer_norm_param_grads_t(i64 rows, i64 n, const T* g, const T* x,
                                                               const T* mean, const T* rstd, T* dw, T* db) {
    __shared__ T sw[BLOCK], sb[BLOCK];
    int col = threadIdx.x % 32, lane = threadIdx.x / 32, lanes = BLOCK / 32;
    for (i64 j0 = (i64) blockIdx.x * 32; j0 < n; j0 += (i64) gridDim.x * 32) {
        i64 j = j0 + col;
        T w = 0, b = 0;
        if (j < n) {
            for (i64 row = lane; row < rows; row += lanes) {
                T gv = g[row * n + j];
                b += gv;
                if (dw) w += gv * (x[row * n + j] - mean[row]) * rstd[row];
            }
        }
        sw[threadIdx.x] = w;
        sb[threadIdx.x] = b;
        __syncthreads();
        if (lane == 0 && j < n) {
            for (int l = 1; l < lanes; l++) {
                w += sw[l * 32 + col];
                b += sb[l * 32 + col];
            }
            if (dw) dw[j] = w;
            if (db) db[j] = b;
        }
        __syncthreads();
    }
}

extern "C" __global__ void layer_norm_param_grads(i64 rows, i64 n, int t, const void* g, const void* x,
                                                  const void* mean, const void* rstd, void* dw, void* db) {
#define CALL(T) layer_norm_param_grads_t<T>(rows, n, (const T*) g, (const T*) x, (const T*) mean, (const T*) rstd, \
                                            (T*) dw, (T*) db)
    DISPATCH(t, CALL)
#undef CALL
}

template <typename T> __device__ __forceinline__ T sigmoid(T x) { return unary_apply<T>(SIGMOID, x); }

// One thread per (b, j) of [B, H]: the LSTM cell; hc is [2, B, H] (h' then c'), gates [B, 4H].
template <typename T> __device__ void lstm_cell_t(i64 bh, i64 h, const T* ig, const T* hg, const T* c, T* hc,
                                                  T* gates) {
    GRID_STRIDE(e, bh) {
        i64 base = (e / h) * 4 * h + e % h;
        T i = sigmoid<T>(ig[base] + hg[base]);
        T f = sigmoid<T>(ig[base + h] + hg[base + h]);
        T g = tanh(ig[base + 2 * h] + hg[base + 2 * h]);
        T o = sigmoid<T>(ig[base + 3 * h] + hg[base + 3 * h]);
        T cn = f * c[e] + i * g;
        hc[e] = o * tanh(cn);
        hc[bh + e] = cn;
        gates[base] = i;
        gates[base + h] = f;
        gates[base + 2 * h] = g;
        gates[base + 3 * h] = o;
    }
}

extern "C" __global__ void lstm_cell(i64 bh, i64 h, int t, const void* ig, const void* hg, const void* c, void* hc,
                                     void* gates) {
#define CALL(T) lstm_cell_t<T>(bh, h, (const T*) ig, (const T*) hg, (const T*) c, (T*) hc, (T*) gates)
    DISPATCH(t, CALL)
#undef CALL
}

template <typename T> __device__ void lstm_cell_backward_t(i64 bh, i64 h, const T* dh, const T* dc, const T* c,
                                                           const T* cNew, const T* gates, T* dGates, T* dcPrev) {
    GRID_STRIDE(e, bh) {
        i64 base = (e / h) * 4 * h + e % h;
        T i = gates[base], f = gates[base + h], g = gates[base + 2 * h], o = gates[base + 3 * h];
        T tc = tanh(cNew[e]);
        T total = dh[e] * o * ((T) 1 - tc * tc) + dc[e];
        dGates[base] = total * g * i * ((T) 1 - i);
        dGates[base + h] = total * c[e] * f * ((T) 1 - f);
        dGates[base + 2 * h] = total * i * ((T) 1 - g * g);
        dGates[base + 3 * h] = dh[e] * tc * o * ((T) 1 - o);
        dcPrev[e] = total * f;
    }
}

extern "C" __global__ void lstm_cell_backward(i64 bh, i64 h, int t, const void* dh, const void* dc, const void* c,
                                              const void* cNew, const void* gates, void* dGates, void* dcPrev) {
#define CALL(T) lstm_cell_backward_t<T>(bh, h, (const T*) dh, (const T*) dc, (const T*) c, (const T*) cNew, \
                                        (const T*) gates, (T*) dGates, (T*) dcPrev)
    DISPATCH(t, CALL)
#undef CALL
}

// One Adam/AdamW step in place on p, m, v (and vMax for AMSGrad, or 0).
template <typename T> __device__ void adam_step_t(i64 n, T* p, const T* g, T* m, T* v, T* vMax, double lr,
                                                  double beta1, double beta2, double eps, double weightDecay,
                                                  int decoupled, double bc1, double bc2) {
    GRID_STRIDE(i, n) {
        T pi = p[i], gi = g[i];
        if (weightDecay != 0) {
            if (decoupled) {
                pi *= (T) (1 - lr * weightDecay);
            } else {
                gi += (T) weightDecay * pi;
            }
        }
        T mi = (T) beta1 * m[i] + (T) (1 - beta1) * gi;
        T vi = (T) beta2 * v[i] + (T) (1 - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        if (vMax) {
            T vm = vMax[i];
            vi = is_nan(vm) || is_nan(vi) ? vm + vi : (vm > vi ? vm : vi);
            vMax[i] = vi;
        }
        p[i] = pi - (T) (lr / bc1) * mi / (sqrt(vi / (T) bc2) + (T) eps);
    }
}

extern "C" __global__ void adam_step(i64 n, int t, void* p, const void* g, void* m, void* v, void* vMax, double lr,
                                     double beta1, double beta2, double eps, double weightDecay, int decoupled,
                                     double bc1, double bc2) {
#define CALL(T) adam_step_t<T>(n, (T*) p, (const T*) g, (T*) m, (T*) v, (T*) vMax, lr, beta1, beta2, eps, \
                               weightDecay, decoupled, bc1, bc2)
    DISPATCH(t, CALL)
#undef CALL
}
