package dev.nabla.data;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seeded train/validation/test splits (scikit-learn's {@code train_test_split}, PyTorch's
 * {@code random_split}). The same seed gives the same split on every machine.
 *
 * <p>Sizes: of {@code n} examples, {@code floor(n * trainFraction)} go to train,
 * {@code floor(n * validationFraction)} to validation, and the rest to test (so 80/20 of 20 640
 * rows is 16 512 / 4 128, as NumPy's {@code int(n * 0.8)}).
 */
public final class Splits {
    private Splits() {
    }

    /** A random split of {@code 0..n-1}; see the class comment for the sizes. */
    public static SplitIndices random(int n, double trainFraction, double validationFraction, long seed) {
        return random(n, trainFraction, validationFraction, new Generator(seed));
    }

    /** A random split of {@code 0..n-1} drawing from {@code generator}. */
    public static SplitIndices random(int n, double trainFraction, double validationFraction, Generator generator) {
        checkFractions(trainFraction, validationFraction);
        Tensor perm = Tensor.randperm(generator, n);
        int nTrain = (int) Math.floor(n * trainFraction);
        int nVal = (int) Math.floor(n * validationFraction);
        return new SplitIndices(perm.narrow(0, 0, nTrain).contiguous(), perm.narrow(0, nTrain, nVal).contiguous(),
                perm.narrow(0, nTrain + nVal, n - nTrain - nVal).contiguous());
    }

    /** A random train/test split of {@code 0..n-1} (no validation part). */
    public static SplitIndices trainTest(int n, double trainFraction, long seed) {
        return random(n, trainFraction, 0, seed);
    }

    /**
     * A random split that keeps each class's share in every part: the examples of each class
     * (by {@code labels}, integer values, shape {@code [N]}) are split with the fractions,
     * rounding to the nearest count, then each part is shuffled.
     */
    public static SplitIndices stratified(Tensor labels, double trainFraction, double validationFraction, long seed) {
        checkFractions(trainFraction, validationFraction);
        if (labels.dim() != 1) {
            throw new IllegalArgumentException("stratified split: labels must be 1-D, got shape "
                    + java.util.Arrays.toString(labels.shape()));
        }
        Generator gen = new Generator(seed);
        Map<Long, List<Long>> byClass = new TreeMap<>();
        long[] y = labels.toLongArray();
        double[] raw = labels.toDoubleArray();
        for (int i = 0; i < y.length; i++) {
            if (raw[i] != y[i]) {
                throw new IllegalArgumentException("stratified split: labels must be whole numbers, got " + raw[i]
                        + " at index " + i);
            }
            byClass.computeIfAbsent(y[i], k -> new ArrayList<>()).add((long) i);
        }
        List<Long> train = new ArrayList<>();
        List<Long> val = new ArrayList<>();
        List<Long> test = new ArrayList<>();
        for (List<Long> members : byClass.values()) {
            long[] m = shuffled(members, gen);
            int nTrain = (int) Math.round(m.length * trainFraction);
            int nVal = Math.min(m.length - nTrain, (int) Math.round(m.length * validationFraction));
            for (int i = 0; i < m.length; i++) {
                (i < nTrain ? train : i < nTrain + nVal ? val : test).add(m[i]);
            }
        }
        return new SplitIndices(tensor(shuffled(train, gen)), tensor(shuffled(val, gen)), tensor(shuffled(test, gen)));
    }

    /** {@code dataset} split at random; see {@link #random(int, double, double, long)}. */
    public static DatasetSplit split(TensorDataset dataset, double trainFraction, double validationFraction, long seed) {
        return random(dataset.size(), trainFraction, validationFraction, seed).apply(dataset);
    }

    private static void checkFractions(double train, double val) {
        if (!(train >= 0 && val >= 0 && train + val <= 1 + 1e-12)) {
            throw new IllegalArgumentException("split: fractions must be >= 0 and sum to at most 1, got train="
                    + train + " validation=" + val);
        }
    }

    private static long[] shuffled(List<Long> list, Generator gen) {
        long[] v = list.stream().mapToLong(Long::longValue).toArray();
        gen.shuffle(v);
        return v;
    }

    private static Tensor tensor(long[] v) {
        return Tensor.of(v, v.length);
    }
}
