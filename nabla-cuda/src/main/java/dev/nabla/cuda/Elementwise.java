package dev.nabla.cuda;

import static dev.nabla.cuda.Gpu.code;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.DType;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.backend.UnaryOp;

/**
 * The elementwise primitives on the device ({@code elementwise.cu}): one thread per output
 * element, operands any strided (broadcast) views, results new contiguous arrays. Types follow the
 * host backends: float operands compute in the promoted float type, int64 and bool operands
 * exactly in int64, comparisons give BOOL.
 */
final class Elementwise {
    private static final String FILE = "elementwise.cu";

    private final Gpu gpu;

    Elementwise(Gpu gpu) {
        this.gpu = gpu;
    }

    /** {@code op(x)}, same shape and dtype as {@code x}. */
    NDArray unary(UnaryOp op, NDArray x) {
        NDArray out = gpu.empty(x.dtype(), x.shapeRef());
        long n = x.numel();
        if (n > 0) {
            gpu.launch(FILE, "unary", Grid.linear(n), n, op.ordinal(), gpu.layout(x.shapeRef(), x), gpu.ptr(x),
                    code(x.dtype()), gpu.ptr(out));
        }
        return out;
    }

    /** {@code op(a, b)} broadcast; type {@code promote(a, b)} or BOOL for comparisons. */
    NDArray binary(BinaryOp op, NDArray a, NDArray b) {
        int[] shape = Shape.broadcast(op.label(), a.shapeRef(), b.shapeRef());
        DType promoted = DType.promote(a.dtype(), b.dtype());
        DType compute = promoted.isFloatingPoint() ? promoted : DType.INT64;
        NDArray out = gpu.empty(op.isComparison() ? DType.BOOL : promoted, shape);
        long n = out.numel();
        if (n > 0) {
            gpu.launch(FILE, "binary", Grid.linear(n), n, op.ordinal(), gpu.layout(shape, a, b), gpu.ptr(a),
                    code(a.dtype()), gpu.ptr(b), code(b.dtype()), gpu.ptr(out), code(out.dtype()), code(compute));
        }
        return out;
    }

    /** {@code cond ? a : b}, all three broadcast; type {@code promote(a, b)}. */
    NDArray where(NDArray cond, NDArray a, NDArray b) {
        int[] shape = Shape.broadcast("where", Shape.broadcast("where", cond.shapeRef(), a.shapeRef()), b.shapeRef());
        NDArray out = gpu.empty(DType.promote(a.dtype(), b.dtype()), shape);
        long n = out.numel();
        if (n > 0) {
            gpu.launch(FILE, "where", Grid.linear(n), n, gpu.layout(shape, cond, a, b), gpu.ptr(cond),
                    code(cond.dtype()), gpu.ptr(a), code(a.dtype()), gpu.ptr(b), code(b.dtype()), gpu.ptr(out),
                    code(out.dtype()));
        }
        return out;
    }

    /** A contiguous copy of {@code x} converted to {@code dtype}. */
    NDArray copy(NDArray x, DType dtype) {
        NDArray out = gpu.empty(dtype, x.shapeRef());
        if (x.numel() == 0) {
            return out;
        }
        if (dtype == x.dtype() && x.isContiguous()) {
            gpu.runtime.copy(gpu.ptr(out), gpu.ptr(x), CudaStorage.bytes(dtype, x.numel()));
        } else {
            transfer(out, x, false);
        }
        return out;
    }

    /** {@code a} itself if contiguous and of {@code dtype} (or null), else a contiguous converted copy. */
    NDArray contiguous(NDArray a, DType dtype) {
        return a == null || (a.isContiguous() && a.dtype() == dtype) ? a : copy(a, dtype);
    }

    /**
     * In place: {@code dst = src} or, with {@code accumulate}, {@code dst += src}; {@code src}
     * broadcast to {@code dst}'s shape and converted to its dtype (first copied when it shares
     * {@code dst}'s memory, so overlapping views read the old values).
     */
    void transfer(NDArray dst, NDArray src, boolean accumulate) {
        long n = dst.numel();
        if (n == 0) {
            return;
        }
        NDArray s = src.sharesStorage(dst) ? copy(src, src.dtype()) : src;
        gpu.launch(FILE, "copy", Grid.linear(n), n, gpu.layout(dst.shapeRef(), s, dst), gpu.ptr(s), code(s.dtype()),
                gpu.ptr(dst), code(dst.dtype()), accumulate ? 1 : 0);
    }

    /** In place: every element of {@code dst} set to {@code value}, converted to its dtype. */
    void fill(NDArray dst, double value) {
        long n = dst.numel();
        if (n > 0) {
            gpu.launch(FILE, "fill", Grid.linear(n), n, gpu.layout(dst.shapeRef(), dst), gpu.ptr(dst),
                    code(dst.dtype()), value, (long) value);
        }
    }

    /** {@code g * op'(x, y)} in {@code g}'s (floating) dtype, contiguous. */
    NDArray unaryBackward(UnaryOp op, NDArray x, NDArray y, NDArray g) {
        NDArray out = gpu.empty(g.dtype(), g.shapeRef());
        long n = out.numel();
        if (n > 0) {
            gpu.launch(FILE, "unary_backward", Grid.linear(n), n, op.ordinal(), gpu.layout(g.shapeRef(), x, y, g),
                    gpu.ptr(x), code(x.dtype()), gpu.ptr(y), code(y.dtype()), gpu.ptr(g), code(g.dtype()),
                    gpu.ptr(out));
        }
        return out;
    }
}
