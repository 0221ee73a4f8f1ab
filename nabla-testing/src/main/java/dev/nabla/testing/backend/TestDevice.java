package dev.nabla.testing.backend;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.DType;
import dev.nabla.backend.Device;
import dev.nabla.backend.MaxPoolOutput;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.Storage;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.Window2d;

/**
 * A fake accelerator for tests: the device {@code test:0}, whose arrays live in a storage type of
 * its own that refuses host element access (as GPU memory would), computing with the reference
 * backend. It implements only the memory methods and the core primitives, so it runs the fused
 * primitives through {@code Backend}'s composed defaults, and any code outside the backends that
 * reads a storage directly fails on it.
 */
public final class TestDevice implements Backend {
    private static final TestDevice INSTANCE = new TestDevice(Backends.REF);

    private final Backend host;

    private TestDevice(Backend host) {
        this.host = host;
    }

    /** The {@code test:0} backend, registered with {@link Backends} (so {@code to("test:0")} finds it). */
    public static Backend get() {
        Backends.register(INSTANCE);
        return INSTANCE;
    }

    /** Device memory: a host storage the test device keeps to itself. */
    private static final class DeviceStorage extends Storage {
        private final Storage data;

        DeviceStorage(Storage data) {
            this.data = data;
        }

        public DType dtype() { return data.dtype(); }
        public int size() { return data.size(); }
        public double get(int i) { throw refused(); }
        public void set(int i, double v) { throw refused(); }

        private static UnsupportedOperationException refused() {
            return new UnsupportedOperationException("test:0 memory is not readable from the host; download it");
        }
    }

    /** The host view of a device array (same layout). */
    private static NDArray in(NDArray a) {
        if (a == null) {
            return null;
        }
        if (!(a.storage() instanceof DeviceStorage d)) {
            throw new IllegalStateException("test:0: got an array that is not in test:0 memory: " + a);
        }
        return new NDArray(d.data, a.shapeRef(), a.stridesRef(), a.offset());
    }

    /** A host result moved (not copied) to device memory. */
    private static NDArray out(NDArray a) {
        return new NDArray(new DeviceStorage(a.storage()), a.shapeRef(), a.stridesRef(), a.offset());
    }

    @Override public String name() { return "test"; }
    @Override public Device device() { return new Device("test", 0); }
    @Override public DType floatType() { return host.floatType(); }

    // ---- memory
    @Override public NDArray zeros(DType dtype, int[] shape) { return out(host.zeros(dtype, shape)); }
    @Override public NDArray upload(Object values, int[] shape) { return out(host.upload(values, shape)); }
    @Override public Object download(NDArray x, DType dtype) { return host.download(in(x), dtype); }

    // ---- core primitives only: the fused ones are Backend's defaults
    @Override public NDArray unary(UnaryOp op, NDArray x) { return out(host.unary(op, in(x))); }
    @Override public NDArray binary(BinaryOp op, NDArray a, NDArray b) { return out(host.binary(op, in(a), in(b))); }
    @Override public NDArray where(NDArray c, NDArray a, NDArray b) { return out(host.where(in(c), in(a), in(b))); }

    @Override
    public NDArray reduce(ReduceOp op, NDArray x, int[] dims, boolean keepDim) {
        return out(host.reduce(op, in(x), dims, keepDim));
    }

    @Override
    public NDArray argReduce(boolean max, NDArray x, int dim, boolean keepDim) {
        return out(host.argReduce(max, in(x), dim, keepDim));
    }

    @Override public NDArray softmax(NDArray x, int dim, boolean log) { return out(host.softmax(in(x), dim, log)); }
    @Override public NDArray matmul(NDArray a, NDArray b) { return out(host.matmul(in(a), in(b))); }
    @Override public NDArray copy(NDArray x, DType dtype) { return out(host.copy(in(x), dtype)); }
    @Override public void assign(NDArray dst, NDArray src) { host.assign(in(dst), in(src)); }
    @Override public void addInPlace(NDArray dst, NDArray src) { host.addInPlace(in(dst), in(src)); }

    @Override
    public NDArray indexSelect(NDArray x, int dim, NDArray index) {
        return out(host.indexSelect(in(x), dim, in(index)));
    }

    @Override
    public NDArray indexAdd(NDArray x, int dim, NDArray index, NDArray src) {
        return out(host.indexAdd(in(x), dim, in(index), in(src)));
    }

    @Override
    public NDArray gather(NDArray x, int dim, NDArray index) { return out(host.gather(in(x), dim, in(index))); }

    @Override
    public NDArray scatterAdd(NDArray x, int dim, NDArray index, NDArray src) {
        return out(host.scatterAdd(in(x), dim, in(index), in(src)));
    }

    @Override
    public NDArray cumulative(NDArray x, int dim, boolean product) { return out(host.cumulative(in(x), dim, product)); }

    @Override
    public NDArray argsort(NDArray x, int dim, boolean descending) { return out(host.argsort(in(x), dim, descending)); }

    @Override
    public NDArray scatter(NDArray x, int dim, NDArray index, NDArray src, BinaryOp reduce) {
        return out(host.scatter(in(x), dim, in(index), in(src), reduce));
    }

    @Override public NDArray unfold(NDArray x, Window2d g) { return out(host.unfold(in(x), g)); }
    @Override public NDArray fold(NDArray cols, Window2d g) { return out(host.fold(in(cols), g)); }

    @Override
    public MaxPoolOutput maxPool2d(NDArray x, Window2d g) {
        MaxPoolOutput r = host.maxPool2d(in(x), g);
        return new MaxPoolOutput(out(r.values()), out(r.indices()));
    }

    @Override
    public NDArray maxPool2dBackward(NDArray g, NDArray indices, Window2d geometry) {
        return out(host.maxPool2dBackward(in(g), in(indices), geometry));
    }
}
