package dev.nabla.spark;

import dev.nabla.backend.DType;
import dev.nabla.backend.HostBackend;
import dev.nabla.nn.Parameter;
import dev.nabla.optim.CompiledStep;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Checkpoint;
import dev.nabla.train.History;
import dev.nabla.train.Model;
import dev.nabla.train.TrainingContext;
import dev.nabla.train.callbacks.Callback;
import dev.nabla.train.metrics.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * One worker of synchronous data-parallel training (the loop of {@code Model.fit}, spread over
 * {@code p} workers). Worker {@code r} takes {@code b_r} rows of the global batch {@code B}
 * ({@code b_r = B/p}, the first {@code B mod p} workers one more) from its own shard; after the
 * backward pass the workers sum {@code b_r·∇L_r} and {@code b_r} by {@link RingAllReduce}, and each
 * sets every gradient to {@code Σ b_r·∇L_r / Σ b_r}: the gradient of the mean loss over the whole
 * global batch, as one process would compute it. The sums are bit-identical on every worker, so
 * the optimizers' steps, and the replicas, stay bit-identical. Each float32 gradient is a view of
 * one flat array that backward accumulates into and the ring sums in place, so a step allocates
 * no gradient buffers.
 *
 * <p>Every epoch has the same number of steps on every worker (the largest shard's); a worker
 * whose shard is used up contributes nothing ({@code b_r = 0}). The loss in the logs is the
 * global mean; each metric is the example-weighted mean of the workers' values (exact for
 * accuracy, MAE and MSE). Worker 0 runs the callbacks and writes the checkpoints; a stop asked
 * by a callback (early stopping) is shared with every worker at the end of the epoch.
 */
final class Replica {
    /** Test hook, called after each step with the worker's rank and the global step; may throw. */
    static volatile StepHook afterStep = (rank, step) -> { };

    /** See {@link #afterStep}. */
    interface StepHook {
        void after(int rank, long step);
    }

    private final Model model;
    private final RingAllReduce ring;
    private final SparkFitOptions options;
    private final List<Parameter> params;
    private final int numel;
    /** The trainable parameters' gradients, then the examples and the loss sum: what the ring sums. */
    private final float[] flat;
    /** Each parameter's gradient as a view of {@link #flat} (null where its data is not host float32). */
    private final Tensor[] views;
    /**
     * Runs each step under a planned memory when {@code options.compiled} or when the model's
     * eager steps {@linkplain Model#recyclesSteps recycle} theirs in {@code fit}, else null.
     */
    private final CompiledStep compiled;
    private final List<Long> checksums = new ArrayList<>();
    /** When the timed steps begin (the end of the first step, then of the first epoch), and steps before. */
    private long timedFrom;
    private int untimedSteps;
    private long lastStepEnd;
    private int steps;

    Replica(Model model, RingAllReduce ring, SparkFitOptions options) {
        this.model = model;
        this.ring = ring;
        this.options = options;
        this.params = model.parameters().stream().filter(Tensor::requiresGrad).toList();
        this.numel = params.stream().mapToInt(Parameter::numel).sum();
        this.flat = new float[numel + 2];
        this.views = new Tensor[params.size()];
        int offset = 0;
        for (int i = 0; i < views.length; i++) {
            Parameter p = params.get(i);
            if (p.backend() instanceof HostBackend host && p.dtype() == DType.FLOAT32) {
                views[i] = new Tensor(host.wrap(flat, offset, p.shape()), p.backend());
            }
            offset += p.numel();
        }
        this.compiled = options.compiled || model.recyclesSteps() ? CompiledStep.of(model.module(), model.optimizer(), (a, b) -> {
            throw new UnsupportedOperationException("the replica runs its own step");
        }) : null;
    }

    /** Rows of the global batch {@code batch} that worker {@code rank} of {@code p} takes per step. */
    static int localBatch(int batch, int rank, int p) {
        return batch / p + (rank < batch % p ? 1 : 0);
    }

    /**
     * Seconds of the steady steps: those after the first epoch when more followed, else all but
     * the first step. The first epoch warms up the JIT and the thread's array pool, and collects
     * the garbage of reading the partition.
     */
    double seconds() {
        return (lastStepEnd - timedFrom) / 1e9;
    }

