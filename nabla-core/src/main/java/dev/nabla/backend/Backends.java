package dev.nabla.backend;

import dev.nabla.backend.cpu.CpuBackend;
import dev.nabla.backend.cpu.Parallel;
import dev.nabla.backend.ref.RefBackend;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of backends, one per {@link Device}, and the process-wide default ({@code cpu}
 * unless the system property {@code nabla.backend} says otherwise). A backend outside nabla-core
 * (a GPU, a test device) joins with {@link #register}, or is made on first request by a
 * {@link BackendProvider} found with {@link ServiceLoader} (nabla-cuda's {@code cuda}).
 */
public final class Backends {
    public static final Backend REF = new RefBackend();
    public static final Backend CPU = new CpuBackend(REF);

    private static final Map<Device, Backend> BY_DEVICE = new ConcurrentHashMap<>(Map.of(REF.device(), REF,
            CPU.device(), CPU));

    /** Resolved on first use, so that an unavailable {@code -Dnabla.backend} fails with its message, not at class loading. */
    private static volatile Backend defaultBackend;

    private Backends() {
    }

    /**
     * The backend called {@code name}: {@code "ref"}, {@code "cpu"} or a registered device such as
     * {@code "cuda:0"} ({@code "cuda"} meaning {@code "cuda:0"}).
     */
    public static Backend byName(String name) {
        Device d = Device.parse(name);
        Backend b = BY_DEVICE.getOrDefault(d, d.index() < 0 ? BY_DEVICE.get(new Device(d.type(), 0)) : null);
        if (b == null) {
            b = provided(d);
        }
        if (b == null) {
            throw new IllegalArgumentException("unknown backend '" + name + "' (expected one of "
                    + BY_DEVICE.keySet().stream().map(Device::toString).sorted().toList() + ")");
        }
        return b;
    }

    // --- backends of other modules, made on first request (BackendProvider) ---

    /** The backend a {@link BackendProvider} of {@code d}'s type makes (and registers), or null if none serves it. */
    private static synchronized Backend provided(Device d) {
        Device key = d.index() < 0 ? new Device(d.type(), 0) : d;
        Backend made = BY_DEVICE.get(key);
        if (made != null) {
            return made;
        }
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
            if (p.type().equals(key.type())) {
                made = p.create(key.index());
                BY_DEVICE.put(key, made);
                return made;
            }
        }
        return null;
    }

    /** The backend serving {@code device}. */
    public static Backend byDevice(Device device) {
        return byName(device.toString());
    }

    /** Makes {@code backend} available under its {@link Backend#device()}, replacing any before it. */
    public static void register(Backend backend) {
        BY_DEVICE.put(backend.device(), backend);
    }

    /** The backend new tensors are created on. */
    public static Backend getDefault() {
        Backend b = defaultBackend;
        if (b == null) {
            b = byName(System.getProperty("nabla.backend", "cpu"));
            defaultBackend = b;
        }
        return BackendGraph.intercept(b);
    }

    /** Sets the backend new tensors are created on. */
    public static void setDefault(Backend backend) {
        defaultBackend = backend;
    }

    // --- threads of the cpu backend (PyTorch's get_num_threads / set_num_threads) ---

    /** Number of threads the cpu backend splits large work across (the cores, or {@code nabla.threads}). */
    public static int threads() {
        return Parallel.threads();
    }

    /** Sets the number of threads the cpu backend splits large work across (at least 1). */
    public static void setThreads(int n) {
        Parallel.setThreads(n);
    }
}
