package dev.nabla.backend;

/** A backend whose data lives in Java arrays on the heap ({@code ref}, {@code cpu}): its memory methods are {@link HostMemory}'s. */
public interface HostBackend extends Backend {

    @Override
    default NDArray zeros(DType dtype, int[] shape) {
        return NDArray.zeros(dtype, shape);
    }

    @Override
    default NDArray full(DType dtype, int[] shape, double value) {
        return HostMemory.full(dtype, shape, value);
    }

    @Override
    default NDArray upload(Object values, int[] shape) {
        return HostMemory.upload(values, shape);
    }

    @Override
    default Object download(NDArray x, DType dtype) {
        return HostMemory.download(this, x, dtype);
    }
}
