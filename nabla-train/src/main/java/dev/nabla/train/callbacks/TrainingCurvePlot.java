package dev.nabla.train.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Writes the training curves as a PNG when training ends: one panel per quantity (loss, then
 * each metric) with the training and validation values per epoch. The file is written to a
 * temporary name and renamed, so an existing plot is never left half-written.
 */
public final class TrainingCurvePlot implements Callback {
    private final Path path;
    private final Map<String, List<Double>> series = new LinkedHashMap<>();

    public TrainingCurvePlot(Path path) {
        this.path = path;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        logs.forEach((k, v) -> series.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }

    @Override
    public void onTrainEnd() {
        write(path, series);
    }

    /**
     * Writes the curves of {@code series} (e.g. {@code History.asMap()}: per-epoch values by
     * name, {@code val_} names beside their training ones) to {@code path}, whose directory must
     * exist (none is created).
     */
    public static void write(Path path, Map<String, List<Double>> series) {
        if (series.isEmpty()) {
            return;
        }
        List<XYChart> charts = new ArrayList<>();
        for (String name : series.keySet()) {
            if (!name.startsWith("val_")) {
                charts.add(chart(name, series));
            }
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(path.toAbsolutePath().getParent(), ".plot-", ".png");
            BitmapEncoder.saveBitmap(charts, 1, charts.size(), tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("TrainingCurvePlot: cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    private static XYChart chart(String name, Map<String, List<Double>> series) {
        XYChart chart = new XYChartBuilder().width(480).height(360).title(name).xAxisTitle("epoch").yAxisTitle(name).build();
        addSeries(chart, "train", series.get(name));
        List<Double> val = series.get("val_" + name);
        if (val != null) {
            addSeries(chart, "validation", val);
        }
        return chart;
    }

    private static void addSeries(XYChart chart, String label, List<Double> values) {
        double[] x = new double[values.size()];
        double[] y = new double[values.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
            y[i] = values.get(i);
        }
        chart.addSeries(label, x, y).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
    }
}
