package dev.nabla.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The command-line side of the tabular commands ({@code train}, {@code evaluate}, {@code predict},
 * {@code spark-train}): option checks and the {@code result:} line; the model side is
 * {@link dev.nabla.train.io.TabularPreprocessing}.
 */
final class Tabular {
    private Tabular() {
    }

    /** A CSV file that must exist (a usage error otherwise). */
    static Path csv(String option, String s) {
        if (s == null) {
            throw new UsageException("option '" + option + "' is required");
        }
        Path p = Path.of(s);
        if (Files.isDirectory(p)) {
            throw new UsageException("option '" + option + "' must name a file, got the directory '" + s + "'");
        }
        if (!Files.isRegularFile(p)) {
            throw new UsageException("no such file: " + s);
        }
        if (!Files.isReadable(p)) {
            throw new UsageException("option '" + option + "': cannot read " + s);
        }
        return p;
    }

    /** A file to write, checked before any work: not a directory, in an existing, writable directory. */
    static Path outputFile(String option, String s) {
        Path p = Path.of(s);
        Path dir = p.toAbsolutePath().getParent();
        if (s.isEmpty() || Files.isDirectory(p)) {
            throw new UsageException("option '" + option + "' must name a file, got '" + s + "'");
        }
        if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("option '" + option + "': " + dir + " is a file, not a directory");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException("option '" + option + "': the directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir) || (Files.exists(p) && !Files.isWritable(p))) {
            throw new UsageException("option '" + option + "': cannot write " + s);
        }
        return p;
    }

    /** {@code value} if it is one of {@code allowed}, else a usage error. */
    static String oneOf(String option, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new UsageException("option '" + option + "' must be one of " + String.join(", ", allowed) + "; got '"
                    + value + "'");
        }
        return value;
    }

    /** {@code value} as an int of at least {@code min}, else a usage error. */
    static int atLeast(String option, long value, int min) {
        if (value < min || value > Integer.MAX_VALUE) {
            throw new UsageException("option '" + option + "' must be an integer of at least " + min + ", got " + value);
        }
        return (int) value;
    }

    /** {@code value} if positive and finite, else a usage error. */
    static double positive(String option, double value) {
        if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
            throw new UsageException("option '" + option + "' expects a positive number, got '" + value + "'");
        }
        return value;
    }

    /** Metrics as {@code name=value} pairs, as on the {@code result:} line. */
    static String format(Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder();
        metrics.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append('=')
                .append(String.format(java.util.Locale.ROOT, "%.6g", v)));
        return sb.toString();
    }
}
