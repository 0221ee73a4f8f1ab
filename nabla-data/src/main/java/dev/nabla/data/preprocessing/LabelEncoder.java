package dev.nabla.data.preprocessing;

import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes categories as class indices {@code 0..K-1} (scikit-learn's {@code LabelEncoder}), e.g.
 * for a classification target. {@link #fit} sorts the distinct values (numerically when all are
 * numbers); {@link #classes()} is the whole fitted state, so {@code LabelEncoder.of(classes)}
 * reapplies an encoder to new data. Unknown values are an error.
 */
public final class LabelEncoder {
    private Categories categories;

    /** An unfitted encoder. */
    public LabelEncoder() {
    }

    private LabelEncoder(Categories categories) {
        this.categories = categories;
    }

    /** A fitted encoder whose class {@code i} is {@code classes.get(i)}. */
    public static LabelEncoder of(List<String> classes) {
        return new LabelEncoder(new Categories(classes));
    }

    /** Learns the sorted distinct values of {@code values}; returns {@code this}. */
    public LabelEncoder fit(Iterable<String> values) {
        categories = Categories.fit(values);
        return this;
    }

    /** The classes in index order. */
    public List<String> classes() {
        return fitted().values();
    }

    /** The number of classes {@code K}. */
    public int numClasses() {
        return fitted().size();
    }

    /** The index of one value. */
    public long encode(String value) {
        return fitted().indexOf("LabelEncoder", value);
    }

    /** The class indices of {@code values}, INT64 of shape {@code [N]}. */
    public Tensor transform(List<String> values) {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = encode(values.get(i));
        }
        return Tensor.of(out, out.length);
    }

    /** {@link #fit} then {@link #transform}. */
    public Tensor fitTransform(List<String> values) {
        return fit(values).transform(values);
    }

    /** The values of class indices (any integer tensor of shape {@code [N]}). */
    public List<String> inverseTransform(Tensor indices) {
        List<String> out = new ArrayList<>();
        for (long i : indices.toLongArray()) {
            out.add(fitted().get("LabelEncoder", i));
        }
        return out;
    }

    private Categories fitted() {
        if (categories == null) {
            throw new IllegalStateException("LabelEncoder: not fitted; call fit(values) first");
        }
        return categories;
    }
}
