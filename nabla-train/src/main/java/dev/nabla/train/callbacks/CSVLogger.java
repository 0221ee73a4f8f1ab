package dev.nabla.train.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes one CSV row per epoch ({@code epoch,loss,mae,val_loss,...}) to a file, flushed after
 * every epoch so a crash keeps the rows written so far (Keras's {@code CSVLogger}).
 */
public final class CSVLogger implements Callback {
    private final Path path;
    private Writer writer;
    private List<String> columns;

    public CSVLogger(Path path) {
        this.path = path;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        try {
            if (writer == null) {
                writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
                columns = List.copyOf(logs.keySet());
                writer.write("epoch," + String.join(",", columns) + "\n");
            }
            writer.write(epoch + "," + columns.stream().map(c -> String.valueOf(logs.getOrDefault(c, Double.NaN)))
                    .collect(Collectors.joining(",")) + "\n");
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot write " + path, e);
        }
    }

    @Override
    public void onTrainEnd() {
        try {
            if (writer != null) {
                writer.close();
                writer = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot close " + path, e);
        }
    }
}
