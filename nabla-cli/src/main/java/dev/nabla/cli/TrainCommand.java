package dev.nabla.cli;

import dev.nabla.data.SplitIndices;
import dev.nabla.data.Splits;
import dev.nabla.data.csv.CsvData;
import dev.nabla.data.preprocessing.StandardScaler;
import dev.nabla.loss.CrossEntropyLoss;
import dev.nabla.loss.Loss;
import dev.nabla.loss.MSELoss;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.layers.ELU;
import dev.nabla.nn.layers.GELU;
import dev.nabla.nn.layers.LeakyReLU;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.nn.layers.SiLU;
import dev.nabla.nn.layers.Sigmoid;
import dev.nabla.nn.layers.Tanh;
import dev.nabla.optim.Adagrad;
import dev.nabla.optim.Adam;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.RMSprop;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.FitOptions;
import dev.nabla.train.Model;
import dev.nabla.train.callbacks.Callback;
import dev.nabla.train.callbacks.KeepBestWeights;
import dev.nabla.train.callbacks.TrainingCurvePlot;
import dev.nabla.train.metrics.Accuracy;
import dev.nabla.train.metrics.Metric;
import dev.nabla.train.metrics.Regression;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code nabla train --csv FILE --target COL ...}: trains an MLP on a CSV file (features
 * standardized with training statistics; a regression target standardized too, a classification
 * target label-encoded), keeping the weights with the best validation loss, and saves the model
 * with its preprocessing.
 */
