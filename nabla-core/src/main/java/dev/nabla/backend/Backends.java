package dev.nabla.backend;

import dev.nabla.backend.cpu.CpuBackend;
import dev.nabla.backend.cpu.Parallel;
import dev.nabla.backend.ref.RefBackend;

/**
 * The registry of backends and the process-wide default ({@code cpu} unless the system property
 * {@code nabla.backend} says otherwise).
 */
public final class Backends {
    public static final Backend REF = new RefBackend();
    public static final Backend CPU = new CpuBackend(REF);

    private static volatile Backend defaultBackend = byName(System.getProperty("nabla.backend", "cpu"));

    private Backends() {
    }

    /** The backend called {@code name} ({@code "ref"} or {@code "cpu"}). */
    public static Backend byName(String name) {
        return switch (name) {
            case "ref" -> REF;
            case "cpu" -> CPU;
            default -> throw new IllegalArgumentException("unknown backend '" + name + "' (expected ref or cpu)");
        };
    }

    /** The backend new tensors are created on. */
    public static Backend getDefault() {
        return defaultBackend;
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
