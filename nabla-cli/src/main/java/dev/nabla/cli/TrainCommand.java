package dev.nabla.cli;

import dev.nabla.backend.DType;
import dev.nabla.data.csv.CsvData;
import dev.nabla.data.csv.CsvReader;
import dev.nabla.data.csv.MissingValues;
import dev.nabla.data.preprocessing.StandardScaler;
import dev.nabla.io.HeapBudget;
import dev.nabla.loss.CrossEntropyLoss;
import dev.nabla.loss.Loss;
import dev.nabla.loss.MSELoss;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.ELU;
import dev.nabla.nn.layers.GELU;
import dev.nabla.nn.layers.LeakyReLU;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.nn.layers.SiLU;
import dev.nabla.nn.layers.Sigmoid;
import dev.nabla.nn.layers.Tanh;
import dev.nabla.optim.Adadelta;
import dev.nabla.optim.Adagrad;
import dev.nabla.optim.Adam;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.Adamax;
import dev.nabla.optim.NAdam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.RAdam;
import dev.nabla.optim.RMSprop;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.FitOptions;
import dev.nabla.train.History;
import dev.nabla.train.Model;
import dev.nabla.train.callbacks.TerminateOnNaN;
import dev.nabla.train.callbacks.TrainingCurvePlot;
import dev.nabla.train.io.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nabla train}: fits an MLP to a CSV file and saves it with its preprocessing. */
@Command(name = "train", synopsisHeading = "usage: ", customSynopsis = "nabla train --csv FILE --target COL [options]",
        description = {"train an MLP on a CSV file and save it", "",
            "Trains a multilayer perceptron to predict column COL from the other columns of a CSV file with a "
            + "header. Features are standardised; for regression the target is standardised too; for "
            + "classification its values are the class labels. The scalers and labels are saved with the model "
            + "and applied by 'nabla evaluate' and 'nabla predict'. Every output path is checked before training; "
            + "training stops at the first NaN or infinite loss, and such a model is never saved."},
        optionListHeading = "%nOptions:%n", mixinStandardHelpOptions = false, sortOptions = false)
