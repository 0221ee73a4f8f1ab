package dev.nabla.cuda;

import dev.nabla.backend.AdamStep;
import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.DType;
import dev.nabla.backend.Device;
import dev.nabla.backend.LayerNormGrads;
import dev.nabla.backend.LayerNormOutput;
import dev.nabla.backend.LstmCellGrads;
import dev.nabla.backend.LstmCellOutput;
import dev.nabla.backend.MaxPoolOutput;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.Window2d;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The CUDA backend ({@code cuda:N}, float32 by default): arrays are {@link NDArray} views of
 * {@link CudaStorage}, and the primitives run as CUDA C kernels (resources under
 * {@code dev/nabla/cuda/kernels/}) and cuBLAS GEMMs queued on a {@link DeviceRuntime}. Every kernel
 * takes strided views (up to 8 dims after merging), so transposes, slices and broadcasts are
 * never copied first, except for matmul operands cuBLAS cannot read in place.
 *
 * <p>On the device: the memory methods, unary, binary, where, copy, assign, addInPlace, fill,
 * reduce, argReduce, softmax/log-softmax, matmul (float32 and float64), indexSelect, indexAdd,
 * gather, scatterAdd, unaryBackward, linear (+ bias and activation), layerNorm (+ backward),
 * lstmCell (+ backward), adamStep; conv2d and its backward are {@code Backend}'s defaults (unfold,
 * matmul, fold), as is lstmSequence (+ backward: per step linear or matmul and lstmCell).
 *
 * <p>On the host ({@link HostFallback}: download, {@code Backends.CPU}, upload): cumulative,
 * argsort, scatter, unfold, fold, maxPool2d, maxPool2dBackward, and matmul and softmax of int64/bool
 * arrays.
 *
 * <p>Unlike the host backends, integer division by zero gives 0 rather than an error (a kernel
 * cannot throw), and scatter-add sums floats in an unspecified order.
 */
public final class CudaBackend implements Backend {
    private final DeviceRuntime runtime;
    private final Gpu gpu;
    private final Elementwise elementwise;
    private final Reductions reductions;
    private final MatMul matMul;
    private final Indexing indexing;
    private final Fused fused;
    private final HostFallback host;

    public CudaBackend(DeviceRuntime runtime) {
        this.runtime = runtime;
        this.gpu = new Gpu(runtime);
        this.elementwise = new Elementwise(gpu);
        this.reductions = new Reductions(gpu);
        this.matMul = new MatMul(gpu);
        this.indexing = new Indexing(gpu);
        this.fused = new Fused(gpu, elementwise);
        this.host = new HostFallback(this);
    }

    @Override public String name() { return device().toString(); }
    @Override public Device device() { return runtime.device(); }
    @Override public DType floatType() { return DType.FLOAT32; }

    // ---- memory

    @Override
    public NDArray zeros(DType dtype, int[] shape) {
        NDArray out = gpu.empty(dtype, shape);
        if (out.numel() > 0) {
            runtime.zero(gpu.ptr(out), CudaStorage.bytes(dtype, out.numel()));
        }
        return out;
    }

