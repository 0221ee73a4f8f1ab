package dev.nabla.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Model#fit} returns: per-epoch values of the loss and metrics, for training
 * ({@code "loss"}, {@code "mae"}) and validation ({@code "val_loss"}, ...), as in Keras.
 */
public final class History {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private int epochs;

    /** Records one epoch's logs (called by {@code fit} and by other training loops). */
    public void append(Map<String, Double> logs) {
        logs.forEach((k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        epochs++;
    }

    /** Number of completed epochs. */
    public int epochs() {
        return epochs;
    }

    /** The names recorded, in first-seen order. */
    public List<String> keys() {
        return List.copyOf(values.keySet());
    }

    /** The per-epoch values of {@code name}. */
    public List<Double> get(String name) {
        List<Double> v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("history has no '" + name + "'; it has " + values.keySet());
        }
        return Collections.unmodifiableList(v);
    }

    /** The last epoch's value of {@code name}. */
    public double last(String name) {
        List<Double> v = get(name);
        return v.get(v.size() - 1);
    }

    /** All values, keyed by name. */
    public Map<String, List<Double>> asMap() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }
}
