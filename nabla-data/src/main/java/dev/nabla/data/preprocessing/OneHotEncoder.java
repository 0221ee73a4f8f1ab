package dev.nabla.data.preprocessing;

import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a categorical column as one indicator feature per category (scikit-learn's
 * {@code OneHotEncoder} for one column). {@link #fit} sorts the distinct values (numerically when
 * all are numbers); {@link #categories()} is the whole fitted state, so
 * {@code OneHotEncoder.of(categories)} reapplies an encoder to new data. Unknown values are an error.
 *
 * <p>Shape: {@code N} values in, {@code [N, K]} out (default float type), {@code K} categories.
 */
public final class OneHotEncoder {
    private Categories categories;

    /** An unfitted encoder. */
    public OneHotEncoder() {
    }

    private OneHotEncoder(Categories categories) {
        this.categories = categories;
    }

    /** A fitted encoder whose indicator {@code i} is for {@code categories.get(i)}. */
    public static OneHotEncoder of(List<String> categories) {
        return new OneHotEncoder(new Categories(categories));
    }

    /** Learns the sorted distinct values of {@code values}; returns {@code this}. */
    public OneHotEncoder fit(Iterable<String> values) {
        categories = Categories.fit(values);
        return this;
    }

    /** The categories in indicator order. */
    public List<String> categories() {
        return fitted().values();
    }

    /** The index of the indicator that is 1 for {@code value}. */
    public int indexOf(String value) {
        return fitted().indexOf("OneHotEncoder", value);
    }

    /** The indicator features of {@code values}, shape {@code [N, K]}. */
    public Tensor transform(List<String> values) {
        int k = fitted().size();
        float[] out = new float[values.size() * k];
        for (int i = 0; i < values.size(); i++) {
            out[i * k + indexOf(values.get(i))] = 1;
        }
        return Tensor.of(out, values.size(), k).to(dev.nabla.backend.Backends.getDefault().floatType());
    }

    /** {@link #fit} then {@link #transform}. */
    public Tensor fitTransform(List<String> values) {
        return fit(values).transform(values);
    }

    /** The category of each row of indicators (the largest one), shape {@code [N, K]} in. */
    public List<String> inverseTransform(Tensor indicators) {
        List<String> out = new ArrayList<>();
        for (long i : indicators.argmax(1, false).toLongArray()) {
            out.add(fitted().get("OneHotEncoder", i));
        }
        return out;
    }

    /** Names of the indicator features, {@code column + "=" + category}. */
    public List<String> featureNames(String column) {
        List<String> names = new ArrayList<>();
        for (String c : categories()) {
            names.add(column + "=" + c);
        }
        return names;
    }

    private Categories fitted() {
        if (categories == null) {
            throw new IllegalStateException("OneHotEncoder: not fitted; call fit(values) first");
        }
        return categories;
    }
}