final class TrainCommand extends CliCommand {
    static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "gelu", "silu", "elu", "leaky_relu");
    static final List<String> OPTIMIZERS = List.of("adam", "sgd", "adamw", "rmsprop", "adagrad", "adamax", "nadam",
            "radam", "adadelta");
    static final List<String> TASKS = List.of("regression", "classification");
    static final List<String> MISSING = List.of("error", "drop", "mean");

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;
    @Option(names = "--csv", paramLabel = "FILE", description = "training data (CSV with a header; .gz allowed)")
    String csv;
    @Option(names = "--target", paramLabel = "COL", description = "the column to predict")
    String target;
    @Option(names = "--features", paramLabel = "A,B,...", description = "feature columns (default: every other column)")
    String features;
    @Option(names = "--hidden", paramLabel = "64,64", defaultValue = "64,64",
            description = "hidden layer sizes (default 64,64; 'none' for a linear model)")
    String hidden;
    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "relu", completionCandidates = Activations.class,
            description = "relu, tanh, sigmoid, gelu, silu, elu, leaky_relu (default relu)")
    String activation;
    @Option(names = "--task", paramLabel = "T", defaultValue = "regression", completionCandidates = Tasks.class,
            description = "regression or classification (default regression)")
    String task;
    @Option(names = "--epochs", paramLabel = "N", defaultValue = "20", description = "passes over the data (default 20)")
    long epochs;
    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "examples per step (default 32)")
    long batchSize;
    @Option(names = "--lr", paramLabel = "X", defaultValue = "0.001", description = "learning rate (default 0.001)")
    double lr;
    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam", completionCandidates = Optimizers.class,
            description = "adam, sgd, adamw, rmsprop, adagrad, adamax, nadam, radam, adadelta (default adam)")
    String optimizer;
    @Option(names = "--val-split", paramLabel = "F", defaultValue = "0.2",
            description = "fraction held out for validation, in [0, 1) (default 0.2)")
    String valSplit;
    @Option(names = "--missing", paramLabel = "HOW", defaultValue = "error", completionCandidates = Missing.class,
            description = "missing values (empty, NA, NaN): error, drop the row, or mean (impute the training mean; "
                    + "evaluate and predict reuse it) (default error)")
    String missing;
    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "seed of initialisation, shuffling and split (default 0)")
    long seed;
    @Option(names = "--save", paramLabel = "PATH", defaultValue = "model",
            description = "model directory to write: new, or holding only a model (default model)")
    String save;
    @Option(names = "--plot", paramLabel = "PNG", description = "write the training curves to an image")
    String plot;

    static final class Activations extends ArrayList<String> {
        Activations() {
            super(ACTIVATIONS);
        }
    }

    static final class Optimizers extends ArrayList<String> {
        Optimizers() {
            super(OPTIMIZERS);
        }
    }

    static final class Tasks extends ArrayList<String> {
        Tasks() {
            super(TASKS);
        }
    }

    static final class Missing extends ArrayList<String> {
        Missing() {
            super(MISSING);
        }
    }

    @Override
    int run() throws Exception {
        Path csvPath = Tabular.csv("--csv", csv);
        if (target == null) {
            throw new UsageException("option '--target' is required");
        }
        List<Integer> sizes = hidden(hidden);
        activation(activation); // validate early
        Tabular.oneOf("--task", task, TASKS);
        Tabular.oneOf("--optimizer", optimizer, OPTIMIZERS);
        Tabular.oneOf("--missing", missing, MISSING);
        int epochCount = Tabular.atLeast("--epochs", epochs, 1);
        int batch = Tabular.atLeast("--batch-size", batchSize, 1);
        Tabular.positive("--lr", lr);
        double split = fraction(valSplit);
        List<String> featureNames = features == null ? null : Arrays.asList(features.split(",", -1));
        if (featureNames != null && featureNames.contains(target)) {
            throw new UsageException("option '--features' includes the target '" + target + "'; a model must not "
                    + "see its target");
        }
        if (save.isEmpty()) {
            throw new UsageException("option '--save' needs a directory, got an empty path");
        }
        Path savePath = Path.of(save);
        Path plotPath = plot == null ? null : Tabular.outputFile("--plot", plot);
        ModelFiles.checkSavable(savePath); // before training, not after

        CsvReader reader = new CsvReader().target(target).dtype(DType.FLOAT32)
                .missing(switch (missing) {
                    case "drop" -> MissingValues.DROP;
                    case "mean" -> MissingValues.MEAN_IMPUTE;
                    default -> MissingValues.ERROR;
                })
                .missingHint("handle missing values with --missing drop or --missing mean");
        if (featureNames != null) {
            reader.features(featureNames.toArray(String[]::new));
        }
        boolean classification = task.equals("classification");
        if (classification) {
            reader.categorical(target);
        }
        CsvData data = reader.read(csvPath);
        int n = data.size();
        if (n < 2) {
            throw new IllegalArgumentException(csvPath + ": needs at least 2 rows, has " + n);
        }
        List<String> classes = classification ? data.encoding().labels().get(target).classes() : null;
        if (classes != null && classes.size() < 2) {
            throw new IllegalArgumentException(csvPath + ": the target '" + target + "' has a single class ("
                    + classes + "); classification needs at least two");
        }
        int inputs = data.features().size(1);
        requireMemory(inputs, sizes, classification ? classes.size() : 1);
        // shuffle once (seeded) so the validation rows are a random sample
        Tensor order = Tensor.randperm(new Generator(seed), n);
        Tensor x = data.features().indexSelect(0, order);
        Tensor y = data.target().indexSelect(0, order);
        int cut = split == 0 ? n : (int) Math.round(n * (1 - split));
        if (cut < 1 || cut > n) {
            throw new IllegalArgumentException("--val-split " + split + " leaves no training rows of " + n);
        }
        StandardScaler fs = new StandardScaler().fit(x.narrow(0, 0, cut));
        Tensor xs = fs.transform(x);
        StandardScaler ts = null;
        int outputs;
        Tensor ys;
        Loss loss;
        if (classification) {
            outputs = classes.size();
            ys = y;
            loss = new CrossEntropyLoss();
        } else {
            ts = new StandardScaler().fit(y.narrow(0, 0, cut));
            ys = ts.transform(y);
            outputs = 1;
            loss = new MSELoss();
        }
        Sequential net = network(inputs, sizes, outputs);
        Model model = new Model(net).compile(optimizer(optimizer, net, lr), loss);
        TerminateOnNaN guard = new TerminateOnNaN();
        FitOptions fit = new FitOptions().epochs(epochCount).batchSize(batch).seed(seed).verbose(0).callbacks(guard);
        if (cut < n) {
            fit.validationData(xs.narrow(0, cut, n - cut), ys.narrow(0, cut, n - cut));
        }
        Tensor.manualSeed(seed);
        History h = model.fit(xs.narrow(0, 0, cut), ys.narrow(0, 0, cut), fit);
        if (guard.stopped() || !finite(net)) {
            throw new IllegalStateException("training diverged: " + (guard.stopped() ? guard.message()
                    : "the weights are not finite") + "; the model was not saved (try a smaller --lr)");
        }
        Tabular tab = new Tabular(task, data.featureNames(), target, fs, ts, classes,
                missing.equals("mean") ? data.encoding().fillValues() : Map.of());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("trained_on", csvPath.getFileName().toString());
        meta.put("epochs", epochCount);
        meta.put("optimizer", optimizer);
        meta.put("lr", lr);
        ModelFiles.save(net, savePath, tab.toJson(), meta); // the model first: a failing plot cannot lose it
        out.printf("trained %d epochs on %d rows (%d features), validated on %d%n", epochCount, cut, inputs, n - cut);
        out.printf(Locale.ROOT, "final loss %.6g%s%n", h.last("loss"),
                cut < n ? String.format(Locale.ROOT, ", val_loss %.6g", h.last("val_loss")) : "");
        if (cut < n) {
            Tensor vx = x.narrow(0, cut, n - cut);
            double[] pred = tab.predictNumbers(tab.outputs(net, vx));
            double[] truth = y.narrow(0, cut, n - cut).to(DType.FLOAT64).reshape(-1).toDoubleArray();
            out.println("validation: " + Tabular.format(tab.metrics(pred, truth)));
        }
        out.println("saved: " + savePath);
        if (plotPath != null) {
            try {
                TrainingCurvePlot.write(plotPath, h.asMap());
            } catch (RuntimeException e) {
                throw new IllegalStateException(e.getMessage() + " (the model was saved to " + savePath + ")", e);
            }
        }
        return 0;
    }

    /** Refuses a network whose parameters, gradients and Adam's two moments cannot fit in the heap. */
    private void requireMemory(int inputs, List<Integer> sizes, int outputs) {
        long params = 0;
        int in = inputs;
        for (int h : sizes) {
            params += ((long) in + 1) * h;
            in = h;
        }
        params += ((long) in + 1) * outputs;
        HeapBudget.require(params * 4 * 4, String.format(Locale.ROOT,
                "--hidden %s (%,d parameters, with their gradients and optimizer state)", hidden, params));
    }

    private Sequential network(int inputs, List<Integer> sizes, int outputs) {
        Generator init = new Generator(seed);
        List<Module> layers = new ArrayList<>();
        int in = inputs;
        for (int h : sizes) {
            layers.add(new Linear(in, h, true, init));
            layers.add(activation(activation));
            in = h;
        }
        layers.add(new Linear(in, outputs, true, init));
        return new Sequential(layers.toArray(Module[]::new));
    }

    private static boolean finite(Module net) {
        for (Parameter p : net.parameters()) {
            for (double v : p.to(DType.FLOAT64).toDoubleArray()) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    static List<Integer> hidden(String s) {
        List<Integer> out = new ArrayList<>();
        if (s.equals("none") || s.isEmpty()) {
            return out;
        }
        for (String part : s.split(",", -1)) {
            try {
                int v = Integer.parseInt(part.trim());
                if (v < 1) {
                    throw new NumberFormatException();
                }
                out.add(v);
            } catch (NumberFormatException e) {
                throw new UsageException("option '--hidden' expects positive sizes like 64,64, got '" + s + "'");
            }
        }
        return out;
    }

    private static double fraction(String s) {
        try {
            double v = Double.parseDouble(s);
            if (v >= 0 && v < 1) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new UsageException("option '--val-split' expects a fraction in [0, 1), got '" + s + "'");
    }

    static Module activation(String name) {
        return switch (name) {
            case "relu" -> new ReLU();
            case "tanh" -> new Tanh();
            case "sigmoid" -> new Sigmoid();
            case "gelu" -> new GELU();
            case "silu" -> new SiLU();
            case "elu" -> new ELU();
            case "leaky_relu" -> new LeakyReLU();
            default -> throw new UsageException("option '--activation' must be one of " + String.join(", ", ACTIVATIONS)
                    + "; got '" + name + "'");
        };
    }

    private static Optimizer optimizer(String name, Module net, double lr) {
        return switch (name) {
            case "adam" -> new Adam(net.parameters(), lr);
            case "sgd" -> new SGD(net.parameters(), lr);
            case "adamw" -> new AdamW(net.parameters(), lr);
            case "rmsprop" -> new RMSprop(net.parameters(), lr);
            case "adagrad" -> new Adagrad(net.parameters(), lr);
            case "adamax" -> new Adamax(net.parameters(), lr);
            case "nadam" -> new NAdam(net.parameters(), lr);
            case "radam" -> new RAdam(net.parameters(), lr);
            default -> new Adadelta(net.parameters(), lr);
        };
    }
}
