package dev.nabla.cli;

import dev.nabla.backend.DType;
import dev.nabla.backend.HeapBudget;
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
import dev.nabla.optim.ASGD;
import dev.nabla.optim.Adadelta;
import dev.nabla.optim.Adagrad;
import dev.nabla.optim.Adam;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.Adamax;
import dev.nabla.optim.NAdam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.RAdam;
import dev.nabla.optim.RMSprop;
import dev.nabla.optim.Rprop;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Generator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The options of the tabular MLP that {@code nabla train} and {@code nabla spark-train} share (a
 * picocli {@code @Mixin}), their checks, and the network, optimizer and loss they make.
 */
final class MlpOptions {
    static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "gelu", "silu", "elu", "leaky_relu");
    static final List<String> OPTIMIZERS = List.of("adam", "sgd", "adamw", "rmsprop", "adagrad", "adamax", "nadam",
            "radam", "adadelta", "asgd", "rprop");
    static final List<String> TASKS = List.of("regression", "classification");

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
            description = "adam, sgd, adamw, rmsprop, adagrad, adamax, nadam, radam, adadelta, asgd, rprop (default adam)")
    String optimizer;
    @Option(names = "--val-split", paramLabel = "F", defaultValue = "0.2",
            description = "fraction held out for validation, in [0, 1) (default 0.2)")
    String valSplit;
    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "seed of initialisation, shuffling and split (default 0)")
    long seed;
    @Option(names = "--save", paramLabel = "PATH", defaultValue = "model",
            description = "model directory to write: new, or holding only a model (default model)")
    String save;

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

    /** The options, checked: usage errors before any data is read or any cluster started. */
    record Checked(String target, List<String> features, List<Integer> hidden, String activation, String task,
            int epochs, int batchSize, double lr, String optimizer, double valSplit, long seed, Path save) {

        boolean classification() {
            return task.equals("classification");
        }

        /** The loss of the task: cross-entropy over class scores, or MSE on the scaled target. */
        Loss loss() {
            return classification() ? new CrossEntropyLoss() : new MSELoss();
        }

        /** Refuses a network whose parameters, gradients and Adam's two moments cannot fit in the heap. */
        void requireMemory(int inputs, int outputs) {
            long params = 0;
            int in = inputs;
            for (int h : hidden) {
                params += ((long) in + 1) * h;
                in = h;
            }
            params += ((long) in + 1) * outputs;
            HeapBudget.require(params * 4 * 4, String.format(Locale.ROOT,
                    "--hidden %s (%,d parameters, with their gradients and optimizer state)", hiddenText(), params));
        }

        private String hiddenText() {
            return hidden.isEmpty() ? "none" : String.join(",", hidden.stream().map(String::valueOf).toList());
        }
    }

    /** Checks every option (the target is required); throws {@link UsageException}. */
    Checked check() {
        if (target == null) {
            throw new UsageException("option '--target' is required");
        }
        List<Integer> sizes = hidden(hidden);
        activation(activation); // validate early
        Tabular.oneOf("--task", task, TASKS);
        Tabular.oneOf("--optimizer", optimizer, OPTIMIZERS);
        int epochCount = Tabular.atLeast("--epochs", epochs, 1);
        int batch = Tabular.atLeast("--batch-size", batchSize, 1);
        Tabular.positive("--lr", lr);
        double split = fraction(valSplit);
        List<String> featureNames = features == null ? null : Arrays.asList(features.split(",", -1));
        if (featureNames != null && featureNames.contains(target)) {
            throw new UsageException("option '--features' includes the target '" + target + "'; a model must not "
                    + "see its target");
        }
        if (featureNames != null && new java.util.HashSet<>(featureNames).size() < featureNames.size()) {
            String twice = featureNames.stream().filter(f -> featureNames.indexOf(f) != featureNames.lastIndexOf(f))
                    .findFirst().orElseThrow();
            throw new UsageException("option '--features' names the column '" + twice + "' twice");
        }
        if (save.isEmpty()) {
            throw new UsageException("option '--save' needs a directory, got an empty path");
        }
        return new Checked(target, featureNames, sizes, activation, task, epochCount, batch, lr, optimizer, split, seed,
                Path.of(save));
    }

    /** The MLP of {@code --hidden} and {@code --activation}, initialised from {@code seed}. */
    static Sequential mlp(int in, List<Integer> hidden, String activation, int outputs, long seed) {
        Generator init = new Generator(seed);
        List<Module> layers = new ArrayList<>();
        for (int h : hidden) {
            layers.add(new Linear(in, h, true, init));
            layers.add(activation(activation));
            in = h;
        }
        layers.add(new Linear(in, outputs, true, init));
        return new Sequential(layers.toArray(Module[]::new));
    }

    /** Whether every parameter of {@code net} is finite. */
    static boolean finite(Module net) {
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

    /** The optimizer named {@code name} (one of {@link #OPTIMIZERS}) over {@code net}'s parameters. */
    static Optimizer optimizer(String name, Module net, double lr) {
        return switch (name) {
            case "adam" -> new Adam(net.parameters(), lr);
            case "sgd" -> new SGD(net.parameters(), lr);
            case "adamw" -> new AdamW(net.parameters(), lr);
            case "rmsprop" -> new RMSprop(net.parameters(), lr);
            case "adagrad" -> new Adagrad(net.parameters(), lr);
            case "adamax" -> new Adamax(net.parameters(), lr);
            case "nadam" -> new NAdam(net.parameters(), lr);
            case "radam" -> new RAdam(net.parameters(), lr);
            case "asgd" -> new ASGD(net.parameters(), lr);
            case "rprop" -> new Rprop(net.parameters(), lr);
            default -> new Adadelta(net.parameters(), lr);
        };
    }
}
