package dev.nabla.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The kernel sources as the runtime hands them to NVRTC ({@code #include "x.cuh"} inlined once),
 * and the parameter lists of their {@code extern "C" __global__} functions, for the tests. The
 * backend's kernel folder is the one that holds {@code common.cuh} (the test kernels live in a
 * folder of the same name in the test classes), read from a directory (target/classes) or from a
 * jar (nabla-cuda's jar, as in the bundle of the GPU check).
 */
final class KernelSource {
    private static final String FOLDER = "dev/nabla/cuda/kernels/";
    private static final Pattern KERNEL = Pattern.compile("extern\\s+\"C\"\\s+__global__\\s+void\\s+(\\w+)\\s*\\(([^)]*)\\)");

    /** The backend's kernel folder, file name to text, read once. */
    private static volatile Map<String, String> sources;

    private KernelSource() {
    }

    /** The backend's kernel folder: each file's name (no folder) and text, sorted by name. */
    static Map<String, String> sources() {
        Map<String, String> s = sources;
        if (s == null) {
            URL marker = KernelSource.class.getResource("/" + FOLDER + "common.cuh");
            if (marker == null) {
                throw new IllegalStateException("no " + FOLDER + "common.cuh on the class path");
            }
            try {
                s = Collections.unmodifiableMap(switch (marker.getProtocol()) {
                    case "file" -> fromDirectory(Path.of(marker.toURI()).getParent());
                    case "jar" -> fromJar((JarURLConnection) marker.openConnection());
                    default -> throw new IllegalStateException("kernel sources at " + marker + ": neither a folder nor a jar");
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            sources = s;
        }
        return s;
    }

    private static Map<String, String> fromDirectory(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        return out;
    }

    /** The entries directly in the kernel folder of the jar that {@code connection} points into. */
    private static Map<String, String> fromJar(JarURLConnection connection) throws IOException {
        connection.setUseCaches(false);
        Map<String, String> out = new TreeMap<>();
        try (JarFile jar = connection.getJarFile()) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !name.startsWith(FOLDER) || name.indexOf('/', FOLDER.length()) >= 0) {
                    continue;
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    out.put(name.substring(FOLDER.length()), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    /** The names of the {@code .cu} files, sorted. */
    static List<String> files() {
        return sources().keySet().stream().filter(n -> n.endsWith(".cu")).toList();
    }

    /** The source of {@code file} with its includes inlined, as the backend reads it. */
    static String inlined(String file) {
        return KernelSources.read(file);
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
