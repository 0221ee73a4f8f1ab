package dev.nabla.ops;

import dev.nabla.backend.DType;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.function.LongBinaryOperator;

/**
 * Bitwise ops on int64 and bool tensors, as PyTorch's {@code bitwise_and}, {@code bitwise_or},
 * {@code bitwise_xor}, {@code bitwise_not} and the shifts, and {@code gcd}/{@code lcm}; operands broadcast, bool with int64
 * gives int64, bool with bool gives bool (the logical op). A shift by a negative count or by 64
 * or more gives 0 to the left and the sign to the right, as PyTorch 2's (1.13 shifted by the
 * count modulo 64).
 */
public final class Bitwise {
    private Bitwise() {
    }

    /** {@code a & b}. */
    public static Tensor and(Tensor a, Tensor b) {
        return bothBool("bitwiseAnd", a, b) ? a.logicalAnd(b) : onLongs("bitwiseAnd", a, b, (x, y) -> x & y);
    }

    /** {@code a | b}. */
    public static Tensor or(Tensor a, Tensor b) {
        return bothBool("bitwiseOr", a, b) ? a.logicalOr(b) : onLongs("bitwiseOr", a, b, (x, y) -> x | y);
    }

    /** {@code a ^ b}. */
    public static Tensor xor(Tensor a, Tensor b) {
        return bothBool("bitwiseXor", a, b) ? a.logicalXor(b) : onLongs("bitwiseXor", a, b, (x, y) -> x ^ y);
    }

    /** {@code ~a}: {@code -a - 1} for int64, logical not for bool. */
    public static Tensor not(Tensor a) {
        integral("bitwiseNot", a);
        return a.dtype() == DType.BOOL ? a.logicalNot() : a.neg().sub(1);
    }

    /** {@code a << b} (int64). */
    public static Tensor leftShift(Tensor a, Tensor b) {
        return onLongs("bitwiseLeftShift", a, b, (x, y) -> y < 0 || y >= Long.SIZE ? 0 : x << y);
    }

    /** {@code a >> b} (int64, arithmetic). */
    public static Tensor rightShift(Tensor a, Tensor b) {
        return onLongs("bitwiseRightShift", a, b, (x, y) -> y < 0 || y >= Long.SIZE ? x >> (Long.SIZE - 1) : x >> y);
    }

    /** The greatest common divisor of each pair (int64; {@code gcd(0, 0) = 0}), as {@code torch.gcd}. */
    public static Tensor gcd(Tensor a, Tensor b) {
        return onLongs("gcd", a, b, Bitwise::gcdOf);
    }

    /** The least common multiple of each pair (int64; 0 when either is 0), as {@code torch.lcm}. */
    public static Tensor lcm(Tensor a, Tensor b) {
        return onLongs("lcm", a, b, (x, y) -> {
            long g = gcdOf(x, y);
            return g == 0 ? 0 : Math.abs(x / g * y);
        });
    }

    private static long gcdOf(long x, long y) {
        x = Math.abs(x);
        y = Math.abs(y);
        while (y != 0) {
            long t = x % y;
            x = y;
            y = t;
        }
        return x;
    }

    /** A zero-dim int64 tensor of {@code value} on {@code like}'s device. */
    public static Tensor scalar(Tensor like, long value) {
        return Tensor.of(new long[] {value}).reshape().to(like.backend());
    }

    private static boolean bothBool(String op, Tensor a, Tensor b) {
        integral(op, a);
        integral(op, b);
        return a.dtype() == DType.BOOL && b.dtype() == DType.BOOL;
    }

    private static Tensor onLongs(String op, Tensor a, Tensor b, LongBinaryOperator f) {
        integral(op, a);
        integral(op, b);
        OpSupport.sameBackend(op, a, b);
        int[] shape = Shape.broadcast(op, a.shape(), b.shape());
        long[] x = a.to(DType.INT64).expand(shape).contiguous().toLongArray();
        long[] y = b.to(DType.INT64).expand(shape).contiguous().toLongArray();
        long[] out = new long[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsLong(x[i], y[i]);
        }
        return Tensor.of(out).reshape(shape).to(a.backend());
    }

    private static void integral(String op, Tensor t) {
        if (t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected int64 or bool tensors, got " + t.dtype().shortName());
        }
    }
}