final class TrainCommand implements Command {

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train an MLP on a CSV file and save it";
    }

    @Override
    public String help() {
        return """
                usage: nabla train --csv FILE --target COL [options]

                options:
                  --features A,B,...     feature columns (default: all but the target)
                  --task T               regression (default) or classification
                  --hidden 64,64         hidden layer sizes
                  --activation A         relu (default), tanh, sigmoid, gelu, silu, elu, leaky_relu
                  --epochs N             training epochs (default 20)
                  --batch-size N         examples per step (default 32)
                  --lr X                 learning rate (default 0.001)
                  --optimizer O          adam (default), adamw, sgd, rmsprop, adagrad
                  --val-split X          fraction held out for validation (default 0.2; 0 for none)
                  --seed N               seed of the split, weights and shuffling (default 42)
                  --save PATH            model directory to write (default model)
                  --plot PNG             also write the training curves
                """;
    }

    @Override
    public int run(List<String> words, PrintStream out) throws Exception {
        Args args = Args.parse(words);
        if (args.has("help")) {
            out.print(help());
            return 0;
        }
        Path csv = Path.of(required(args, "csv"));
        String target = required(args, "target");
        String features = args.string("features", null);
        String task = args.string("task", "regression");
        int[] hidden = sizes(args.string("hidden", "64,64"));
        String activation = args.string("activation", "relu");
        int epochs = args.intValue("epochs", 20, 1);
        int batchSize = args.intValue("batch-size", 32, 1);
        double lr = args.positiveDouble("lr", 1e-3);
        String optimizer = args.string("optimizer", "adam");
        double valSplit = fraction(args.string("val-split", "0.2"));
        long seed = args.longValue("seed", 42);
        Path save = Path.of(args.string("save", "model"));
        String plot = args.string("plot", null);
        args.rejectUnknown();
        if (!task.equals("regression") && !task.equals("classification")) {
            throw new UsageException("option '--task' must be regression or classification, got '" + task + "'");
        }
        boolean classification = task.equals("classification");
        activation(activation);
        optimizerFactory(optimizer);

        dev.nabla.data.csv.CsvReader reader = new dev.nabla.data.csv.CsvReader().target(target);
        if (features != null) {
            reader.features(features.split(","));
        }
        if (classification) {
            reader.categorical(target);
        }
        CsvData data = reader.read(csv);
        List<String> classes = classification ? data.encoding().labels().get(target).classes() : null;
        SplitIndices split = Splits.random(data.size(), 1 - valSplit, valSplit, seed);
        Tensor xTrain = data.features().indexSelect(0, split.train());
        StandardScaler featureScaler = new StandardScaler().fit(xTrain);
        Tensor y = classification ? data.target().reshape(-1) : data.target();
        StandardScaler targetScaler = classification ? null : new StandardScaler().fit(y.indexSelect(0, split.train()));
        Tensor yScaled = classification ? y : targetScaler.transform(y);
        Tensor x = featureScaler.transform(data.features());

        Tensor.manualSeed(seed);
        int outputs = classification ? classes.size() : 1;
        Module net = mlp(data.featureNames().size(), hidden, outputs, activation);
        Model model = new Model(net).compile(optimizerFactory(optimizer).make(net.parameters(), lr),
                classification ? new CrossEntropyLoss() : new MSELoss(),
                classification ? new Metric[] {Accuracy.categorical()} : new Metric[] {Regression.mae()});
        List<Callback> callbacks = new ArrayList<>();
        FitOptions options = new FitOptions().epochs(epochs).batchSize(batchSize).seed(seed).verbose(2);
        if (valSplit > 0) {
            options.validationData(x.indexSelect(0, split.validation()), yScaled.indexSelect(0, split.validation()));
            callbacks.add(new KeepBestWeights("val_loss"));
        }
        if (plot != null) {
            callbacks.add(new TrainingCurvePlot(Path.of(plot)));
        }
        options.callbacks(callbacks.toArray(Callback[]::new));
        out.printf(Locale.ROOT, "%s: %d rows, %d features, target %s (%s)%n", csv, data.size(),
                data.featureNames().size(), target, task);
        model.fit(x.indexSelect(0, split.train()), yScaled.indexSelect(0, split.train()), options);

        TabularModel trained = new TabularModel(net, data.featureNames(), target, classification, featureScaler,
                targetScaler, classes);
        trained.save(save);
        out.println("model saved to " + save);
        Tensor rows = valSplit > 0 ? split.validation() : split.train();
        Map<String, Double> scores = EvaluateCommand.scores(trained, data.features().indexSelect(0, rows),
                classification ? y.indexSelect(0, rows) : data.target().indexSelect(0, rows));
        out.println(EvaluateCommand.resultLine(scores) + " split=" + (valSplit > 0 ? "validation" : "train"));
        return 0;
    }

    static String required(Args args, String name) {
        String v = args.string(name, null);
        if (v == null) {
            throw new UsageException("option '--" + name + "' is required");
        }
        return v;
    }

    private static int[] sizes(String text) {
        try {
            int[] s = Arrays.stream(text.split(",")).mapToInt(t -> Integer.parseInt(t.strip())).toArray();
            if (Arrays.stream(s).anyMatch(v -> v < 1)) {
                throw new NumberFormatException();
            }
            return s;
        } catch (NumberFormatException e) {
            throw new UsageException("option '--hidden' expects positive sizes like 64,64, got '" + text + "'");
        }
    }

    private static double fraction(String text) {
        try {
            double v = Double.parseDouble(text);
            if (v >= 0 && v < 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("option '--val-split' expects a fraction in [0, 1), got '" + text + "'");
    }

    private static Module activation(String name) {
        return switch (name) {
            case "relu" -> new ReLU();
            case "tanh" -> new Tanh();
            case "sigmoid" -> new Sigmoid();
            case "gelu" -> new GELU();
            case "silu" -> new SiLU();
            case "elu" -> new ELU();
            case "leaky_relu" -> new LeakyReLU();
            default -> throw new UsageException("unknown activation '" + name
                    + "' (relu, tanh, sigmoid, gelu, silu, elu, leaky_relu)");
        };
    }

    /** Makes an optimizer over parameters with a learning rate. */
    private interface OptimizerFactory {
        Optimizer make(List<Parameter> params, double lr);
    }

    private static OptimizerFactory optimizerFactory(String name) {
        return switch (name) {
            case "adam" -> Adam::new;
            case "adamw" -> AdamW::new;
            case "sgd" -> SGD::new;
            case "rmsprop" -> RMSprop::new;
            case "adagrad" -> Adagrad::new;
            default -> throw new UsageException("unknown optimizer '" + name + "' (adam, adamw, sgd, rmsprop, adagrad)");
        };
    }

    private static Module mlp(int in, int[] hidden, int out, String activation) {
        List<Module> layers = new ArrayList<>();
        int width = in;
        for (int h : hidden) {
            layers.add(new Linear(width, h));
            layers.add(activation(activation));
            width = h;
        }
        layers.add(new Linear(width, out));
        return new dev.nabla.nn.Sequential(layers.toArray(Module[]::new));
    }
}
