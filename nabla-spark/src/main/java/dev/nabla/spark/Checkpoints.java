package dev.nabla.spark;

import dev.nabla.train.Checkpoint;
import dev.nabla.train.History;
import dev.nabla.train.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The step checkpoints of {@link SparkFitOptions#checkpointEvery}: {@code step-00000500.ckpt.safetensors}
 * in one directory, each a full {@link Checkpoint} written atomically, the last {@code keep} kept.
 * The zero-padded step makes the newest file the last in name order.
 */
final class Checkpoints {
    private static final String GLOB = "step-*.ckpt.safetensors";
    private final Path dir;
    private final int keep;

    Checkpoints(Path dir, int keep) {
        this.dir = dir;
        this.keep = keep;
    }

    /** Writes the checkpoint of {@code at} and deletes all but the newest {@code keep}. */
    void save(Model model, Checkpoint.Position at, History history) throws IOException {
        Files.createDirectories(dir);
        Checkpoint.save(dir.resolve(String.format(Locale.ROOT, "step-%08d.ckpt.safetensors", at.step())), model, at,
                history);
        List<Path> files = list(dir);
        for (int i = 0; i < files.size() - keep; i++) {
            Files.deleteIfExists(files.get(i));
        }
    }

    /** The newest checkpoint in {@code dir}, or null when there is none (or no such directory). */
    static Path latest(Path dir) {
        List<Path> files = list(dir);
        return files.isEmpty() ? null : files.get(files.size() - 1);
    }

    private static List<Path> list(Path dir) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (var stream = Files.newDirectoryStream(dir, GLOB)) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("spark fit: cannot list checkpoints in " + dir, e);
        }
        files.sort(null);
        return files;
    }
}
