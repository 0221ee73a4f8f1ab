package dev.nabla.train;

import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.Dataset;
import dev.nabla.data.TensorDataset;
import dev.nabla.loss.Loss;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.callbacks.Callback;
import dev.nabla.train.callbacks.LearningRateScheduler;
import dev.nabla.train.callbacks.ProgressBar;
import dev.nabla.train.metrics.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's training workflow around any {@link Module}: {@link #compile} with an optimizer, a
 * loss and metrics, then {@link #fit}, {@link #evaluate} and {@link #predict}.
 *
 * <pre>{@code
 * Model model = new Model(net).compile(new Adam(net.parameters(), 1e-3), new MSELoss(), Regression.mae());
 * History h = model.fit(xTrain, yTrain, new FitOptions().epochs(10).batchSize(32).validationSplit(0.2));
 * Map<String, Double> test = model.evaluate(xTest, yTest);
 * }</pre>
 *
 * One training step is exactly the hand-written loop: {@code out = module.forward(x)},
 * {@code loss = lossFn.forward(out, y)}, {@code optimizer.zeroGrad()}, {@code loss.backward()},
 * {@code optimizer.step()}.
 */
public class Model {
    private final Module module;
    private Optimizer optimizer;
    private Loss loss;
    private List<Metric> metrics = List.of();
    private boolean stopRequested;
    private long globalStep;

    /** A model around {@code module} (call {@link #compile} before training). */
    public Model(Module module) {
        this.module = module;
    }

    /** The wrapped network. */
    public Module module() {
        return module;
    }

    /** The module's parameters, for the optimizer. */
    public List<Parameter> parameters() {
        return module.parameters();
    }

    /** The optimizer given to {@link #compile}. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** Sets the optimizer, the loss and the metrics to report; returns {@code this}. */
    public Model compile(Optimizer optimizer, Loss loss, Metric... metrics) {
        this.optimizer = optimizer;
        this.loss = loss;
        this.metrics = List.of(metrics);
        return this;
    }

    /** The module's output for {@code x}, recording gradients (the forward pass). */
    public Tensor forward(Tensor x) {
        return module.forward(x);
    }

    /** Asks {@link #fit} to stop after the current epoch (used by early stopping). */
    public void stopTraining() {
        stopRequested = true;
    }

    /** Trains on tensors: {@code x} is {@code [n, ...]} and {@code y} is {@code [n, ...]}. */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        if (options.validationSplit > 0 && options.validationData == null) {
            int n = x.size(0);
            int cut = (int) (n * (1 - options.validationSplit));
            if (cut == 0 || cut == n) {
                throw new IllegalArgumentException("fit: validationSplit " + options.validationSplit
                        + " leaves an empty training or validation set of " + n + " examples");
            }
            Dataset val = new TensorDataset(x.narrow(0, cut, n - cut), y.narrow(0, cut, n - cut));
            return fit(new TensorDataset(x.narrow(0, 0, cut), y.narrow(0, 0, cut)), val, options);
        }
        return fit(new TensorDataset(x, y), options.validationData, options);
    }

    /** Trains on a dataset, validating on {@code options}' validation data if any. */
    public History fit(Dataset train, FitOptions options) {
        return fit(train, options.validationData, options);
    }

    private History fit(Dataset train, Dataset validation, FitOptions options) {
        requireCompiled("fit");
        DataLoader loader = DataLoader.builder(train).batchSize(options.batchSize).shuffle(options.shuffle)
                .seed(options.seed).build();
        List<Callback> callbacks = new ArrayList<>();
        if (options.verbose > 0) {
            callbacks.add(new ProgressBar(System.out));
        }
        callbacks.addAll(options.callbacks);
        TrainingContext context = new TrainingContext(this, options.epochs, loader.size(), options.verbose);
        History history = new History();
        stopRequested = false;
        TrainingState state = new TrainingState(module, optimizer, schedulesOf(options), loader.generator(), history);
        int startEpoch = 0;
        globalStep = 0;
        if (options.resumeFrom != null) {
            Checkpoint.State saved = state.resume(options.resumeFrom);
            startEpoch = saved.epoch();
            globalStep = saved.step();
        }
        CheckpointWriter checkpoints = options.checkpointDir == null ? null : new CheckpointWriter(options, state);
        if (checkpoints != null) {
            checkpoints.resumed(history);
        }
        callbacks.forEach(c -> c.onTrainBegin(context));
        for (int epoch = startEpoch; epoch < options.epochs && !stopRequested; epoch++) {
            for (Callback c : callbacks) {
                c.onEpochBegin(epoch);
            }
            Map<String, Double> logs = trainEpoch(loader, callbacks);
            if (validation != null) {
                evaluate(validation, options.batchSize).forEach((k, v) -> logs.put("val_" + k, v));
            }
            history.append(logs);
            for (Callback c : callbacks) {
                c.onEpochEnd(epoch, logs);
            }
            if (checkpoints != null) {
                checkpoints.afterEpoch(epoch, globalStep, logs);
            }
        }
        callbacks.forEach(Callback::onTrainEnd);
        return history;
    }

    /** The learning-rate schedules stepped by callbacks, in order, so checkpoints can save their state. */
    private static List<Object> schedulesOf(FitOptions options) {
        List<Object> schedules = new ArrayList<>();
        for (Callback c : options.callbacks) {
            if (c instanceof LearningRateScheduler l) {
                schedules.add(l.schedule() != null ? l.schedule() : l.plateau());
            }
        }
        return schedules;
    }

    private Map<String, Double> trainEpoch(DataLoader loader, List<Callback> callbacks) {
        module.train();
        metrics.forEach(Metric::reset);
        double lossSum = 0;
        long seen = 0;
        Map<String, Double> logs = new LinkedHashMap<>();
        int step = 0;
        for (Batch batch : loader) {
            Tensor out = module.forward(batch.x());
            Tensor l = loss.forward(out, batch.y());
            optimizer.zeroGrad();
            l.backward();
            optimizer.step();
            globalStep++;
            int n = batch.size();
            lossSum += l.item() * n;
            seen += n;
            Tensor detached = out.detach();
            for (Metric m : metrics) {
                m.update(detached, batch.y());
            }
            logs.put("loss", lossSum / seen);
            metrics.forEach(m -> logs.put(m.name(), m.result()));
            for (Callback c : callbacks) {
                c.onBatchEnd(step, logs);
            }
            step++;
        }
        return logs;
    }

    /** Loss and metrics on tensors, in batches of 32, without gradients. */
    public Map<String, Double> evaluate(Tensor x, Tensor y) {
        return evaluate(new TensorDataset(x, y), 32);
    }

    /**
     * Loss and metrics on a dataset, in eval mode and without gradients. The loss is the mean
     * over examples of each batch's loss weighted by its size.
     */
    public Map<String, Double> evaluate(Dataset data, int batchSize) {
        requireCompiled("evaluate");
        boolean wasTraining = module.isTraining();
        module.eval();
        metrics.forEach(Metric::reset);
        double lossSum = 0;
        long seen = 0;
        try (var noGrad = Tensor.noGrad()) {
            for (Batch batch : new DataLoader(data, batchSize)) {
                Tensor out = module.forward(batch.x());
                lossSum += loss.forward(out, batch.y()).item() * batch.size();
                seen += batch.size();
                for (Metric m : metrics) {
                    m.update(out, batch.y());
                }
            }
        } finally {
            module.train(wasTraining);
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", lossSum / seen);
        metrics.forEach(m -> logs.put(m.name(), m.result()));
        return logs;
    }

    /** The module's outputs for {@code x}, in batches of 32. */
    public Tensor predict(Tensor x) {
        return predict(x, 32);
    }

    /** The module's outputs for {@code x} ({@code [n, ...]}), batched, in eval mode, without gradients. */
    public Tensor predict(Tensor x, int batchSize) {
        boolean wasTraining = module.isTraining();
        module.eval();
        List<Tensor> outputs = new ArrayList<>();
        try (var noGrad = Tensor.noGrad()) {
            for (Tensor part : x.split(batchSize, 0)) {
                outputs.add(module.forward(part));
            }
        } finally {
            module.train(wasTraining);
        }
        return outputs.size() == 1 ? outputs.get(0) : Tensor.concat(outputs, 0);
    }

    // ---- for training loops outside fit (e.g. nabla-spark's data-parallel trainer) ----------

    /** The loss given to {@link #compile}. */
    public Loss loss() {
        return loss;
    }

    /** The metrics given to {@link #compile}, in order. */
    public List<Metric> metrics() {
        return metrics;
    }

    /** Whether {@link #stopTraining} was called since training started. */
    public boolean stopRequested() {
        return stopRequested;
    }

    /** A table of the layers with output shapes and parameter counts; see {@link Summary}. */
    public String summary(int... inputShape) {
        return Summary.of(module, inputShape);
    }

    private void requireCompiled(String op) {
        if (optimizer == null || loss == null) {
            throw new IllegalStateException(op + ": call compile(optimizer, loss, metrics...) first");
        }
    }
}
