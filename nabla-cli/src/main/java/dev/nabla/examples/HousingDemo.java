package dev.nabla.examples;

import dev.nabla.cli.Args;
import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.TensorDataset;
import dev.nabla.data.TrainTestSplit;
import dev.nabla.data.datasets.CaliforniaHousing;
import dev.nabla.data.datasets.DataStore;
import dev.nabla.loss.MSELoss;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.FitOptions;
import dev.nabla.train.History;
import dev.nabla.train.Model;
import dev.nabla.train.Sequential;
import dev.nabla.train.callbacks.KeepBestWeights;
import dev.nabla.train.callbacks.TrainingCurvePlot;
import dev.nabla.train.metrics.Metric;
import dev.nabla.train.metrics.Regression;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The primer's second program: a Keras-style MLP (Dense 64 relu, Dense 64 relu, Dense 1) on the
 * California housing data, Adam with learning rate 1e-3, shuffled batches of 32, MSE, keeping
 * the weights of the epoch with the lowest validation loss.
 *
 * <p>Data: scikit-learn's eight derived features, the target in units of $100 000, shuffled
 * 80/20 into training and test rows with seed 42 (the same rows as NumPy's
 * {@code RandomState(42).permutation}), features standardized with training statistics. The
 * last 10% of the training rows are held out for validation, which picks the best epoch.
 *
 * <p>Two ways to train, with the same result: {@code Model.fit} (default), or the primer's
 * hand-written loop ({@code --loop custom}): forward pass, loss, {@code backward()}, optimizer
 * step, per-epoch metrics and best-weights bookkeeping written out.
 */
public final class HousingDemo {

    /** One line for {@code nabla demo --help}. */
    public static final String SUMMARY = "the primer's second program: an MLP on California housing (the main job)";

    /** The options of {@code nabla demo housing}. */
    public static final String OPTIONS = """
              --epochs N       training epochs (default 100)
              --batch-size N   examples per step (default 32)
              --lr X           Adam learning rate (default 0.001)
              --seed N         seed of the weights and the shuffling (default 42)
              --loop fit|custom  Model.fit, or the hand-written training loop (default fit)
              --plot PATH      training-curve PNG (default housing-training.png)
            The data is read from $NABLA_DATA (e.g. ../shared/datasets) or downloaded once to
            ~/.cache/nabla/datasets.
            """;

    private HousingDemo() {
    }

    /** Runs the demo with the options in {@code args}. */
    public static void run(Args args, PrintStream out) {
        int epochs = args.intValue("epochs", 100, 1);
        int batchSize = args.intValue("batch-size", 32, 1);
        double lr = args.positiveDouble("lr", 1e-3);
        long seed = args.longValue("seed", 42);
        String loop = args.string("loop", "fit");
        Path plot = Path.of(args.string("plot", "housing-training.png"));
        args.rejectUnknown();
        if (!loop.equals("fit") && !loop.equals("custom")) {
            throw new dev.nabla.cli.UsageException("option '--loop' must be fit or custom, got '" + loop + "'");
        }

        TrainTestSplit data = CaliforniaHousing.benchmarkSplit(DataStore.fromEnvironment()).data();
        int n = data.xTrain().size(0);
        int cut = n - n / 10;
        Tensor xTrain = data.xTrain().narrow(0, 0, cut);
        Tensor yTrain = data.yTrain().narrow(0, 0, cut);
        Tensor xVal = data.xTrain().narrow(0, cut, n - cut);
        Tensor yVal = data.yTrain().narrow(0, cut, n - cut);
        out.printf(Locale.ROOT, "California housing: %d training, %d validation, %d test rows, 8 features%n",
                cut, n - cut, data.xTest().size(0));

        Tensor.manualSeed(seed);
        Sequential model = new Sequential(new Linear(8, 64), new ReLU(), new Linear(64, 64), new ReLU(), new Linear(64, 1));
        model.compile(new Adam(model.parameters(), lr), new MSELoss(), Regression.mae());
        out.print(model.summary(8));

        long start = System.nanoTime();
        if (loop.equals("fit")) {
            History history = model.fit(xTrain, yTrain, new FitOptions().epochs(epochs).batchSize(batchSize).seed(seed)
                    .validationData(xVal, yVal).verbose(2).compiled(true)
                    .callbacks(new KeepBestWeights("val_loss"), new TrainingCurvePlot(plot)));
            out.printf(Locale.ROOT, "best val_loss %.4f; training curves written to %s%n",
                    history.get("val_loss").stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN), plot);
        } else {
            customLoop(model, new TensorDataset(xTrain, yTrain), xVal, yVal, epochs, batchSize, seed, out);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Double> test = evaluate(model, data.xTest(), data.yTest());
        out.printf(Locale.ROOT, "result: test_mse=%.4f test_mae=%.4f r2=%.4f epochs=%d seconds=%.1f%n",
                test.get("mse"), test.get("mae"), test.get("r2"), epochs, seconds);
    }

    /** Test-set MSE, MAE and R² of the model's predictions. */
    static Map<String, Double> evaluate(Model model, Tensor x, Tensor y) {
        Tensor predictions = model.predict(x, 1024);
        Map<String, Double> results = new java.util.LinkedHashMap<>();
        for (Metric m : new Metric[] {Regression.mse(), Regression.mae(), Regression.r2()}) {
            m.update(predictions, y);
            results.put(m.name(), m.result());
        }
        return results;
    }

    /**
     * The primer's hand-written training loop (its GradientTape loop): for each shuffled batch,
     * forward, loss, backward and an optimizer step; after each epoch, the validation MSE, and a
     * copy of the weights whenever it is the best so far; the best weights are restored at the end.
     */
    static void customLoop(Model model, TensorDataset train, Tensor xVal, Tensor yVal, int epochs, int batchSize,
                           long seed, PrintStream out) {
        MSELoss lossFn = new MSELoss();
        var optimizer = model.optimizer();
        DataLoader loader = new DataLoader(train, batchSize, true, seed);
        Regression trainMse = Regression.mse();
        double bestVal = Double.POSITIVE_INFINITY;
        Map<String, Tensor> bestWeights = null;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            model.module().train();
            trainMse.reset();
            for (Batch batch : loader) {
                Tensor predictions = model.forward(batch.x());
                Tensor loss = lossFn.forward(predictions, batch.y());
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
                trainMse.update(predictions.detach(), batch.y());
            }
            double val = evaluate(model, xVal, yVal).get("mse");
            if (val < bestVal) {
                bestVal = val;
                bestWeights = copy(model.module().stateDict());
            }
            out.printf(Locale.ROOT, "Epoch %d/%d - loss: %.4f - val_loss: %.4f%n", epoch, epochs, trainMse.result(), val);
        }
        model.module().loadStateDict(bestWeights);
        out.printf(Locale.ROOT, "best val_loss %.4f%n", bestVal);
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> state) {
        Map<String, Tensor> copy = new java.util.LinkedHashMap<>();
        try (var noGrad = Tensor.noGrad()) {
            state.forEach((k, v) -> copy.put(k, v.clone()));
        }
        return copy;
    }
}