    @Override
    public NDArray upload(Object values, int[] shape) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment h = switch (values) {
                case float[] v -> arena.allocateFrom(ValueLayout.JAVA_FLOAT, v);
                case double[] v -> arena.allocateFrom(ValueLayout.JAVA_DOUBLE, v);
                case long[] v -> arena.allocateFrom(ValueLayout.JAVA_LONG, v);
                case boolean[] v -> {
                    byte[] bytes = new byte[v.length];
                    for (int i = 0; i < v.length; i++) {
                        bytes[i] = (byte) (v[i] ? 1 : 0);
                    }
                    yield arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
                }
                default -> throw new IllegalArgumentException("upload: expected a float[], double[], long[] or boolean[], got "
                        + values.getClass().getSimpleName());
            };
            NDArray out = gpu.empty(dtypeOf(values), shape);
            if (h.byteSize() > 0) {
                runtime.upload(h, gpu.ptr(out));
            }
            return out;
        }
    }

    @Override
    public Object download(NDArray x, DType dtype) {
        NDArray c = x.dtype() == dtype && x.isContiguous() ? x : copy(x, dtype);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment h = arena.allocate(Math.max(1, CudaStorage.bytes(dtype, c.numel())), 8);
            if (c.numel() > 0) {
                runtime.download(gpu.ptr(c), h.asSlice(0, CudaStorage.bytes(dtype, c.numel())));
            }
            return switch (dtype) {
                case FLOAT32 -> h.asSlice(0, 4L * c.numel()).toArray(ValueLayout.JAVA_FLOAT);
                case FLOAT64 -> h.asSlice(0, 8L * c.numel()).toArray(ValueLayout.JAVA_DOUBLE);
                case INT64 -> h.asSlice(0, 8L * c.numel()).toArray(ValueLayout.JAVA_LONG);
                case BOOL -> {
                    boolean[] out = new boolean[c.numel()];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = h.get(ValueLayout.JAVA_BYTE, i) != 0;
                    }
                    yield out;
                }
            };
        }
    }

    @Override public void fill(NDArray dst, double value) { elementwise.fill(dst, value); }

    // ---- core primitives

    @Override public NDArray unary(UnaryOp op, NDArray x) { return elementwise.unary(op, x); }
    @Override public NDArray binary(BinaryOp op, NDArray a, NDArray b) { return elementwise.binary(op, a, b); }
    @Override public NDArray where(NDArray cond, NDArray a, NDArray b) { return elementwise.where(cond, a, b); }

    @Override
    public NDArray reduce(ReduceOp op, NDArray x, int[] dims, boolean keepDim) {
        return reductions.reduce(op, x, dims, keepDim, elementwise);
    }

    @Override
    public NDArray argReduce(boolean max, NDArray x, int dim, boolean keepDim) {
        return reductions.argReduce(max, x, dim, keepDim);
    }

    @Override
    public NDArray softmax(NDArray x, int dim, boolean log) {
        return x.dtype().isFloatingPoint() ? reductions.softmax(x, dim, log)
                : host.run(h -> Backends.CPU.softmax(h[0], dim, log), x);
    }

    @Override
    public NDArray matmul(NDArray a, NDArray b) {
        DType t = DType.promote(a.dtype(), b.dtype());
        if (!t.isFloatingPoint()) {
            return host.run(h -> Backends.CPU.matmul(h[0], h[1]), a, b);
        }
        return matMul.matmul(as(a, t), as(b, t), elementwise);
    }

    @Override public NDArray copy(NDArray x, DType dtype) { return elementwise.copy(x, dtype); }
    @Override public void assign(NDArray dst, NDArray src) { elementwise.transfer(dst, src, false); }
    @Override public void addInPlace(NDArray dst, NDArray src) { elementwise.transfer(dst, src, true); }

    @Override
    public NDArray indexSelect(NDArray x, int dim, NDArray index) { return indexing.indexSelect(x, dim, index); }

    @Override
    public NDArray indexAdd(NDArray x, int dim, NDArray index, NDArray src) {
        return indexing.indexAdd(x, dim, index, src, elementwise);
    }

    @Override public NDArray gather(NDArray x, int dim, NDArray index) { return indexing.gather(x, dim, index); }

    @Override
    public NDArray scatterAdd(NDArray x, int dim, NDArray index, NDArray src) {
        return indexing.scatterAdd(x, dim, index, src, elementwise);
    }

    // ---- fused primitives

    @Override
    public NDArray unaryBackward(UnaryOp op, NDArray x, NDArray y, NDArray g) {
        return g.dtype().isFloatingPoint() ? elementwise.unaryBackward(op, x, y, g) : Backend.super.unaryBackward(op, x, y, g);
    }

    @Override
    public NDArray linear(NDArray x, NDArray w, NDArray b, UnaryOp activation) {
        DType t = DType.promote(x.dtype(), w.dtype());
        if (!t.isFloatingPoint()) {
            return Backend.super.linear(x, w, b, activation);
        }
        return fused.linear(as(x, t), as(w, t), b, activation, matMul);
    }

    @Override
    public LstmCellOutput lstmCell(NDArray inputGates, NDArray hiddenGates, NDArray c) {
        return fused.lstmCell(inputGates, hiddenGates, c);
    }

    @Override
    public LstmCellGrads lstmCellBackward(NDArray dh, NDArray dc, NDArray c, NDArray cNew, NDArray gates) {
        return fused.lstmCellBackward(dh, dc, c, cNew, gates);
    }

    @Override
    public LayerNormOutput layerNorm(NDArray x, NDArray weight, NDArray bias, double eps) {
        return fused.layerNorm(x, weight, bias, eps);
    }

    @Override
    public LayerNormGrads layerNormBackward(NDArray g, NDArray x, NDArray mean, NDArray rstd, NDArray weight,
                                            boolean inputGrad, boolean weightGrad, boolean biasGrad) {
        return fused.layerNormBackward(g, x, mean, rstd, weight, inputGrad, weightGrad, biasGrad);
    }

    @Override
    public void adamStep(NDArray p, NDArray g, NDArray m, NDArray v, NDArray vMax, AdamStep h) {
        if (Fused.canAdam(p, m, v, vMax)) {
            fused.adamStep(p, g, m, v, vMax, h);
        } else {
            Backend.super.adamStep(p, g, m, v, vMax, h);
        }
    }

    // ---- on the host (see the class comment)

    @Override
    public NDArray cumulative(NDArray x, int dim, boolean product) {
        return host.run(h -> Backends.CPU.cumulative(h[0], dim, product), x);
    }

    @Override
    public NDArray argsort(NDArray x, int dim, boolean descending) {
        return host.run(h -> Backends.CPU.argsort(h[0], dim, descending), x);
    }

    @Override
    public NDArray scatter(NDArray x, int dim, NDArray index, NDArray src, BinaryOp reduce) {
        return host.run(h -> Backends.CPU.scatter(h[0], dim, h[1], h[2], reduce), x, index, src);
    }

    @Override public NDArray unfold(NDArray x, Window2d g) { return host.run(h -> Backends.CPU.unfold(h[0], g), x); }
    @Override public NDArray fold(NDArray cols, Window2d g) { return host.run(h -> Backends.CPU.fold(h[0], g), cols); }

    @Override
    public MaxPoolOutput maxPool2d(NDArray x, Window2d g) {
        MaxPoolOutput r = Backends.CPU.maxPool2d(host.toHost(x), g);
        return new MaxPoolOutput(host.toDevice(r.values()), host.toDevice(r.indices()));
    }

    @Override
    public NDArray maxPool2dBackward(NDArray g, NDArray indices, Window2d geometry) {
        return host.run(h -> Backends.CPU.maxPool2dBackward(h[0], h[1], geometry), g, indices);
    }

    // ---- helpers

    private NDArray as(NDArray a, DType t) {
        return a.dtype() == t ? a : copy(a, t);
    }

    private static DType dtypeOf(Object values) {
        return switch (values) {
            case float[] v -> DType.FLOAT32;
            case double[] v -> DType.FLOAT64;
            case long[] v -> DType.INT64;
            default -> DType.BOOL;
        };
    }
}
