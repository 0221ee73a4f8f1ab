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

    /**
     * A contiguous float32 array of {@code shape} over {@code data[offset ...]} itself: shared, not
     * copied (as {@code FloatBuffer.wrap}), so that a write through either is seen by the other. For
     * code that owns a host buffer the tensors must live in, such as the all-reduce of data-parallel
     * training; the caller bumps no version, so it must not change {@code data} under a recorded graph.
     */
    default NDArray wrap(float[] data, int offset, int[] shape) {
        int numel = Shape.numel(shape);
        if (offset < 0 || offset + numel > data.length) {
            throw new IllegalArgumentException("wrap: " + numel + " elements from offset " + offset
                    + " do not fit in an array of " + data.length);
        }
        return new NDArray(new Storage.Floats(data), shape.clone(), Shape.contiguousStrides(shape), offset);
    }

    @Override
    default Object download(NDArray x, DType dtype) {
        return HostMemory.download(this, x, dtype);
    }
}
