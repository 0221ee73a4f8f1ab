package dev.nabla.train.callbacks;

import dev.nabla.io.Safetensors;
import dev.nabla.train.Model;
import dev.nabla.train.TrainingContext;
import dev.nabla.train.io.ModelFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Saves the model's weights during training (Keras's {@code ModelCheckpoint}), as safetensors
 * with the epoch and logged values in the metadata. Every file is written atomically (temporary
 * file, fsync, rename), so a crash never destroys the last good checkpoint.
 * <ul>
 *   <li>{@link #best(Path, String)}: one file, overwritten whenever the monitored value improves;</li>
 *   <li>{@link #every(Path, int, int)}: {@code epoch-0005.safetensors} every N epochs in a
 *       directory, keeping the last K.</li>
 * </ul>
 * Load the weights back with {@code module.loadStateDict(Safetensors.load(path))}. With
 * {@link #fullModel()} each save is instead a model directory ({@code ModelFiles}: architecture
 * and weights, with the epoch and logs in its metadata; {@code epoch-0005/} for periodic saves),
 * which {@code ModelFiles.load(path)} rebuilds without the code that built the model, as Keras's
 * {@code ModelCheckpoint(save_weights_only=False)}.
 */
public final class ModelCheckpoint implements Callback {
    private final Path path;
    private final Monitor monitor;
    private final int everyEpochs;
    private final int keepLast;
    private final Deque<Path> kept = new ArrayDeque<>();
    private boolean fullModel;
    private Model model;

    private ModelCheckpoint(Path path, Monitor monitor, int everyEpochs, int keepLast) {
        this.path = path;
        this.monitor = monitor;
        this.everyEpochs = everyEpochs;
        this.keepLast = keepLast;
    }

    /** Saves to {@code file} each time {@code monitor} (e.g. {@code val_loss}) improves. */
    public static ModelCheckpoint best(Path file, String monitor) {
        return new ModelCheckpoint(file, new Monitor(monitor, 0), 0, 0);
    }

    /** Saves into {@code directory} every {@code everyEpochs} epochs, keeping the last {@code keepLast} files. */
    public static ModelCheckpoint every(Path directory, int everyEpochs, int keepLast) {
        if (everyEpochs < 1 || keepLast < 1) {
            throw new IllegalArgumentException("ModelCheckpoint: everyEpochs and keepLast must be >= 1, got "
                    + everyEpochs + " and " + keepLast);
        }
        return new ModelCheckpoint(directory, null, everyEpochs, keepLast);
    }

    /**
     * Saves whole model directories (architecture and weights; see {@code ModelFiles}) rather than
     * weights-only safetensors files; returns {@code this}. Every layer must be registered in
     * {@code LayerRegistry}.
     */
    public ModelCheckpoint fullModel() {
        fullModel = true;
        return this;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        model = context.model();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (monitor != null) {
            if (monitor.improved(logs)) {
                save(path, epoch, logs);
            }
        } else if ((epoch + 1) % everyEpochs == 0) {
            Path file = path.resolve(String.format(Locale.ROOT, fullModel ? "epoch-%04d" : "epoch-%04d.safetensors",
                    epoch + 1));
            save(file, epoch, logs);
            kept.addLast(file);
            while (kept.size() > keepLast) {
                delete(kept.removeFirst());
            }
        }
    }

    private void save(Path file, int epoch, Map<String, Double> logs) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("epoch", Integer.toString(epoch + 1));
        logs.forEach((k, v) -> metadata.put(k, Double.toString(v)));
        try {
            if (fullModel) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("epoch", epoch + 1);
                logs.forEach((k, v) -> json.put(k, Double.isFinite(v) ? v : (Object) Double.toString(v)));
                ModelFiles.save(model.module(), file, null, json);
                return;
            }
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Safetensors.save(model.module().stateDict(), metadata, file);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: cannot write " + file, e);
        }
    }

    private static void delete(Path file) {
        try {
            if (Files.isDirectory(file)) {
                try (var entries = Files.newDirectoryStream(file)) {
                    for (Path p : entries) {
                        Files.delete(p); // a model directory holds only model.json and its weights
                    }
                }
            }
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: cannot delete " + file, e);
        }
    }
}
