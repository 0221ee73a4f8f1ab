import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Marks a compiled module-info.class as a Java 17 class file (major version 61), leaving a file
 * that already is untouched. Maven often runs on Java 17, and its jar tool (maven-jar-plugin) and
 * module-path resolution cannot read the Java 25 class file javac writes; a module descriptor
 * holds nothing that needs a version above 53, so only the version number changes.
 *
 * <p>Usage: {@code java ModuleInfoForJava17.java CLASSES_DIR} (run by the parent pom).
 */
public class ModuleInfoForJava17 {
    private static final int JAVA_17 = 61;

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0], "module-info.class");
        if (!Files.exists(file)) {
            return;
        }
        byte[] b = Files.readAllBytes(file);
        int minor = (b[4] & 0xff) << 8 | (b[5] & 0xff);
        int major = (b[6] & 0xff) << 8 | (b[7] & 0xff);
        if (major > JAVA_17 || minor != 0) {
            b[4] = 0;
            b[5] = 0;
            b[6] = 0;
            b[7] = JAVA_17;
            Files.write(file, b);
        }
    }
}