    /** Steps timed by {@link #seconds()}. */
    int timedSteps() {
        return steps - untimedSteps;
    }

    private void startTiming() {
        timedFrom = lastStepEnd;
        untimedSteps = steps;
    }

    /** Checksums of the parameters after each step (when {@code verifyReplicas} is on). */
    long[] checksums() {
        return checksums.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Trains on this worker's shard: {@code x} is {@code [n, features]}, {@code y} {@code [n]}
     * (class indices) or {@code [n, outputs]}; every epoch has {@code stepsPerEpoch} steps.
     * Resumes from {@code checkpoint} when it is not null. Returns the history (worker 0's callbacks
     * and checkpoints included).
     */
    History train(Tensor x, Tensor y, int stepsPerEpoch, Path checkpoint) throws IOException {
        int rank = ring.rank();
        int b = localBatch(options.batchSize, rank, ring.size());
        History history = new History();
        long step = 0;
        int startEpoch = 0;
        if (checkpoint != null) {
            Checkpoint.Position at = Checkpoint.resume(checkpoint, model, history);
            startEpoch = at.epoch();
            step = at.step();
        }
        List<Callback> callbacks = rank == 0 ? options.callbacks.get() : List.of();
        Checkpoints checkpoints = rank == 0 && options.checkpointDir != null
                ? new Checkpoints(Path.of(options.checkpointDir), options.checkpointKeep) : null;
        TrainingContext context = new TrainingContext(model, options.epochs, stepsPerEpoch, options.verbose);
        callbacks.forEach(c -> c.onTrainBegin(context));
        int n = x.size(0);
        for (int epoch = startEpoch; epoch < options.epochs; epoch++) {
            for (Callback c : callbacks) {
                c.onEpochBegin(epoch);
            }
            model.module().train();
            model.metrics().forEach(Metric::reset);
            Tensor order = options.shuffle ? Tensor.randperm(new Generator(shuffleSeed(epoch, rank)), n) : null;
            double lossSum = 0;
            double seen = 0;
            long localSeen = 0;
            Map<String, Double> logs = new LinkedHashMap<>();
            for (int s = (int) (step - (long) epoch * stepsPerEpoch); s < stepsPerEpoch; s++) {
                int from = Math.min(n, s * b);
                int count = Math.min(b, n - from);
                Tensor rows = order != null ? order.narrow(0, from, count) : Tensor.arange((long) from, from + count, 1L);
                double[] global = step(x, y, rows, count);
                lossSum += global[0];
                seen += global[1];
                localSeen += count;
                step++;
                afterStep.after(rank, step);
                logs.put("loss", lossSum / seen);
                model.metrics().forEach(m -> logs.put(m.name(), m.result()));
                for (Callback c : callbacks) {
                    c.onBatchEnd(s, logs);
                }
                if (checkpoints != null && step % options.checkpointEvery == 0 && s < stepsPerEpoch - 1) {
                    checkpoints.save(model, new Checkpoint.Position(epoch, step), history);
                }
            }
            logs.putAll(globalMetrics(localSeen));
            history.append(logs);
            if (epoch == startEpoch && epoch + 1 < options.epochs) {
                startTiming();
            }
            for (Callback c : callbacks) {
                c.onEpochEnd(epoch, logs);
            }
            if (options.verbose == 2 && rank == 0) {
                System.out.println("epoch " + (epoch + 1) + "/" + options.epochs + " " + logs);
            }
            if (checkpoints != null && step % options.checkpointEvery == 0) {
                checkpoints.save(model, new Checkpoint.Position(epoch + 1, step), history);
            }
            float[] stop = {rank == 0 && model.stopRequested() ? 1 : 0};
            ring.sum(stop);
            if (stop[0] > 0) {
                break;
            }
        }
        callbacks.forEach(Callback::onTrainEnd);
        return history;
    }

    private long shuffleSeed(int epoch, int rank) {
        return options.seed * 1_000_003L + epoch * 7919L + rank;
    }

    /**
     * One synchronous step on {@code rows} of the shard, through {@code optimizer.step(closure)} as
     * {@code Model.fit}'s step: the closure backpropagates this worker's loss and replaces every
     * gradient by the global one (so an optimizer that re-evaluates the closure, such as LBFGS,
     * all-reduces each time, on every worker alike). Returns the global {loss sum, examples}.
     */
    private double[] step(Tensor x, Tensor y, Tensor rows, int count) {
        double[] global = compiled != null ? compiled.call(() -> update(x, y, rows, count)) : update(x, y, rows, count);
        if (options.verifyReplicas) {
            checksums.add(checksum());
        }
        lastStepEnd = System.nanoTime();
        if (steps++ == 0) {
            startTiming();
        }
        return global;
    }

    /** {@link #step}'s update: forward, backward, all-reduce, optimizer, metrics. */
    private double[] update(Tensor x, Tensor y, Tensor rows, int count) {
        Tensor xb = count > 0 ? x.indexSelect(0, rows) : null;
        Tensor yb = count > 0 ? y.indexSelect(0, rows) : null;
        double[] global = new double[2];
        Tensor[] firstOutput = new Tensor[1];
        model.optimizer().step(() -> {
            zeroGrad();
            if (count > 0) {
                Tensor out = model.forward(xb);
                Tensor loss = model.loss().forward(out, yb);
                loss.backward();
                if (firstOutput[0] == null) {
                    firstOutput[0] = out.detach();
                }
                gather();
                for (int i = 0; i < numel; i++) {
                    flat[i] *= count;
                }
                flat[numel] = count;
                flat[numel + 1] = (float) (loss.item() * count);
            }
            try {
                ring.sum(flat);
            } catch (IOException e) {
                throw new UncheckedIOException("spark: all-reduce failed: " + e.getMessage(), e);
            }
            float total = flat[numel];
            float inverse = 1 / total; // a multiplication vectorizes where a division pass cost a tenth of the step
            for (int i = 0; i < numel; i++) {
                flat[i] *= inverse;
            }
            scatter();
            if (global[1] == 0) { // the logs take the first evaluation's loss, as fit's
                global[0] = flat[numel + 1];
                global[1] = total;
            }
            return Tensor.scalar(flat[numel + 1] / total);
        });
        if (firstOutput[0] != null) {
            for (Metric m : model.metrics()) {
                m.update(firstOutput[0], yb);
            }
        }
        return global;
    }

    /**
     * Zeroes {@link #flat} and makes each view the gradient of its parameter, so that backward
     * accumulates into {@code flat} in place (the others' gradients are cleared, as by {@code zeroGrad}).
     */
    private void zeroGrad() {
        Arrays.fill(flat, 0f);
        for (int i = 0; i < views.length; i++) {
            params.get(i).setGrad(views[i]);
        }
    }

    /** Copies into {@link #flat} the gradients that backward did not leave in their views. */
    private void gather() {
        int offset = 0;
        for (int i = 0; i < views.length; i++) {
            Tensor g = params.get(i).grad();
            if (g != null && g != views[i]) {
                float[] values = g.toFloatArray();
                System.arraycopy(values, 0, flat, offset, values.length);
            }
            offset += params.get(i).numel();
        }
    }

    /** Gives each parameter its share of the summed {@link #flat}: its view, or a copy where it has none. */
    private void scatter() {
        int offset = 0;
        for (int i = 0; i < views.length; i++) {
            Parameter p = params.get(i);
            p.setGrad(views[i] != null ? views[i]
                    : Tensor.of(Arrays.copyOfRange(flat, offset, offset + p.numel()), p.shape()).to(p.dtype()));
            offset += p.numel();
        }
    }

    /** Each metric's example-weighted mean over the workers (for this epoch). */
    private Map<String, Double> globalMetrics(long localSeen) throws IOException {
        List<Metric> metrics = model.metrics();
        float[] sums = new float[metrics.size() + 1];
        for (int i = 0; i < metrics.size(); i++) {
            double v = metrics.get(i).result();
            sums[i] = localSeen == 0 || Double.isNaN(v) ? 0 : (float) (v * localSeen);
        }
        sums[metrics.size()] = localSeen;
        ring.sum(sums);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < metrics.size(); i++) {
            out.put(metrics.get(i).name(), (double) sums[i] / sums[metrics.size()]);
        }
        return out;
    }

    /** CRC-32C of the parameters' float bits. */
    private long checksum() {
        CRC32C crc = new CRC32C();
        for (Parameter p : params) {
            float[] v = p.toFloatArray();
            ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            crc.update(b.array());
        }
        return crc.getValue();
    }
}
