package dev.nabla.examples;

import dev.nabla.cli.Args;
import dev.nabla.data.TensorDataset;
import dev.nabla.data.TrainTestSplit;
import dev.nabla.data.datasets.DataStore;
import dev.nabla.data.datasets.Mnist;
import dev.nabla.loss.CrossEntropyLoss;
import dev.nabla.nn.layers.Conv2d;
import dev.nabla.nn.layers.Flatten;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.MaxPool2d;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.FitOptions;
import dev.nabla.train.Sequential;
import dev.nabla.train.callbacks.TrainingCurvePlot;
import dev.nabla.train.metrics.Accuracy;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A convolutional MNIST classifier, benchmark workload W7: Conv2d(1, 32, 3, padding 1), ReLU,
 * MaxPool2d(2), Conv2d(32, 64, 3, padding 1), ReLU, MaxPool2d(2), Flatten, Linear(3136, 128),
 * ReLU, Linear(128, 10), cross-entropy, Adam (learning rate 1e-3), batches of 64, on the W2 split
 * (the MNIST test set's first 8 000 images for training, the last 2 000 for testing, pixels / 255,
 * as {@code [N, 1, 28, 28]}). The held-out 2 000 are shown as validation after each epoch (never
 * used to pick weights). The last line is
 * {@code result: test_accuracy=<x> test_loss=<x> epochs=<n> seconds=<s>}.
 */
public final class MnistCnnDemo {

    /** One line for {@code nabla demo --help}. */
    public static final String SUMMARY = "MNIST convolutional network, 2 conv + 2 linear layers (benchmark workload W7)";

    /** The options. */
    public static final String OPTIONS = """
              --epochs N       training epochs (default 8)
              --batch-size N   examples per step (default 64)
              --lr X           Adam learning rate (default 0.001)
              --seed N         seed of the weights and the shuffling (default 42)
              --plot PATH      training-curve PNG (default mnist-cnn-training.png)
            The data is read from $NABLA_DATA (e.g. ../shared/datasets) or downloaded once.
            """;

    private MnistCnnDemo() {
    }

    /** The W7 network. */
    public static Sequential model() {
        return new Sequential(new Conv2d(1, 32, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(64 * 7 * 7, 128), new ReLU(), new Linear(128, 10));
    }

    /** {@code nabla demo mnist-cnn}. */
    public static void run(Args args, PrintStream out) {
        int epochs = args.intValue("epochs", 8, 1);
        int batchSize = args.intValue("batch-size", 64, 1);
        double lr = args.positiveDouble("lr", 1e-3);
        long seed = args.longValue("seed", 42);
        Path plot = Path.of(args.string("plot", "mnist-cnn-training.png"));
        args.rejectUnknown();

        TrainTestSplit data = Mnist.benchmarkImageSplit(DataStore.fromEnvironment());
        out.printf(Locale.ROOT, "mnist-cnn: %d training and %d test images of 1x28x28, 10 classes%n",
                data.xTrain().size(0), data.xTest().size(0));
        Tensor.manualSeed(seed);
        Sequential model = model();
        model.compile(new Adam(model.parameters(), lr), new CrossEntropyLoss(), Accuracy.categorical());
        out.print(model.summary(1, 28, 28));

        long start = System.nanoTime();
        model.fit(data.xTrain(), data.yTrain(), new FitOptions().epochs(epochs).batchSize(batchSize).seed(seed)
                .validationData(data.xTest(), data.yTest()).verbose(2).callbacks(new TrainingCurvePlot(plot)));
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "training curves written to %s%n", plot);
        Map<String, Double> test = model.evaluate(new TensorDataset(data.xTest(), data.yTest()), 500);
        out.printf(Locale.ROOT, "result: test_accuracy=%.4f test_loss=%.4f epochs=%d seconds=%.1f%n",
                test.get("accuracy"), test.get("loss"), epochs, seconds);
    }
}
