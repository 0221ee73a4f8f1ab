package dev.nabla.train;

import dev.nabla.io.AtomicFiles;
import dev.nabla.train.callbacks.Monitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checkpoints of {@code FitOptions.checkpointEvery}: {@code epoch-NNNN.ckpt.safetensors} every
 * N epochs (keeping the last K) and, with {@code checkpointBest}, {@code best.ckpt.safetensors}
 * whenever the monitored value improves. Each file is written atomically by {@link Checkpoint};
 * the first save of a fit removes the temporary files that a killed run's saves left behind.
 */
final class CheckpointWriter {
    private final Path dir;
    private final int every;
    private final int keep;
    private final Monitor best;
    private final TrainingState state;
    private boolean cleaned;

    CheckpointWriter(FitOptions options, TrainingState state) {
        this.dir = options.checkpointDir;
        this.every = options.checkpointEvery;
        this.keep = options.checkpointKeep;
        this.best = options.checkpointMonitor == null ? null : new Monitor(options.checkpointMonitor, 0);
        this.state = state;
    }

    /** Called after each epoch (from 0) with the step count and the epoch's logs. */
    void afterEpoch(int epoch, long step, Map<String, Double> logs) {
        try {
            Files.createDirectories(dir);
            if (!cleaned) { // the temporaries of a run killed while it wrote a checkpoint
                AtomicFiles.deleteTemporaries(dir, "epoch-*.ckpt.safetensors");
                AtomicFiles.deleteTemporaries(dir, "best.ckpt.safetensors");
                cleaned = true;
            }
            if ((epoch + 1) % every == 0) {
                state.save(dir.resolve(String.format(Locale.ROOT, "epoch-%04d.ckpt.safetensors", epoch + 1)), epoch + 1,
                        step);
                prune();
            }
            if (best != null && best.improved(logs)) {
                state.save(dir.resolve("best.ckpt.safetensors"), epoch + 1, step);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("fit: cannot write a checkpoint in " + dir, e);
        }
    }

    /**
     * After a resume: replays the restored history through the best-checkpoint monitor, so that
     * {@code best.ckpt.safetensors} is only replaced by an epoch better than every earlier one,
     * including the epochs before the interruption.
     */
    void resumed(History history) {
        if (best == null || history.epochs() == 0 || !history.keys().contains(best.name())) {
            return;
        }
        for (double v : history.get(best.name())) {
            best.improved(Map.of(best.name(), v));
        }
    }

    /** Deletes all but the last {@code keep} periodic checkpoints. */
    private void prune() throws IOException {
        List<Path> files = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(dir, "epoch-*.ckpt.safetensors")) {
            stream.forEach(files::add);
        }
        files.sort(null);
        for (int i = 0; i < files.size() - keep; i++) {
            Files.deleteIfExists(files.get(i));
        }
    }
}
