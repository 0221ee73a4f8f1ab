package dev.nabla.cli;

import dev.nabla.data.csv.CsvData;
import dev.nabla.data.csv.CsvReader;
import dev.nabla.data.preprocessing.StandardScaler;
import dev.nabla.loss.CrossEntropyLoss;
import dev.nabla.loss.Loss;
import dev.nabla.loss.MSELoss;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
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
import dev.nabla.backend.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.FitOptions;
import dev.nabla.train.History;
import dev.nabla.train.Model;
import dev.nabla.train.callbacks.TrainingCurvePlot;
import dev.nabla.train.io.ModelFiles;
import dev.nabla.train.io.TabularPreprocessing;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code nabla train}: fits an MLP to a CSV file and saves it with its preprocessing. */
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

                Trains a multilayer perceptron to predict column COL from the other columns of a
                CSV file with a header. Features are standardised; for regression the target is
                standardised too; for classification its values are the class labels. The
                scalers and labels are saved with the model and applied by 'nabla evaluate' and
                'nabla predict'.

                Options:
                  --csv FILE            training data (CSV with a header; .gz allowed)
                  --target COL          the column to predict
                  --features A,B,...    feature columns (default: every other column)
                  --hidden 64,64        hidden layer sizes (default 64,64; 'none' for a linear model)
                  --activation NAME     relu, tanh, sigmoid, gelu, silu, elu, leaky_relu (default relu)
                  --task T              regression or classification (default regression)
                  --epochs N            passes over the data (default 20)
                  --batch-size N        examples per step (default 32)
                  --lr X                learning rate (default 0.001)
                  --optimizer NAME      adam, sgd, adamw, rmsprop, adagrad (default adam)
                  --val-split F         fraction held out for validation, in [0, 1) (default 0.2)
                  --seed N              seed of initialisation, shuffling and split (default 0)
                  --save PATH           model directory to write (default model)
                  --plot PNG            write the training curves to an image
                """;
    }

    @Override
    public int run(List<String> argv, PrintStream out) throws Exception {
        Args a = Args.parse(argv);
        Path csv = Tabular.csv(a, "csv");
        String target = a.string("target", null);
        if (target == null) {
            throw new UsageException("option '--target' is required");
        }
        String featuresOpt = a.string("features", null);
        List<Integer> hidden = hidden(a.string("hidden", "64,64"));
        String activation = a.string("activation", "relu");
        activation(activation); // validate early
        String task = a.string("task", "regression");
        if (!task.equals("regression") && !task.equals("classification")) {
            throw new UsageException("option '--task' must be regression or classification, got '" + task + "'");
        }
        int epochs = a.intValue("epochs", 20, 1);
        int batch = a.intValue("batch-size", 32, 1);
        double lr = a.positiveDouble("lr", 1e-3);
        String optName = a.string("optimizer", "adam");
        if (!List.of("adam", "sgd", "adamw", "rmsprop", "adagrad").contains(optName)) {
            throw new UsageException("option '--optimizer' must be one of adam, sgd, adamw, rmsprop, adagrad; got '"
                    + optName + "'");
        }
        double valSplit = fraction(a.string("val-split", "0.2"));
        long seed = a.longValue("seed", 0);
        Path save = Path.of(a.string("save", "model"));
        String plot = a.string("plot", null);
        a.rejectUnknown();

        CsvReader reader = new CsvReader().target(target).dtype(DType.FLOAT32);
        if (featuresOpt != null) {
            reader.features(featuresOpt.split(","));
        }
        if (task.equals("classification")) {
            reader.categorical(target);
        }
        CsvData data = reader.read(csv);
        int n = data.size();
        if (n < 2) {
            throw new IllegalArgumentException(csv + ": needs at least 2 rows, has " + n);
        }
        // shuffle once (seeded) so the validation rows are a random sample
        Tensor order = Tensor.randperm(new Generator(seed), n);
        Tensor x = data.features().indexSelect(0, order);
        Tensor y = data.target().indexSelect(0, order);
        int cut = valSplit == 0 ? n : (int) Math.round(n * (1 - valSplit));
        if (cut < 1 || cut > n) {
            throw new IllegalArgumentException("--val-split " + valSplit + " leaves no training rows of " + n);
        }
        StandardScaler fs = new StandardScaler().fit(x.narrow(0, 0, cut));
        Tensor xs = fs.transform(x);
        StandardScaler ts = null;
        List<String> classes = null;
        int outputs;
        Tensor ys;
        Loss loss;
        if (task.equals("classification")) {
            classes = data.encoding().labels().get(target).classes();
            outputs = classes.size();
            ys = y;
            loss = new CrossEntropyLoss();
        } else {
            ts = new StandardScaler().fit(y.narrow(0, 0, cut));
            ys = ts.transform(y);
            outputs = 1;
            loss = new MSELoss();
        }
        Sequential net = mlp(xs.size(1), hidden, activation, outputs, seed);
        Model model = new Model(net).compile(optimizer(optName, net, lr), loss);
        FitOptions fit = new FitOptions().epochs(epochs).batchSize(batch).seed(seed).verbose(0);
        if (cut < n) {
            fit.validationData(xs.narrow(0, cut, n - cut), ys.narrow(0, cut, n - cut));
        }
        if (plot != null) {
            fit.callbacks(new TrainingCurvePlot(Path.of(plot)));
        }
        Tensor.manualSeed(seed);
        History h = model.fit(xs.narrow(0, 0, cut), ys.narrow(0, 0, cut), fit);
        TabularPreprocessing tab = new TabularPreprocessing(task, data.featureNames(), target, fs, ts, classes);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("trained_on", csv.getFileName().toString());
        meta.put("epochs", epochs);
        meta.put("optimizer", optName);
        meta.put("lr", lr);
        ModelFiles.save(net, save, tab.toJson(), meta);
        out.printf("trained %d epochs on %d rows (%d features), validated on %d%n", epochs, cut, xs.size(1), n - cut);
        out.printf(java.util.Locale.ROOT, "final loss %.6g%s%n", h.last("loss"),
                cut < n ? String.format(java.util.Locale.ROOT, ", val_loss %.6g", h.last("val_loss")) : "");
        if (cut < n) {
            Tensor vx = x.narrow(0, cut, n - cut);
            double[] pred = tab.predictNumbers(tab.outputs(net, vx));
            double[] truth = y.narrow(0, cut, n - cut).to(DType.FLOAT64).reshape(-1).toDoubleArray();
            out.println("validation: " + Tabular.format(tab.metrics(pred, truth)));
        }
        out.println("saved: " + save);
        return 0;
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

    static List<Integer> hidden(String s) {
        List<Integer> out = new ArrayList<>();
        if (s.equals("none") || s.isEmpty()) {
            return out;
        }
        for (String part : s.split(",")) {
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

    static double fraction(String s) {
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
            default -> throw new UsageException("option '--activation' must be one of relu, tanh, sigmoid, gelu, "
                    + "silu, elu, leaky_relu; got '" + name + "'");
        };
    }

    static Optimizer optimizer(String name, Module net, double lr) {
        return switch (name) {
            case "adam" -> new Adam(net.parameters(), lr);
            case "sgd" -> new SGD(net.parameters(), lr);
            case "adamw" -> new AdamW(net.parameters(), lr);
            case "rmsprop" -> new RMSprop(net.parameters(), lr);
            case "adagrad" -> new Adagrad(net.parameters(), lr);
            default -> throw new UsageException("option '--optimizer' must be one of adam, sgd, adamw, rmsprop, "
                    + "adagrad; got '" + name + "'");
        };
    }
}
