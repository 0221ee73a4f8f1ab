package dev.nabla.cli;

import dev.nabla.backend.Backends;
import dev.nabla.backend.Device;
import picocli.CommandLine.Option;

/**
 * {@code --device cpu|cuda|cuda:N}: the backend new tensors are created on (as {@code -Dnabla.backend}).
 * Without CUDA, {@code --device cuda} fails with the one-line reason, e.g. {@code cuda: no CUDA
 * driver found (libcuda.so.1)}.
 */
final class DeviceOption {
    /** The option's line in the help of the commands that read their own options (demo, bench). */
    static final String HELP = "  --device DEV       where to compute: cpu (default), cuda or cuda:N\n";

    @Option(names = "--device", paramLabel = "DEV", description = "where to compute: cpu (default), cuda or cuda:N")
    String device;

    /** Makes the chosen device the default backend; nothing when the option was not given. */
    void select() {
        select(device);
    }

    /**
     * Makes {@code spec}'s backend the default one; nothing for null.
     *
     * @throws UsageException for a malformed or unknown device
     */
    static void select(String spec) {
        if (spec == null) {
            return;
        }
        try {
            Device.parse(spec);
            Backends.setDefault(Backends.byName(spec));
        } catch (IllegalArgumentException e) {
            throw new UsageException("option '--device': " + e.getMessage());
        }
    }

    /** Whether {@code spec} (null meaning the default) computes on the CPU. */
    static boolean isCpu(String spec) {
        return spec == null || spec.equals("cpu");
    }
}
