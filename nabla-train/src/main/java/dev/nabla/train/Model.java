package dev.nabla.train;

import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.Dataset;
import dev.nabla.data.TensorDataset;
import dev.nabla.loss.Loss;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.optim.CompiledStep;
import dev.nabla.optim.LBFGS;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.Stateful;
import dev.nabla.train.callbacks.Callback;
import dev.nabla.train.callbacks.LearningRateScheduler;
import dev.nabla.train.callbacks.ProgressBar;
import dev.nabla.train.metrics.Metric;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

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
 * {@code optimizer.step(closure)} (so that LBFGS, which re-evaluates the closure, trains too);
 * override {@link #trainStep} (Keras's {@code train_step}) and
 * {@link #testStep} for another step, and {@code fit} still does the looping, metrics,
 * callbacks and checkpoints. {@code fit} takes tensors, a {@link Dataset}, a {@link DataLoader}
 * or any {@code Iterable<Batch>}.
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

    /** The loss given to {@link #compile}. */
    public Loss loss() {
        return loss;
    }

    /**
     * What one step gives back.
     *
     * @param loss   the batch's loss, a scalar
     * @param output the module's output, for the metrics (may be null when none are compiled)
     */
    public record StepResult(Tensor loss, Tensor output) {
    }

    /** Sets the optimizer, the loss and the metrics to report; returns {@code this}. */
    public Model compile(Optimizer optimizer, Loss loss, Metric... metrics) {
        if (optimizer != null && updatesNoneOf(optimizer, module.parameters())) {
            throw new IllegalArgumentException("compile: the optimizer updates none of this model's parameters, so"
                    + " training would change nothing; build it from this model's, e.g. new Adam(model.parameters(),"
                    + " lr)");
        }
        this.optimizer = optimizer;
        this.loss = loss;
        this.metrics = List.of(metrics);
        return this;
    }

    /** The module's output for {@code x}, recording gradients (the forward pass). */
    public Tensor forward(Tensor x) {
        return module.forward(x);
    }

    /**
     * Asks {@link #fit} to stop: called from {@code onBatchEnd}, after that batch; from
     * {@code onEpochEnd}, after that epoch (as early stopping does).
     */
    public void stopTraining() {
        stopRequested = true;
    }

    /** Trains on tensors: {@code x} is {@code [n, ...]} and {@code y} is {@code [n, ...]}. */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        if (x.dim() == 0 || x.size(0) == 0) {
            throw new IllegalArgumentException("fit: no training examples (x has shape "
                    + Arrays.toString(x.shape()) + "; the first dimension counts the examples)");
        }
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
        return fit(DataLoader.builder(train).batchSize(options.batchSize).shuffle(options.shuffle).seed(options.seed)
                .build(), validation, options);
    }

    /**
     * Trains on the batches of {@code batches} (a {@link DataLoader}, a list, or any iterable that
     * gives an epoch's batches each time it is iterated), validating on {@code options}'
     * validation data if any; {@code options}' batch size, shuffling and seed are then the
     * iterable's business.
     */
    public History fit(Iterable<Batch> batches, FitOptions options) {
        return fit(batches, options.validationData, options);
    }

    private History fit(Iterable<Batch> loader, Dataset validation, FitOptions options) {
        requireCompiled("fit");
        int stepsPerEpoch = loader instanceof DataLoader d ? d.size() : loader instanceof Collection<?> c ? c.size() : 0;
        // Only a DataLoader shuffles; otherwise the checkpoint's shuffle generator is an idle one.
        Generator shuffle = loader instanceof DataLoader d ? d.generator() : new Generator(0);
        List<Callback> callbacks = new ArrayList<>();
        if (options.verbose > 0) {
            callbacks.add(new ProgressBar(System.out));
        }
        callbacks.addAll(options.callbacks);
        TrainingContext context = new TrainingContext(this, options.epochs, stepsPerEpoch, options.verbose);
        History history = new History();
        stopRequested = false;
        TrainingState state = new TrainingState(module, optimizer, schedulesOf(options), shuffle, history);
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
        CompiledStep compiled = options.compiled || recyclesSteps()
                ? CompiledStep.of(module, optimizer, module::forward, loss::forward) : null;
        boolean replayed = options.compiled && !overridesTrainStep();
        for (int epoch = startEpoch; epoch < options.epochs && !stopRequested; epoch++) {
            for (Callback c : callbacks) {
                c.onEpochBegin(epoch);
            }
            Map<String, Double> logs = trainEpoch(loader, callbacks, compiled, replayed);
            if (validation != null) {
                evaluate(validation, options.batchSize).forEach((k, v) -> logs.put("val_" + k, v));
            }
            history.append(logs);
            for (Callback c : callbacks) {
                c.onEpochEnd(epoch, logs);
            }
            if (checkpoints != null && Double.isFinite(logs.getOrDefault("loss", 0.0))) { // never a diverged model
                checkpoints.afterEpoch(epoch, globalStep, logs);
            }
        }
        callbacks.forEach(Callback::onTrainEnd);
        return history;
    }

    /** The learning-rate schedules stepped by callbacks, in order, so checkpoints can save their state. */
    private static List<Stateful<Map<String, Object>>> schedulesOf(FitOptions options) {
        List<Stateful<Map<String, Object>>> schedules = new ArrayList<>();
        for (Callback c : options.callbacks) {
            if (c instanceof LearningRateScheduler l) {
                schedules.add(l.schedule() != null ? l.schedule() : l.plateau());
            }
        }
        return schedules;
    }

    /**
     * One epoch of training steps: replayed by {@code compiled} when {@code replayed}, else eager,
     * under {@code compiled}'s memory plan when it is not null.
     */
    private Map<String, Double> trainEpoch(Iterable<Batch> loader, List<Callback> callbacks, CompiledStep compiled,
                                           boolean replayed) {
        module.train();
        metrics.forEach(Metric::reset);
        double lossSum = 0;
        long seen = 0;
        Map<String, Double> logs = new LinkedHashMap<>();
        int step = 0;
        for (Batch batch : loader) {
            double l = compiled == null ? step(batch)
                    : replayed ? replayedStep(compiled, batch) : compiled.call(() -> step(batch));
            globalStep++;
            int n = batch.size();
            lossSum += l * n;
            seen += n;
            logs.put("loss", lossSum / seen);
            metrics.forEach(m -> logs.put(m.name(), m.result()));
            for (Callback c : callbacks) {
                c.onBatchEnd(step, logs);
            }
            step++;
            if (stopRequested) {
                break;
            }
        }
        return logs;
    }

    /** {@link #trainStep} on {@code batch} and the metrics' update; returns the loss. */
    private double step(Batch batch) {
        StepResult r = trainStep(batch);
        updateMetrics(r.output(), batch);
        return r.loss().item();
    }

    /** The default {@link #trainStep} as a compiled step, captured once and then replayed; returns the loss. */
    private double replayedStep(CompiledStep compiled, Batch batch) {
        double l = compiled.run(batch.x(), batch.y());
        updateMetrics(compiled.output(), batch);
        return l;
    }

    private void updateMetrics(Tensor output, Batch batch) {
        Tensor detached = metrics.isEmpty() ? null : output.detach();
        for (Metric m : metrics) {
            m.update(detached, batch.y());
        }
    }

    /**
     * Whether {@link #fit}'s eager steps give the arrays they made back to the thread's pool when
     * they end (a {@link CompiledStep#call memory plan}), as PyTorch frees a step's tensors when
     * the last reference goes: only when all the code that runs inside a step is Nabla's own (this
     * model's class, so the default {@link #trainStep}, every layer of the module, the loss, the
     * metrics, an optimizer other than LBFGS), which keeps nothing a step makes beyond it but
     * parameters, gradients, buffers and optimizer state. A class of the user's might (a cache, an
     * attention map kept for a plot), so its steps allocate afresh.
     */
    public boolean recyclesSteps() {
        requireCompiled("recyclesSteps");
        if (!isNabla(this) || optimizer instanceof LBFGS || !isNabla(optimizer) || !isNabla(loss)) {
            return false;
        }
        return metrics.stream().allMatch(Model::isNabla) && module.modules().stream().allMatch(Model::isNabla);
    }

    /** Whether {@code o}'s class is one of Nabla's own, from its main code (not a test's). */
    private static boolean isNabla(Object o) {
        Class<?> c = o.getClass();
        CodeSource source = c.getProtectionDomain().getCodeSource();
        return c.getName().startsWith("dev.nabla.") && source != null && source.getLocation() != null
                && !source.getLocation().getPath().contains("test-classes");
    }

    /** Whether a subclass replaces {@link #trainStep}, which a compiled step then runs as it is (not replayed). */
    private boolean overridesTrainStep() {
        for (Class<?> c = getClass(); c != Model.class; c = c.getSuperclass()) {
            try {
                c.getDeclaredMethod("trainStep", Batch.class);
                return true;
            } catch (NoSuchMethodException e) {
                // not in this class; look further up
            }
        }
        return false;
    }

    /**
     * One training step on {@code batch} (Keras's {@code train_step}): forward, loss,
     * {@code zeroGrad}, backward, optimizer step. Override for another step (several losses,
     * gradient clipping, a reshaped target); called in training mode.
     */
    protected StepResult trainStep(Batch batch) {
        Tensor out = module.forward(batch.x());
        Tensor l = loss.forward(out, batch.y());
        optimizer.step(closure(batch, l));
        return new StepResult(l, out);
    }

    /**
     * One evaluation step on {@code batch} (Keras's {@code test_step}): forward and loss; called
     * in eval mode without gradients. Override together with {@link #trainStep}.
     */
    protected StepResult testStep(Batch batch) {
        Tensor out = module.forward(batch.x());
        return new StepResult(loss.forward(out, batch.y()), out);
    }

    /**
     * The closure of {@link Optimizer#step(Supplier)} for one batch: its first call backpropagates
     * the loss already computed, later calls (LBFGS re-evaluates) recompute it.
     */
    private Supplier<Tensor> closure(Batch batch, Tensor first) {
        boolean[] used = {false};
        return () -> {
            Tensor l = used[0] ? loss.forward(module.forward(batch.x()), batch.y()) : first;
            used[0] = true;
            optimizer.zeroGrad();
            l.backward();
            return l;
        };
    }

    /** Loss and metrics on tensors, in batches of 32, without gradients. */
    public Map<String, Double> evaluate(Tensor x, Tensor y) {
        return evaluate(new TensorDataset(x, y), 32);
    }

    /**
     * Loss and metrics on a dataset, as in eval mode (see {@link #predict(Tensor, int)}) and
     * without gradients. The loss is the mean
     * over examples of each batch's loss weighted by its size.
     */
    public Map<String, Double> evaluate(Dataset data, int batchSize) {
        return evaluate(new DataLoader(data, batchSize));
    }

    /** Loss and metrics over {@code batches}, as {@link #evaluate(Dataset, int)}. */
    public Map<String, Double> evaluate(Iterable<Batch> batches) {
        requireCompiled("evaluate");
        metrics.forEach(Metric::reset);
        double lossSum = 0;
        long seen = 0;
        try (var inference = Module.inference(); var noGrad = Tensor.noGrad()) {
            for (Batch batch : batches) {
                StepResult r = testStep(batch);
                lossSum += r.loss().item() * batch.size();
                seen += batch.size();
                for (Metric m : metrics) {
                    m.update(r.output(), batch.y());
                }
            }
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

    /**
     * The module's outputs for {@code x} ({@code [n, ...]}), batched, computed as in eval mode
     * (in a {@link Module#inference()} scope, which changes no module's mode) and without
     * gradients. Safe to call from several threads at once.
     */
    public Tensor predict(Tensor x, int batchSize) {
        List<Tensor> outputs = new ArrayList<>();
        try (var inference = Module.inference(); var noGrad = Tensor.noGrad()) {
            for (Tensor part : x.split(batchSize, 0)) {
                outputs.add(module.forward(part));
            }
        }
        return outputs.size() == 1 ? outputs.get(0) : Tensor.concat(outputs, 0);
    }

    // ---- for training loops outside fit (e.g. nabla-spark's data-parallel trainer) ----------

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

    /** True if the model has parameters and the optimizer has some, none of them the model's. */
    private static boolean updatesNoneOf(Optimizer optimizer, List<Parameter> params) {
        Set<Object> own = Collections.newSetFromMap(new IdentityHashMap<>());
        own.addAll(params);
        boolean any = false;
        for (var group : optimizer.paramGroups()) {
            for (Object p : group.params()) {
                if (own.contains(p)) {
                    return false;
                }
                any = true;
            }
        }
        return any && !own.isEmpty();
    }

    private void requireCompiled(String op) {
        if (optimizer == null || loss == null) {
            throw new IllegalStateException(op + ": call compile(optimizer, loss, metrics...) first");
        }
    }
}
