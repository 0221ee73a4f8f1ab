package dev.nabla.cuda;

import dev.nabla.backend.Device;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link DeviceRuntime} without a GPU for the tests: memory is address bookkeeping only
 * (uploads are kept for inspection, downloads read zeros), and each launch is checked against the parsed {@code extern "C"
 * __global__} signature of its kernel (count and type of every argument), then recorded.
 */
final class FakeRuntime implements DeviceRuntime {
    private final Map<String, Map<String, List<Class<?>>>> signatures = new HashMap<>();
    private final List<String> launched = new ArrayList<>();
    private final Map<Long, byte[]> uploads = new HashMap<>();
    private Object[] lastArgs;
    private long next = 1 << 20;
    private int gemms;

    @Override public Device device() { return new Device("cuda", 0); }

    @Override
    public synchronized long allocate(long bytes) {
        long a = next;
        next += (bytes + 255) / 256 * 256;
        return a;
    }

    @Override public void release(long address) { }
    @Override
    public void upload(MemorySegment host, long dst) {
        checkAddress(dst);
        uploads.put(dst, host.toArray(ValueLayout.JAVA_BYTE));
    }
    @Override public void download(long src, MemorySegment host) { checkAddress(src); host.fill((byte) 0); }
    @Override public void copy(long dst, long src, long bytes) { checkAddress(dst); checkAddress(src); }
    @Override public void zero(long dst, long bytes) { checkAddress(dst); }
    @Override public void synchronize() { }

    @Override
    public Kernel kernel(String file, String name) {
        List<Class<?>> params = signatures.computeIfAbsent(file, KernelSource::kernels).get(name);
        if (params == null) {
            throw new AssertionError("no kernel " + name + " in " + file);
        }
        return new Kernel(file, name, 0);
    }

    @Override
    public void launch(Kernel kernel, Grid grid, Object... args) {
        List<Class<?>> params = signatures.get(kernel.file()).get(kernel.name());
        String where = kernel.file() + " " + kernel.name();
        if (params.size() != args.length) {
            throw new AssertionError(where + ": " + args.length + " arguments for " + params.size() + " parameters");
        }
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null || args[i].getClass() != params.get(i)) {
                throw new AssertionError(where + ": argument " + i + " is a "
                        + (args[i] == null ? "null" : args[i].getClass().getSimpleName()) + ", the kernel takes a "
                        + params.get(i).getSimpleName());
            }
        }
        launched.add(kernel.file() + " " + kernel.name());
        lastArgs = args;
    }

    @Override
    public void gemm(Gemm g) {
        if (g.m() < 1 || g.n() < 1 || g.k() < 1 || g.batch() < 1
                || g.lda() < (g.transA() ? g.k() : g.m()) || g.ldb() < (g.transB() ? g.n() : g.k()) || g.ldc() < g.m()) {
            throw new AssertionError("gemm: bad leading dimensions " + g);
        }
        checkAddress(g.a());
        checkAddress(g.b());
        checkAddress(g.c());
        gemms++;
    }

    /** The kernels launched, as {@code "file name"}. */
    List<String> launched() { return launched; }

    /** The bytes last uploaded to {@code address}, as int64 values. */
    long[] uploadedLongs(long address) {
        return MemorySegment.ofArray(uploads.get(address)).toArray(ValueLayout.JAVA_LONG_UNALIGNED);
    }

    /** The arguments of the last launch. */
    Object[] lastArgs() { return lastArgs; }

    /** The GEMMs queued. */
    int gemms() { return gemms; }

    private void checkAddress(long a) {
        if (a < 1 << 20 || a >= next) {
            throw new AssertionError("address " + a + " was never allocated");
        }
    }
}
