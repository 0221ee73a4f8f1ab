package dev.nabla.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenBLAS kernel the PyTorch reference should run. Debian's OpenBLAS 0.3.21 does not know
 * processors newer than it: on an Emerald Rapids Xeon (family 6, model 207) it falls back to
 * {@code Prescott}, an SSE3 kernel (numpy's 1024 x 1024 SGEMM: 33 GFLOP/s on 2 threads, against
 * 179 with {@code SkylakeX}). Where its own choice ({@code OPENBLAS_VERBOSE=2}) is such a
 * fallback, the reference gets the kernel the processor's flags allow, so that PyTorch is
 * measured at its best.
 */
final class OpenBlasCore {
    /** Kernels OpenBLAS picks for current processors; any other choice is a fallback. */
    private static final Set<String> CURRENT = Set.of("SkylakeX", "Cooperlake", "SapphireRapids", "Haswell", "Zen");

    private OpenBlasCore() {
    }

    /** The core OpenBLAS detects and the one to force instead (null: keep its choice). */
    record Choice(String detected, String forced) {
    }

    /** Probes OpenBLAS through {@code python} (numpy) and reads the processor's flags. */
    static Choice probe(String python) {
        return choose(detected(python), cpuFlags());
    }

    /** The choice for OpenBLAS's {@code detected} core on a processor with {@code flags} (space-separated, as in /proc/cpuinfo). */
    static Choice choose(String detected, String cpuFlags) {
        String flags = " " + cpuFlags + " ";
        String best = flags.contains(" avx512f ") && flags.contains(" avx512bw ") && flags.contains(" avx512vl ")
                ? "SkylakeX" : flags.contains(" avx2 ") && flags.contains(" fma ") ? "Haswell" : null;
        return new Choice(detected, detected == null || CURRENT.contains(detected) ? null : best);
    }

    private static String detected(String python) {
        try {
            ProcessBuilder pb = new ProcessBuilder(python, "-c", "import numpy").redirectErrorStream(true);
            pb.environment().remove("OPENBLAS_CORETYPE");
            pb.environment().put("OPENBLAS_VERBOSE", "2");
            Process p = pb.start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Matcher m = Pattern.compile("Core: (\\w+)").matcher(text);
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    return line.substring(line.indexOf(':') + 1);
                }
            }
        } catch (IOException e) {
            // not Linux: no flags, keep OpenBLAS's choice
        }
        return "";
    }
}
