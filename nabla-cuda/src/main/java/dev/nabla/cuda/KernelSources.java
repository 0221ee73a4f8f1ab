package dev.nabla.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CUDA C sources of the kernels: resources under {@code dev/nabla/cuda/kernels/}, with each
 * {@code #include "other.cuh"} of another such resource replaced by its text (once per source),
 * since NVRTC cannot read resources itself.
 */
final class KernelSources {
    /** The resource folder of the kernels. */
    static final String FOLDER = "/dev/nabla/cuda/kernels/";

    private static final Pattern INCLUDE = Pattern.compile("(?m)^\\s*#\\s*include\\s+\"([^\"]+)\"\\s*$");

    private KernelSources() {
    }

    /** The source of {@code file}, its includes inlined. */
    static String read(String file) {
        return inline(file, new HashSet<>());
    }

    private static String inline(String file, Set<String> seen) {
        if (!seen.add(file)) {
            return "";
        }
        String text = resource(file);
        Matcher m = INCLUDE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(inline(m.group(1), seen)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String resource(String file) {
        if (file.contains("..") || file.startsWith("/")) {
            throw new IllegalArgumentException("kernel: bad source name '" + file + "'");
        }
        try (InputStream in = KernelSources.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new CudaException("kernel: no source " + FOLDER.substring(1) + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
