package dev.nabla.backend.cpu;

import dev.nabla.backend.AdamStep;
import dev.nabla.backend.AttentionGrads;
import dev.nabla.backend.AttentionOutput;
import dev.nabla.backend.Backend;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.Conv2dGrads;
import dev.nabla.backend.DType;
import dev.nabla.backend.HostBackend;
import dev.nabla.backend.HostMemory;
import dev.nabla.backend.LstmCellGrads;
import dev.nabla.backend.LstmCellOutput;
import dev.nabla.backend.LstmSequenceGrads;
import dev.nabla.backend.LstmSequenceOutput;
import dev.nabla.backend.LayerNormGrads;
import dev.nabla.backend.LayerNormOutput;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.Storage;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.MaxPoolOutput;
import dev.nabla.backend.Window2d;

/**
 * The default engine: float32 kernels written with jdk.incubator.vector, multithreaded for
 * large work ({@link Parallel}). This class only dispatches: float32 work (including float32 ops
 * with INT64 index or BOOL mask arguments) goes to the kernels of this package; other dtypes are
 * delegated to the fallback (the reference backend). Integer or boolean operands mixed with a
 * float32 one are converted to float32 first.
 */
public final class CpuBackend implements HostBackend {
    private static final DType F32 = DType.FLOAT32;
    private final Backend fallback;

