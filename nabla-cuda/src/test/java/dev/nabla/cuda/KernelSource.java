package dev.nabla.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The kernel sources as the runtime hands them to NVRTC ({@code #include "x.cuh"} inlined once),
 * and the parameter lists of their {@code extern "C" __global__} functions, for the tests.
 */
final class KernelSource {
    private static final Pattern INCLUDE = Pattern.compile("(?m)^\\s*#\\s*include\\s+\"([^\"]+)\"\\s*$");
    private static final Pattern KERNEL = Pattern.compile("extern\\s+\"C\"\\s+__global__\\s+void\\s+(\\w+)\\s*\\(([^)]*)\\)");

    private KernelSource() {
    }

    /** The folder of the backend's kernel sources (found by {@code common.cuh}; the test kernels live elsewhere). */
    static Path folder() {
        try {
            return Path.of(KernelSource.class.getResource("/dev/nabla/cuda/kernels/common.cuh").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code .cu} files. */
    static List<Path> files() {
        try (Stream<Path> s = Files.list(folder())) {
            return s.filter(p -> p.toString().endsWith(".cu")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The source of {@code file} with its includes inlined. */
    static String inlined(String file) {
        return inline(file, new HashSet<>());
    }

    private static String inline(String file, Set<String> seen) {
        if (!seen.add(file)) {
            return "";
        }
        try {
            String text = Files.readString(folder().resolve(file));
            Matcher m = INCLUDE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(inline(m.group(1), seen)));
            }
            m.appendTail(out);
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The kernels of {@code file}, each with the Java argument class its parameters take
     * ({@code int} → Integer, {@code long long}/{@code i64} or a pointer → Long, {@code float} →
     * Float, {@code double} → Double).
     */
    static Map<String, List<Class<?>>> kernels(String file) {
        Map<String, List<Class<?>>> out = new LinkedHashMap<>();
        Matcher m = KERNEL.matcher(inlined(file));
        while (m.find()) {
            List<Class<?>> types = new ArrayList<>();
            for (String p : m.group(2).split(",")) {
                types.add(javaType(p.trim()));
            }
            out.put(m.group(1), types);
        }
        return out;
    }

    private static Class<?> javaType(String param) {
        String type = param.substring(0, param.lastIndexOf(' ') + 1).replace("const ", "").trim();
        if (param.contains("*")) {
            return Long.class;
        }
        return switch (type) {
            case "int" -> Integer.class;
            case "i64", "long long" -> Long.class;
            case "float" -> Float.class;
            case "double" -> Double.class;
            default -> throw new IllegalStateException("kernel parameter of unknown type: " + param);
        };
    }
}
