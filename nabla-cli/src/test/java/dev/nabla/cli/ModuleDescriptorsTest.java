package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Provides;
import java.lang.module.ModuleFinder;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module descriptors of every Nabla module, read from their compiled {@code module-info.class}
 * on this test's class path (nabla-cli's tests see every module): the API is exported, the
 * internals are not, and what the descriptors name exists.
 */
class ModuleDescriptorsTest {

    /** Every module with a module-info.java (not nabla-spark: Spark's jars cannot be modules). */
    static final Set<String> MODULES = Set.of("dev.nabla.core", "dev.nabla.testing", "dev.nabla.io",
            "dev.nabla.data", "dev.nabla.nn", "dev.nabla.seq", "dev.nabla.train", "dev.nabla.bench",
            "dev.nabla.onnx", "dev.nabla.serve", "dev.nabla.cli", "dev.nabla.cuda");

    /** Applications: they export nothing. */
    static final Set<String> APPLICATIONS = Set.of("dev.nabla.cli");

    /**
     * Packages no module may export to everyone: the engines behind {@code Backends}, generated
     * code. A qualified export to a Nabla module that needs one is allowed.
     */
    static final Set<String> INTERNAL = Set.of("dev.nabla.backend.cpu", "dev.nabla.backend.ref",
            "dev.nabla.onnx.proto", "dev.nabla.bench.jmh_generated");

    /** A compiled module: its descriptor, the packages that hold its classes, its META-INF/services. */
    record Compiled(Path location, ModuleDescriptor descriptor, Set<String> packages,
                    Map<String, Set<String>> services) {
    }

    private static Map<String, Compiled> modules;

    @BeforeAll
    static void readDescriptors() throws IOException {
        modules = new TreeMap<>();
        for (URL url : Collections.list(ClassLoader.getSystemClassLoader().getResources("module-info.class"))) {
            ModuleDescriptor d;
            try (InputStream in = url.openStream()) {
                d = ModuleDescriptor.read(in);
            }
            if (d.name().startsWith("dev.nabla.")) {
                Path location = location(url, "module-info.class");
                Map<String, byte[]> files = files(location);
                modules.put(d.name(), new Compiled(location, d, packages(files.keySet()), services(files)));
            }
        }
    }

    @Test
    void everyModuleHasADescriptor() {
        assertEquals(new TreeSet<>(MODULES), modules.keySet());
    }

    @Test
    void internalPackagesAreExportedOnlyToNablaModulesThatNeedThem() {
        List<String> problems = new ArrayList<>();
        for (Compiled m : modules.values()) {
            String name = m.descriptor().name();
            for (Exports e : m.descriptor().exports()) {
                if (!e.isQualified() && isInternal(e.source())) {
                    problems.add(name + " exports the internal package " + e.source() + " to everyone");
                } else if (!MODULES.containsAll(e.targets())) {
                    problems.add(name + " exports " + e.source() + " to " + e.targets() + ", not all Nabla modules");
                }
            }
            if (m.descriptor().isOpen()) {
                problems.add(name + " is an open module");
            }
            m.descriptor().opens().stream().filter(o -> !o.isQualified())
                    .forEach(o -> problems.add(name + " opens " + o.source() + " to everyone"));
        }
        assertEquals(List.of(), problems);
    }

