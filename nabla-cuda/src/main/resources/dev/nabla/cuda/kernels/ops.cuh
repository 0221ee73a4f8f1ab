// The elementwise functions of UnaryOp and BinaryOp; the enums list them in the Java order
// (the op code passed to a kernel is the constant's ordinal; a test holds the orders equal).
#include "common.cuh"

enum UnaryOp { NEG, EXP, LOG, LOG1P, SQRT, RSQRT, ABS, SIGN, SIGMOID, TANH, RELU, ERF, GELU,
               SIN, COS, FLOOR, CEIL, ROUND, TRUNC };

enum BinaryOp { ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, FLOOR_DIVIDE, TRUNC_DIVIDE,
                EQ, NE, LT, LE, GT, GE, ATAN2, REMAINDER, FMOD };

#define INV_SQRT2 0.70710678118654752440
#define INV_SQRT_2PI 0.39894228040143267794
#define TWO_OVER_SQRT_PI 1.12837916709551257390

// op(x) for float and double (the math functions overload on both).
template <typename T> __device__ T unary_apply(int op, T x) {
    switch (op) {
        case NEG: return -x;
        case EXP: return exp(x);
        case LOG: return log(x);
        case LOG1P: return log1p(x);
        case SQRT: return sqrt(x);
        case RSQRT: return (T) 1 / sqrt(x);
        case ABS: return fabs(x);
        case SIGN: return x > 0 ? (T) 1 : x < 0 ? (T) -1 : (T) 0;  // NaN and -0 give 0, as PyTorch
        case SIGMOID: {
            if (x >= 0) {
                return (T) 1 / ((T) 1 + exp(-x));
            }
            T e = exp(x);
            return e / ((T) 1 + e);
        }
        case TANH: return tanh(x);
        case RELU: return x < 0 ? (T) 0 : x;  // -0 and NaN pass, as PyTorch
        case ERF: return erf(x);
        case GELU: return (T) 0.5 * x * ((T) 1 + erf(x * (T) INV_SQRT2));
        case SIN: return sin(x);
        case COS: return cos(x);
        case FLOOR: return floor(x);
        case CEIL: return ceil(x);
        case ROUND: return rint(x);
        default: return trunc(x);
    }
}

// op(x) for int64 and bool operands: exact for NEG, ABS, SIGN, RELU, else (long) op((double) x).
__device__ i64 unary_apply_long(int op, i64 x) {
    switch (op) {
        case NEG: return -x;
        case ABS: return x < 0 ? -x : x;
        case SIGN: return x > 0 ? 1 : x < 0 ? -1 : 0;
        case RELU: return x > 0 ? x : 0;
        default: return (i64) unary_apply<double>(op, (double) x);
    }
}

// op'(x), given x and y = op(x).
template <typename T> __device__ T unary_derivative(int op, T x, T y) {
    switch (op) {
        case NEG: return -1;
        case EXP: return y;
        case LOG: return (T) 1 / x;
        case LOG1P: return (T) 1 / (x + (T) 1);
        case SQRT: return (T) 0.5 / y;
        case RSQRT: return (T) -0.5 * y * y * y;
        case ABS: return x > 0 ? (T) 1 : x < 0 ? (T) -1 : x;
        case SIGMOID: return y * ((T) 1 - y);
        case TANH: return (T) 1 - y * y;
        case RELU: return y <= 0 ? (T) 0 : (T) 1;
        case ERF: return (T) TWO_OVER_SQRT_PI * exp(-x * x);
        case GELU: return (T) 0.5 * ((T) 1 + erf(x * (T) INV_SQRT2)) + x * exp((T) -0.5 * x * x) * (T) INV_SQRT_2PI;
        case SIN: return cos(x);
        case COS: return -sin(x);
        default: return 0; // SIGN and the rounding ops
    }
}

// PyTorch's div_floor_floating: Python's floor division, exact where floor(a / b) rounds wrongly.
template <typename T> __device__ T floor_divide(T a, T b) {
    if (b == 0) {
        return a / b;
    }
    T mod = fmod(a, b);
    T div = (a - mod) / b;
    if (mod != 0 && (b < 0) != (mod < 0)) {
        div -= 1;
    }
    if (div == 0) {
        return copysign((T) 0, a / b);
    }
    T fl = floor(div);
    return div - fl > (T) 0.5 ? fl + 1 : fl;
}

// op(a, b) for float and double (comparisons give 1 or 0).
template <typename T> __device__ T binary_apply(int op, T a, T b) {
    switch (op) {
        case ADD: return a + b;
        case SUB: return a - b;
        case MUL: return a * b;
        case DIV: return a / b;
        case POW: return pow(a, b);
        case MAXIMUM: return is_nan(a) || is_nan(b) ? a + b : (a > b ? a : b);
        case MINIMUM: return is_nan(a) || is_nan(b) ? a + b : (a < b ? a : b);
        case FLOOR_DIVIDE: return floor_divide(a, b);
        case TRUNC_DIVIDE: return trunc(a / b);
        case EQ: return a == b;
        case NE: return a != b;
        case LT: return a < b;
        case LE: return a <= b;
        case GT: return a > b;
        case GE: return a >= b;
        case ATAN2: return atan2(a, b);
        case REMAINDER: {
            T r = fmod(a, b);
            return r != 0 && (r < 0) != (b < 0) ? r + b : r;
        }
        default: return fmod(a, b);
    }
}

// a^b for integers by repeated squaring (PyTorch's results for negative exponents).
__device__ i64 pow_long(i64 a, i64 b) {
    if (b < 0) {
        return a == 1 ? 1 : a == -1 ? ((b & 1) == 0 ? 1 : -1) : 0;
    }
    unsigned long long result = 1, base = (unsigned long long) a;
    for (unsigned long long e = (unsigned long long) b; e != 0; e >>= 1, base *= base) {
        if (e & 1) {
            result *= base;
        }
    }
    return (i64) result;
}

// op(a, b) for int64 and bool operands, exact; wraps around on overflow. Division by zero gives 0
// (a kernel cannot throw; the host backends raise an error).
__device__ i64 binary_apply_long(int op, i64 a, i64 b) {
    typedef unsigned long long u64;
    switch (op) {
        case ADD: return (i64) ((u64) a + (u64) b);
        case SUB: return (i64) ((u64) a - (u64) b);
        case MUL: return (i64) ((u64) a * (u64) b);
        case POW: return pow_long(a, b);
        case MAXIMUM: return a > b ? a : b;
        case MINIMUM: return a < b ? a : b;
        case EQ: return a == b;
        case NE: return a != b;
        case LT: return a < b;
        case LE: return a <= b;
        case GT: return a > b;
        case GE: return a >= b;
        case ATAN2: return (i64) atan2((double) a, (double) b);
        default: break;
    }
    if (b == 0) {
        return 0;
    }
    if (b == -1) { // LL_MIN / -1 overflows in C; Java wraps to LL_MIN, remainders are 0
        return op == DIV || op == FLOOR_DIVIDE || op == TRUNC_DIVIDE ? (i64) (0ULL - (u64) a) : 0;
    }
    i64 q = a / b, r = a % b;
    switch (op) {
        case FLOOR_DIVIDE: return r != 0 && ((r < 0) != (b < 0)) ? q - 1 : q;
        case REMAINDER: return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
        case FMOD: return r;
        default: return q; // DIV, TRUNC_DIVIDE
    }
}
