package dev.nabla.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.MemberRefEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The data seam of ARCHITECTURE.md, checked on compiled classes: outside the backends (packages
 * with a {@code backend} segment) and {@code dev.nabla.io}, no class builds or reads a storage.
 * A class breaks the rule when its constant pool names {@code Storage} (or a nested storage type)
 * or {@code HostMemory}, or refers to {@code NDArray.zeros}, {@code NDArray.storage()} or an
 * {@code NDArray} constructor: tensors are made with the factories ({@code zerosLike},
 * {@code newZeros}, {@code newTensor}, {@code to(device)}) and read with {@code toFloatArray} and
 * friends, which go through the backend's upload and download.
 */
public final class StorageSeam {
    // built at run time, so that this class's own constant pool does not name them
    private static final String BACKEND = String.join("/", "dev", "nabla", "backend") + "/";
    private static final List<String> STORAGE_TYPES = List.of(BACKEND + "Storage", BACKEND + "HostMemory");
    private static final String NDARRAY = BACKEND + "NDArray";
    private static final Set<String> NDARRAY_MEMBERS = Set.of("zeros", "storage", "<init>");

    private StorageSeam() {
    }

    /** Fails, naming each offending class and what it uses, unless every class under {@code classes} keeps the seam. */
    public static void check(Path classes) {
        List<String> found = violations(classes);
        if (!found.isEmpty()) {
            fail("storage built or read outside the backends and io (use the tensor factories and "
                    + "toFloatArray/to(device)):\n  " + String.join("\n  ", found));
        }
    }

    /**
     * The violations in the class files under {@code classes} (a directory or one class file),
     * one line per class; fails if there is no class file at all, so that a wrong path cannot pass.
     */
    public static List<String> violations(Path classes) {
        if (!Files.exists(classes)) {
            fail("StorageSeam: no class files under " + classes.toAbsolutePath());
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(classes)) {
            files = s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("StorageSeam: cannot read " + classes.toAbsolutePath(), e);
        }
        if (files.isEmpty()) {
            fail("StorageSeam: no class files under " + classes.toAbsolutePath());
        }
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            try {
                String v = violation(ClassFile.of().parse(f));
                if (v != null) {
                    out.add(v);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** What {@code c} uses of storage, or null if it keeps the seam (or may use storage). */
    private static String violation(ClassModel c) {
        String name = c.thisClass().asInternalName();
        String pkg = name.substring(0, Math.max(name.lastIndexOf('/'), 0));
        if (("/" + pkg + "/").contains("/backend/") || pkg.equals("dev/nabla/io")) {
            return null;
        }
        Set<String> uses = new TreeSet<>();
        for (PoolEntry e : c.constantPool()) {
            if (e instanceof Utf8Entry u) {
                String s = u.stringValue();
                STORAGE_TYPES.stream().filter(s::contains).forEach(t -> uses.add(t.substring(t.lastIndexOf('/') + 1)));
            } else if (e instanceof MemberRefEntry m && m.owner().asInternalName().equals(NDARRAY)
                    && NDARRAY_MEMBERS.contains(m.name().stringValue())) {
                uses.add("NDArray." + m.name().stringValue());
            }
        }
        return uses.isEmpty() ? null : name.replace('/', '.') + " uses " + String.join(", ", uses);
    }
}