    /** A library exports every package that is not internal, so no API is left out by mistake. */
    @Test
    void librariesExportTheirApiAndApplicationsNothing() {
        List<String> problems = new ArrayList<>();
        for (Compiled m : modules.values()) {
            String name = m.descriptor().name();
            Set<String> exported = new TreeSet<>();
            m.descriptor().exports().stream().filter(e -> !e.isQualified()).forEach(e -> exported.add(e.source()));
            Set<String> api = new TreeSet<>();
            if (!APPLICATIONS.contains(name)) {
                m.packages().stream().filter(p -> !isInternal(p)).forEach(api::add);
            }
            if (!api.equals(exported)) {
                problems.add(name + " exports " + exported + " but its API is " + api
                        + " (export a new package, or declare it in ModuleDescriptorsTest.INTERNAL)");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyExportedOrOpenedPackageHasClasses() {
        List<String> problems = new ArrayList<>();
        for (Compiled m : modules.values()) {
            List<String> named = new ArrayList<>();
            m.descriptor().exports().forEach(e -> named.add(e.source()));
            m.descriptor().opens().forEach(o -> named.add(o.source()));
            named.stream().filter(p -> !m.packages().contains(p)).forEach(p -> problems.add(
                    m.descriptor().name() + " names the package " + p + ", which has no class in " + m.location()));
        }
        assertEquals(List.of(), problems);
    }

    /** The class path reads META-INF/services, the module path reads provides: both must agree. */
    @Test
    void providesMatchesMetaInfServices() {
        List<String> problems = new ArrayList<>();
        for (Compiled m : modules.values()) {
            Map<String, Set<String>> provides = new TreeMap<>();
            for (Provides p : m.descriptor().provides()) {
                provides.put(p.service(), new TreeSet<>(p.providers()));
            }
            if (!provides.equals(m.services())) {
                problems.add(m.descriptor().name() + " provides " + provides + " but its META-INF/services list "
                        + m.services());
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * On the module path (a layer of nabla-core ... nabla-train and nabla-seq), nabla-train's
     * model files find the layer types of nabla-nn and nabla-seq: requires, uses and provides hold.
     */
    @Test
    void layerTypesAreFoundOnTheModulePath() throws Exception {
        List<Path> paths = new ArrayList<>();
        for (String name : List.of("dev.nabla.core", "dev.nabla.io", "dev.nabla.data", "dev.nabla.nn",
                "dev.nabla.seq", "dev.nabla.train")) {
            paths.add(modules.get(name).location());
        }
        String chart = "org/knowm/xchart/XYChart.class"; // the automatic module nabla-train plots with
        paths.add(location(ClassLoader.getSystemResource(chart), chart));
        Configuration cf = ModuleLayer.boot().configuration().resolveAndBind(
                ModuleFinder.of(paths.toArray(Path[]::new)), ModuleFinder.of(), Set.of("dev.nabla.train"));
        assertTrue(cf.findModule("dev.nabla.seq").isPresent(), "nabla-seq is bound as a LayerProvider");
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        Class<?> registry = layer.findLoader("dev.nabla.train").loadClass("dev.nabla.train.io.LayerRegistry");
        assertEquals(layer, registry.getModule().getLayer());
        for (String type : List.of("Linear", "Conv2d", "LSTM")) {
            assertEquals(true, registry.getMethod("isRegistered", String.class).invoke(null, type), type);
        }
        assertFalse(layer.findModule("dev.nabla.core").orElseThrow().isExported("dev.nabla.backend.cpu"));
    }

    private static boolean isInternal(String pkg) {
        return INTERNAL.contains(pkg) || pkg.contains(".internal");
    }

    /** The class directory or jar that holds {@code entry}, found at {@code url}. */
    private static Path location(URL url, String entry) throws IOException {
        try {
            if (url.getProtocol().equals("jar")) {
                return Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI());
            }
            Path p = Path.of(url.toURI());
            for (int i = entry.split("/").length; i > 0; i--) {
                p = p.getParent();
            }
            return p;
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    /** The files of a class directory or jar by '/'-separated name, with the contents of META-INF/services. */
    private static Map<String, byte[]> files(Path location) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> walk = Files.walk(location)) {
                walk.filter(Files::isRegularFile).forEach(f -> {
                    String name = location.relativize(f).toString().replace('\\', '/');
                    files.put(name, name.startsWith("META-INF/services/") ? read(f) : null);
                });
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (JarEntry e : Collections.list(jar.entries())) {
                    if (!e.isDirectory()) {
                        files.put(e.getName(), e.getName().startsWith("META-INF/services/")
                                ? jar.getInputStream(e).readAllBytes() : null);
                    }
                }
            }
        }
        return files;
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> packages(Set<String> files) {
        Set<String> packages = new TreeSet<>();
        for (String f : files) {
            if (f.endsWith(".class") && !f.equals("module-info.class") && !f.startsWith("META-INF/") && f.contains("/")) {
                packages.add(f.substring(0, f.lastIndexOf('/')).replace('/', '.'));
            }
        }
        return packages;
    }

    private static Map<String, Set<String>> services(Map<String, byte[]> files) {
        Map<String, Set<String>> services = new TreeMap<>();
        files.forEach((name, bytes) -> {
            if (name.startsWith("META-INF/services/")) {
                Set<String> providers = new TreeSet<>();
                for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                    String p = line.replaceAll("#.*", "").strip();
                    if (!p.isEmpty()) {
                        providers.add(p);
                    }
                }
                services.put(name.substring("META-INF/services/".length()), providers);
            }
        });
        return services;
    }
}
