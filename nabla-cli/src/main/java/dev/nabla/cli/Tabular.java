package dev.nabla.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The command-line side of the tabular commands ({@code train}, {@code evaluate}, {@code predict},
 * {@code spark-train}); the model side is {@link dev.nabla.train.io.TabularPreprocessing}.
 */
final class Tabular {
    private Tabular() {
    }

    /** A CSV file that must exist (a usage error otherwise). */
    static Path csv(Args a, String option) {
        String s = a.string(option, null);
        if (s == null) {
            throw new UsageException("option '--" + option + "' is required");
        }
        Path p = Path.of(s);
        if (!Files.isRegularFile(p)) {
            throw new UsageException("no such file: " + s);
        }
        return p;
    }
    /** Metrics as {@code name=value} pairs, as on the {@code result:} line. */
    static String format(Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder();
        metrics.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append('=')
                .append(String.format(java.util.Locale.ROOT, "%.6g", v)));
        return sb.toString();
    }
}