    public CpuBackend(Backend fallback) {
        this.fallback = fallback;
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public DType floatType() {
        return F32;
    }

    @Override
    public NDArray unary(UnaryOp op, NDArray x) {
        return x.dtype() == F32 ? Elementwise.unary(op, x) : fallback.unary(op, x);
    }

    @Override
    public NDArray binary(BinaryOp op, NDArray a, NDArray b) {
        if (DType.promote(a.dtype(), b.dtype()) != F32) {
            return fallback.binary(op, a, b);
        }
        return Elementwise.binary(op, toF32(a), toF32(b));
    }

    @Override
    public NDArray where(NDArray cond, NDArray a, NDArray b) {
        if (cond.dtype() != DType.BOOL || DType.promote(a.dtype(), b.dtype()) != F32) {
            return fallback.where(cond, a, b);
        }
        return Elementwise.where(cond, toF32(a), toF32(b));
    }

    @Override
    public NDArray reduce(ReduceOp op, NDArray x, int[] dims, boolean keepDim) {
        if (x.dtype() != F32) {
            return fallback.reduce(op, x, dims, keepDim);
        }
        return dims.length == 0 ? copy(x, F32) : Reductions.reduce(op, x, dims, keepDim);
    }

    @Override
    public NDArray argReduce(boolean max, NDArray x, int dim, boolean keepDim) {
        return x.dtype() == F32 ? Reductions.argReduce(max, x, dim, keepDim) : fallback.argReduce(max, x, dim, keepDim);
    }

    @Override
    public NDArray softmax(NDArray x, int dim, boolean log) {
        return x.dtype() == F32 ? Softmax.softmax(x, dim, log) : fallback.softmax(x, dim, log);
    }

    @Override
    public NDArray matmul(NDArray a, NDArray b) {
        return a.dtype() == F32 && b.dtype() == F32 ? MatMul.matmul(a, b) : fallback.matmul(a, b);
    }

    @Override
    public NDArray copy(NDArray x, DType dtype) {
        if (x.dtype() == F32 && dtype == F32) {
            return new NDArray(new Storage.Floats(StridedCopy.toArray(x)), x.shapeRef().clone());
        }
        if (x.dtype() == F32 && dtype == DType.FLOAT64 && x.isContiguous()) { // e.g. item(), a loss read every step
            float[] src = StridedCopy.data(x);
            Storage.Doubles out = (Storage.Doubles) Storage.allocate(DType.FLOAT64, x.numel());
            double[] d = out.data();
            for (int i = 0, o = x.offset(); i < d.length; i++) {
                d[i] = src[o + i];
            }
            return new NDArray(out, x.shapeRef().clone());
        }
        if (x.dtype() == dtype && x.isContiguous()) { // int64 indices or booleans read back to the host
            NDArray out = NDArray.zeros(dtype, x.shapeRef());
            System.arraycopy(HostMemory.array(x.storage()), x.offset(), HostMemory.array(out.storage()), 0, x.numel());
            return out;
        }
        return fallback.copy(x, dtype);
    }

    @Override
    public boolean contains(NDArray x, long value) {
        if (!(x.storage() instanceof Storage.Longs l) || !x.isContiguous()) {
            return fallback.contains(x, value);
        }
        long[] v = l.data();
        for (int i = x.offset(), end = i + x.numel(); i < end; i++) {
            if (v[i] == value) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void checkIndices(String op, NDArray index, int bound) {
        if (!(index.storage() instanceof Storage.Longs l) || !index.isContiguous()) {
            fallback.checkIndices(op, index, bound);
            return;
        }
        long[] v = l.data();
        for (int i = index.offset(), end = i + index.numel(); i < end; i++) {
            if (v[i] < 0 || v[i] >= bound) {
                throw new IndexOutOfBoundsException(op + ": index " + v[i] + " is out of bounds for size " + bound);
            }
        }
    }

    @Override
    public void assign(NDArray dst, NDArray src) {
        if (dst.dtype() != F32) {
            fallback.assign(dst, src);
            return;
        }
        NDArray s = src.dtype() == F32 && src.storage() != dst.storage() ? src : copy(src, F32);
        NDArray b = s.broadcastTo(dst.shapeRef());
        StridedCopy.copy(dst.shapeRef(), StridedCopy.data(b), b.offset(), b.stridesRef(),
                StridedCopy.data(dst), dst.offset(), dst.stridesRef());
    }

    @Override
    public void addInPlace(NDArray dst, NDArray src) {
        if (dst.dtype() == F32 && src.dtype() == F32 && dst.isContiguous() && src.isContiguous()
                && java.util.Arrays.equals(dst.shapeRef(), src.shapeRef()) && dst.storage() != src.storage()) {
            Elementwise.addInPlace(dst, src);
        } else {
            assign(dst, binary(BinaryOp.ADD, dst, src));
        }
    }

    @Override
    public NDArray indexSelect(NDArray x, int dim, NDArray index) {
        return x.dtype() == F32 && index.dtype() == DType.INT64
                ? Indexing.indexSelect(x, dim, index) : fallback.indexSelect(x, dim, index);
    }

    @Override
    public NDArray indexAdd(NDArray x, int dim, NDArray index, NDArray src) {
        return x.dtype() == F32 && src.dtype() == F32 && index.dtype() == DType.INT64
                ? Indexing.indexAdd(x, dim, index, src) : fallback.indexAdd(x, dim, index, src);
    }

    @Override
    public NDArray gather(NDArray x, int dim, NDArray index) {
        return x.dtype() == F32 && index.dtype() == DType.INT64
                ? Indexing.gather(x, dim, index) : fallback.gather(x, dim, index);
    }

    @Override
    public NDArray scatterAdd(NDArray x, int dim, NDArray index, NDArray src) {
        return x.dtype() == F32 && src.dtype() == F32 && index.dtype() == DType.INT64
                ? Indexing.scatterAdd(x, dim, index, src) : fallback.scatterAdd(x, dim, index, src);
    }

    @Override
    public NDArray unaryBackward(UnaryOp op, NDArray x, NDArray y, NDArray g) {
        return x.dtype() == F32 && y.dtype() == F32 && g.dtype() == F32
                ? FusedKernels.unaryBackward(op, x, y, g) : fallback.unaryBackward(op, x, y, g);
    }

    @Override
    public NDArray linear(NDArray x, NDArray w, NDArray b, UnaryOp activation) {
        return x.dtype() == F32 && w.dtype() == F32 && (b == null || b.dtype() == F32)
                ? MatMul.linear(x, w, b, activation) : fallback.linear(x, w, b, activation);
    }

    @Override
    public LstmCellOutput lstmCell(NDArray inputGates, NDArray hiddenGates, NDArray c) {
        return allF32(inputGates, hiddenGates, c)
                ? LstmKernels.forward(inputGates, hiddenGates, c) : fallback.lstmCell(inputGates, hiddenGates, c);
    }

    @Override
    public LstmCellGrads lstmCellBackward(NDArray dh, NDArray dc, NDArray c, NDArray cNew, NDArray gates) {
        return allF32(dh, dc, c, cNew, gates)
                ? LstmKernels.backward(dh, dc, c, cNew, gates) : fallback.lstmCellBackward(dh, dc, c, cNew, gates);
    }

    @Override
    public LstmSequenceOutput lstmSequence(NDArray xProj, NDArray wHh, NDArray bHh, NDArray h0, NDArray c0) {
        return allF32(xProj, wHh, bHh, h0, c0)
                ? LstmSequenceKernels.forward(xProj, wHh, bHh, h0, c0) : fallback.lstmSequence(xProj, wHh, bHh, h0, c0);
    }

    @Override
    public LstmSequenceGrads lstmSequenceBackward(NDArray g, NDArray wHh, boolean bias, NDArray states, NDArray gates) {
        return allF32(g, wHh, states, gates)
                ? LstmSequenceKernels.backward(g, wHh, bias, states, gates)
                : fallback.lstmSequenceBackward(g, wHh, bias, states, gates);
    }

    @Override
    public LayerNormOutput layerNorm(NDArray x, NDArray weight, NDArray bias, double eps) {
        return allF32(x, weight, bias) ? LayerNorm.forward(x, weight, bias, eps) : fallback.layerNorm(x, weight, bias, eps);
    }

    @Override
    public LayerNormGrads layerNormBackward(NDArray g, NDArray x, NDArray mean, NDArray rstd, NDArray weight,
                                            boolean inputGrad, boolean weightGrad, boolean biasGrad) {
        return allF32(g, x, mean, rstd, weight)
                ? LayerNorm.backward(g, x, mean, rstd, weight, inputGrad, weightGrad, biasGrad)
                : fallback.layerNormBackward(g, x, mean, rstd, weight, inputGrad, weightGrad, biasGrad);
    }

    @Override
    public AttentionOutput attention(NDArray q, NDArray k, NDArray v, boolean causal, double scale) {
        return allF32(q, k, v) ? AttentionKernels.forward(q, k, v, causal, scale)
                : fallback.attention(q, k, v, causal, scale);
    }

    @Override
    public AttentionGrads attentionBackward(NDArray g, NDArray q, NDArray k, NDArray v, NDArray out, NDArray lse,
                                            boolean causal, double scale) {
        return allF32(g, q, k, v, out, lse) ? AttentionKernels.backward(g, q, k, v, out, lse, causal, scale)
                : fallback.attentionBackward(g, q, k, v, out, lse, causal, scale);
    }

    @Override
    public void adamStep(NDArray p, NDArray g, NDArray m, NDArray v, NDArray vMax, AdamStep h) {
        if (FusedKernels.adamApplies(p, g, m, v, vMax)) {
            FusedKernels.adam(p, g, m, v, vMax, h);
        } else {
            fallback.adamStep(p, g, m, v, vMax, h);
        }
    }

    // ---- scans, sorting and scatter ---------------------------------------------------------

    @Override
    public NDArray cumulative(NDArray x, int dim, boolean product) {
        return x.dtype() == F32 ? Ordering.cumulative(x, dim, product) : fallback.cumulative(x, dim, product);
    }

    @Override
    public NDArray argsort(NDArray x, int dim, boolean descending) {
        return x.dtype() == F32 ? Ordering.argsort(x, dim, descending) : fallback.argsort(x, dim, descending);
    }

    @Override
    public NDArray scatter(NDArray x, int dim, NDArray index, NDArray src, BinaryOp reduce) {
        return x.dtype() == F32 && src.dtype() == F32 && index.dtype() == DType.INT64
                ? Indexing.scatter(x, dim, index, src, reduce) : fallback.scatter(x, dim, index, src, reduce);
    }

    // ---- sliding windows (Windows)

    @Override
    public NDArray unfold(NDArray x, Window2d g) {
        return x.dtype() == F32 ? Windows.unfold(x, g) : fallback.unfold(x, g);
    }

    @Override
    public NDArray fold(NDArray cols, Window2d g) {
        return cols.dtype() == F32 ? Windows.fold(cols, g) : fallback.fold(cols, g);
    }

    @Override
    public MaxPoolOutput maxPool2d(NDArray x, Window2d g) {
        return x.dtype() == F32 ? Windows.maxPool2d(x, g) : fallback.maxPool2d(x, g);
    }

    @Override
    public NDArray maxPool2dBackward(NDArray g, NDArray indices, Window2d geometry) {
        return g.dtype() == F32 && indices.dtype() == DType.INT64 && indices.isContiguous()
                ? Windows.maxPool2dBackward(g, indices, geometry) : fallback.maxPool2dBackward(g, indices, geometry);
    }

    // ---- convolution (Convolution)

    @Override
    public NDArray conv2d(NDArray x, NDArray w, NDArray b, Window2d g, int groups) {
        return allF32(x, w, b) ? Convolution.conv2d(x, w, b, g, groups) : fallback.conv2d(x, w, b, g, groups);
    }

    @Override
    public Conv2dGrads conv2dBackward(NDArray gy, NDArray x, NDArray w, Window2d g, int groups,
                                      boolean inputGrad, boolean weightGrad, boolean biasGrad) {
        return allF32(gy, x, w) ? Convolution.conv2dBackward(gy, x, w, g, groups, inputGrad, weightGrad, biasGrad)
                : fallback.conv2dBackward(gy, x, w, g, groups, inputGrad, weightGrad, biasGrad);
    }

    /** Whether every operand that is not null is float32. */
    private static boolean allF32(NDArray... operands) {
        for (NDArray a : operands) {
            if (a != null && a.dtype() != F32) {
                return false;
            }
        }
        return true;
    }

    /** x itself if float32, else a float32 copy (for mixed-type operands that promote to float32). */
    private NDArray toF32(NDArray x) {
        return x.dtype() == F32 ? x : fallback.copy(x, F32);
    }
}
