package dev.nabla.cli;

import dev.nabla.backend.DType;
import dev.nabla.data.csv.CsvData;
import dev.nabla.data.csv.CsvReader;
import dev.nabla.data.csv.MissingValues;
import dev.nabla.data.preprocessing.StandardScaler;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.FitOptions;
import dev.nabla.train.History;
import dev.nabla.train.Model;
import dev.nabla.train.callbacks.TerminateOnNaN;
import dev.nabla.train.callbacks.TrainingCurvePlot;
import dev.nabla.train.io.ModelFiles;
import dev.nabla.train.io.TabularPreprocessing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    static final List<String> MISSING = List.of("error", "drop", "mean");

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;
    @Mixin
    DeviceOption device;
    @Option(names = "--csv", paramLabel = "FILE", description = "training data (CSV with a header; .gz allowed)")
    String csv;
    @Mixin
    MlpOptions mlp;
    @Option(names = "--missing", paramLabel = "HOW", defaultValue = "error", completionCandidates = Missing.class,
            description = "missing values (empty, NA, NaN): error, drop the row, or mean (impute the training mean; "
                    + "evaluate and predict reuse it) (default error)")
    String missing;
    @Option(names = "--plot", paramLabel = "PNG", description = "write the training curves to an image")
    String plot;

    static final class Missing extends ArrayList<String> {
        Missing() {
            super(MISSING);
        }
    }

    @Override
    int run() throws Exception {
        device.select();
        Path csvPath = Tabular.csv("--csv", csv);
        MlpOptions.Checked o = mlp.check();
        Tabular.oneOf("--missing", missing, MISSING);
        Path savePath = o.save();
        Path plotPath = plot == null ? null : Tabular.outputFile("--plot", plot);
        ModelFiles.checkSavable(savePath); // before training, not after

        CsvReader reader = new CsvReader().target(o.target()).dtype(DType.FLOAT32)
                .missing(switch (missing) {
                    case "drop" -> MissingValues.DROP;
                    case "mean" -> MissingValues.MEAN_IMPUTE;
                    default -> MissingValues.ERROR;
                })
                .missingHint("handle missing values with --missing drop or --missing mean")
                .nonNumericHint(name -> name.equals(o.target()) ? "for class labels, train with --task classification"
                        : "features must be numbers; leave the column out with --features");
        if (o.features() != null) {
            reader.features(o.features().toArray(String[]::new));
        }
        boolean classification = o.classification();
        if (classification) {
            reader.categorical(o.target());
        }
        CsvData data = reader.read(csvPath);
        int n = data.size();
        if (n < 2) {
            throw new IllegalArgumentException(csvPath + ": needs at least 2 rows, has " + n);
        }
        List<String> classes = classification ? data.encoding().labels().get(o.target()).classes() : null;
        if (classes != null && classes.size() < 2) {
            throw new IllegalArgumentException(csvPath + ": the target '" + o.target() + "' has a single class ("
                    + classes + "); classification needs at least two");
        }
        int inputs = data.features().size(1);
        o.requireMemory(inputs, classification ? classes.size() : 1);
        // shuffle once (seeded) so the validation rows are a random sample
        Tensor order = Tensor.randperm(new Generator(o.seed()), n);
        Tensor x = data.features().indexSelect(0, order);
        Tensor y = data.target().indexSelect(0, order);
        int cut = o.valSplit() == 0 ? n : (int) Math.round(n * (1 - o.valSplit()));
        if (cut < 1 || cut > n) {
            throw new IllegalArgumentException("--val-split " + o.valSplit() + " leaves no training rows of " + n);
        }
        StandardScaler fs = new StandardScaler().fit(x.narrow(0, 0, cut));
        Tensor xs = fs.transform(x);
        StandardScaler ts = null;
        int outputs;
        Tensor ys;
        if (classification) {
            outputs = classes.size();
            ys = y;
        } else {
            ts = new StandardScaler().fit(y.narrow(0, 0, cut));
            ys = ts.transform(y);
            outputs = 1;
        }
        Sequential net = MlpOptions.mlp(inputs, o.hidden(), o.activation(), outputs, o.seed());
        Model model = new Model(net).compile(MlpOptions.optimizer(o.optimizer(), net, o.lr()), o.loss());
        TerminateOnNaN guard = new TerminateOnNaN();
        FitOptions fit = new FitOptions().epochs(o.epochs()).batchSize(o.batchSize()).seed(o.seed()).verbose(0)
                .callbacks(guard);
        if (cut < n) {
            fit.validationData(xs.narrow(0, cut, n - cut), ys.narrow(0, cut, n - cut));
        }
        Tensor.manualSeed(o.seed());
        History h = model.fit(xs.narrow(0, 0, cut), ys.narrow(0, 0, cut), fit);
        if (guard.stopped() || !MlpOptions.finite(net)) {
            throw new IllegalStateException("training diverged: " + (guard.stopped() ? guard.message()
                    : "the weights are not finite") + "; the model was not saved (try a smaller --lr)");
        }
        TabularPreprocessing tab = new TabularPreprocessing(o.task(), data.featureNames(), o.target(), fs, ts, classes,
                missing.equals("mean") ? data.encoding().fillValues() : Map.of());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("trained_on", csvPath.getFileName().toString());
        meta.put("epochs", o.epochs());
        meta.put("optimizer", o.optimizer());
        meta.put("lr", o.lr());
        ModelFiles.save(net, savePath, tab.toJson(), meta); // the model first: a failing plot cannot lose it
        out.printf("trained %d epochs on %d rows (%d features), validated on %d%n", o.epochs(), cut, inputs, n - cut);
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

}
