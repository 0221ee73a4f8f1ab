package dev.nabla.examples;

import dev.nabla.cli.Args;
import dev.nabla.data.SplitIndices;
import dev.nabla.data.Splits;
import dev.nabla.data.TabularData;
import dev.nabla.data.TrainTestSplit;
import dev.nabla.data.datasets.DataStore;
import dev.nabla.data.datasets.Digits;
import dev.nabla.data.datasets.Mnist;
import dev.nabla.data.preprocessing.StandardScaler;
import dev.nabla.loss.CrossEntropyLoss;
import dev.nabla.nn.Module;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.FitOptions;
import dev.nabla.train.Sequential;
import dev.nabla.train.metrics.Accuracy;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Softmax classifiers: an MLP with ReLU hidden layers whose logits feed a cross-entropy loss,
 * trained with Adam (learning rate 1e-3). Two setups:
 * <ul>
 *   <li>{@code digits}: scikit-learn's 8×8 digits (1 797 images, pixels standardized with training statistics), a stratified
 *       80/20 split with seed 42, 64 → 64 → 10, batches of 32, 30 epochs;</li>
 *   <li>{@code mnist}: the benchmark workload W2, the MNIST test set's first 8 000 images for
 *       training and last 2 000 for testing (pixels / 255), 784 → 512 → 512 → 10, batches of 128,
 *       10 epochs.</li>
 * </ul>
 * The last line is {@code result: test_accuracy=<x> test_loss=<x> epochs=<n> seconds=<s>}.
 */
public final class ClassifierDemo {

    /** The options of both demos. */
    public static final String OPTIONS = """
              --epochs N       training epochs (default: digits 30, mnist 10)
              --batch-size N   examples per step (default: digits 32, mnist 128)
              --lr X           Adam learning rate (default 0.001)
              --seed N         seed of the weights, the split and the shuffling (default 42)
            The data is read from $NABLA_DATA (e.g. ../shared/datasets) or downloaded once.
            """;

    /** One line for {@code nabla demo --help}. */
    public static final String DIGITS_SUMMARY = "softmax MLP classifier on scikit-learn's 8x8 digits";

    /** One line for {@code nabla demo --help}. */
    public static final String MNIST_SUMMARY = "MNIST classifier MLP 784-512-512-10 (benchmark workload W2)";

    private record Setup(String name, int[] sizes, int epochs, int batchSize, Function<Long, TrainTestSplit> data) {
    }

    private static final Setup DIGITS = new Setup("digits", new int[] {64, 128, 10}, 30, 32, ClassifierDemo::digits);
    private static final Setup MNIST = new Setup("mnist", new int[] {784, 512, 512, 10}, 10, 128,
            seed -> Mnist.benchmarkSplit(DataStore.fromEnvironment()));

    private ClassifierDemo() {
    }

    /** {@code nabla demo digits}. */
    public static void digits(Args args, PrintStream out) {
        run(DIGITS, args, out);
    }

    /** {@code nabla demo mnist}. */
    public static void mnist(Args args, PrintStream out) {
        run(MNIST, args, out);
    }

    private static TrainTestSplit digits(long seed) {
        TabularData d = Digits.load(DataStore.fromEnvironment());
        SplitIndices split = Splits.stratified(d.target(), 0.8, 0, seed);
        StandardScaler scaler = new StandardScaler().fit(d.features().indexSelect(0, split.train()));
        Tensor x = scaler.transform(d.features());
        return new TrainTestSplit(x.indexSelect(0, split.train()), d.target().indexSelect(0, split.train()),
                x.indexSelect(0, split.test()), d.target().indexSelect(0, split.test()));
    }

    private static void run(Setup setup, Args args, PrintStream out) {
        int epochs = args.intValue("epochs", setup.epochs(), 1);
        int batchSize = args.intValue("batch-size", setup.batchSize(), 1);
        double lr = args.positiveDouble("lr", 1e-3);
        long seed = args.longValue("seed", 42);
        args.rejectUnknown();

        TrainTestSplit data = setup.data().apply(seed);
        out.printf(Locale.ROOT, "%s: %d training and %d test examples, %d features, %d classes%n", setup.name(),
                data.xTrain().size(0), data.xTest().size(0), data.xTrain().size(1), setup.sizes()[setup.sizes().length - 1]);
        Tensor.manualSeed(seed);
        Sequential model = new Sequential(layers(setup.sizes()));
        model.compile(new Adam(model.parameters(), lr), new CrossEntropyLoss(), Accuracy.categorical());
        out.print(model.summary(setup.sizes()[0]));

        long start = System.nanoTime();
        model.fit(data.xTrain(), data.yTrain(), new FitOptions().epochs(epochs).batchSize(batchSize).seed(seed).verbose(2));
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> test = model.evaluate(new dev.nabla.data.TensorDataset(data.xTest(), data.yTest()), 1000);
        out.printf(Locale.ROOT, "result: test_accuracy=%.4f test_loss=%.4f epochs=%d seconds=%.1f%n",
                test.get("accuracy"), test.get("loss"), epochs, seconds);
    }

    /** Linear layers of the given sizes with ReLU between them (the last layer gives logits). */
    private static Module[] layers(int[] sizes) {
        List<Module> layers = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            layers.add(new Linear(sizes[i], sizes[i + 1]));
            if (i + 2 < sizes.length) {
                layers.add(new ReLU());
            }
        }
        return layers.toArray(Module[]::new);
    }
}
