package dev.nabla.cuda;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.HostMemory;
import dev.nabla.backend.NDArray;
import java.util.function.Function;

/**
 * The primitives {@link CudaBackend} runs on the host: the operands are downloaded, the result is
 * computed by {@code Backends.CPU} and uploaded. Correct but slow (two transfers and a
 * synchronisation); used only for the rarer primitives listed on {@link CudaBackend}.
 */
final class HostFallback {
    private final Backend device;

    HostFallback(Backend device) {
        this.device = device;
    }

    /** The host copy of device array {@code x} (null stays null). */
    NDArray toHost(NDArray x) {
        return x == null ? null : HostMemory.upload(device.download(x, x.dtype()), x.shapeRef());
    }

    /** The device copy of host array {@code x}. */
    NDArray toDevice(NDArray x) {
        return device.upload(HostMemory.download(Backends.CPU, x, x.dtype()), x.shapeRef());
    }

    /** {@code op} computed by {@code Backends.CPU} on host copies of {@code operands}, its result uploaded. */
    NDArray run(Function<NDArray[], NDArray> op, NDArray... operands) {
        NDArray[] host = new NDArray[operands.length];
        for (int i = 0; i < operands.length; i++) {
            host[i] = toHost(operands[i]);
        }
        return toDevice(op.apply(host));
    }
}
