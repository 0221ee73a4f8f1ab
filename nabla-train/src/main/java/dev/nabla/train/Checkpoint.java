package dev.nabla.train;

import dev.nabla.io.AtomicFiles;
import dev.nabla.io.FormatException;
import dev.nabla.io.Json;
import dev.nabla.io.Safetensors;
import dev.nabla.nn.Module;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.OptimizerState;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.Stateful;
import dev.nabla.train.io.ModelFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A training checkpoint in one safetensors file, written atomically: the model's weights
 * ({@code model/<name>}), the optimizer's buffers ({@code optimizer/<param index>/<buffer>}) and,
 * in the metadata key {@code nabla_checkpoint}, a JSON object with the format version, the
 * completed epochs, the global step, the optimizer's groups and step counts, the state of each
 * learning-rate schedule stepped by a {@code LearningRateScheduler} callback, the random
 * generators' states (the default generator, the fit's shuffle generator and each Dropout's own
 * generator) and the history so far; the metadata key {@code nabla_sha256} holds the SHA-256 of
 * all the rest, so a flipped byte anywhere is refused rather than resumed from.
 *
 * <p>{@link FitOptions#resumeFrom(Path)} restores all of it, so a run resumed from the checkpoint
 * of epoch k ends with bit-identical weights to a run that never stopped.
 */
public final class Checkpoint {
    /** The metadata key holding the JSON state. */
    public static final String KEY = "nabla_checkpoint";
    /** The version written; loading refuses any other. */
    public static final int VERSION = 1;
    /** The metadata key holding the SHA-256 of the rest of the file (see {@link #checksum}). */
    public static final String CHECKSUM_KEY = "nabla_sha256";

    /** The state read back from a checkpoint file. */
    record State(int epoch, long step, OptimizerState optimizer, List<Map<String, Object>> schedules,
            long[] defaultGenerator, long[] shuffleGenerator, List<long[]> dropoutGenerators,
            Map<String, List<Double>> history, Map<String, Tensor> weights, String optimizerType) {
    }

    /** Test hook: wraps the stream a checkpoint file is written to (e.g. to fail part-way). */
    static volatile BiFunction<Path, OutputStream, OutputStream> writeHook = (file, out) -> out;

    private Checkpoint() {
    }

    static void save(Path file, Module module, Optimizer optimizer, List<Stateful<Map<String, Object>>> schedules, int epoch, long step,
            Generator shuffle, List<Generator> dropout, History history) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        module.stateDict().forEach((k, v) -> tensors.put("model/" + k, v));
        OptimizerState os = optimizer.stateDict();
        os.buffers().forEach((i, bufs) -> bufs.forEach((name, t) -> tensors.put("optimizer/" + i + "/" + name, t)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", VERSION);
        json.put("epoch", epoch);
        json.put("step", step);
        List<Object> groups = new ArrayList<>();
        for (OptimizerState.Group g : os.groups()) {
            groups.add(Map.of("options", new LinkedHashMap<>(g.options()), "num_params", g.numParams()));
        }
        Map<String, Object> steps = new LinkedHashMap<>();
        os.steps().forEach((i, n) -> steps.put(Integer.toString(i), n));
        Map<String, Object> opt = new LinkedHashMap<>();
        opt.put("type", optimizer.getClass().getSimpleName());
        opt.put("groups", groups);
        opt.put("steps", steps);
        json.put("optimizer", opt);
        json.put("schedules", ScheduleStates.describe(schedules));
        Map<String, Object> gens = new LinkedHashMap<>();
        gens.put("default", longs(Generator.getDefault().stateDict()));
        gens.put("shuffle", longs(shuffle.stateDict()));
        List<Object> drop = new ArrayList<>();
        dropout.forEach(g -> drop.add(longs(g.stateDict())));
        gens.put("dropout", drop);
        json.put("generators", gens);
        json.put("history", history.asMap());
        Map<String, String> metadata = new LinkedHashMap<>(Map.of(KEY, Json.write(json)));
        metadata.put(CHECKSUM_KEY, checksum(tensors, metadata));
        AtomicFiles.write(file, out -> Safetensors.write(tensors, metadata, writeHook.apply(file, out)));
    }

    /**
     * The SHA-256 of the safetensors file that {@code tensors} and {@code metadata} make (without
     * the checksum itself), streamed through the digest rather than built in memory.
     */
    private static String checksum(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        OutputStream out = new BufferedOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), md), 1 << 16);
        Safetensors.write(tensors, metadata, out);
        out.flush();
        return HexFormat.of().formatHex(md.digest());
    }

    /** Refuses a checkpoint whose content does not match the checksum it was written with. */
    private static void verify(Path file, Safetensors.Contents c) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>(c.metadata());
        String expected = metadata.remove(CHECKSUM_KEY);
        if (expected == null) {
            throw new FormatException(file + ": the checkpoint has no checksum (" + CHECKSUM_KEY + ")");
        }
        if (!checksum(c.tensors(), metadata).equals(expected)) {
            throw new FormatException(file + ": the checkpoint does not match its checksum (corrupt file)");
        }
    }

    // ---- for training loops outside fit (e.g. nabla-spark, which checkpoints every N steps) ----

    /** Where a checkpoint was taken: {@code epoch} epochs completed and {@code step} steps in all. */
    public record Position(int epoch, long step) {
    }

    /**
     * Saves {@code model}'s weights and optimizer state, the default generator, {@code history} and
     * the position, atomically, for a loop that keeps its own data order (no shuffle generator, no
     * schedules or Dropout generators are saved).
     */
    public static void save(Path file, Model model, Position at, History history) throws IOException {
        save(file, model.module(), model.optimizer(), List.of(), at.epoch(), at.step(), new Generator(0), List.of(),
                history);
    }

    /** Restores a checkpoint written by {@link #save(Path, Model, Position, History)}; returns its position. */
    public static Position resume(Path file, Model model, History history) throws IOException {
        State s = read(file);
        restore(file, s, model.module(), model.optimizer(), List.of(), new Generator(0), List.of(), history);
        return new Position(s.epoch(), s.step());
    }

    private static List<Object> longs(long[] a) {
        List<Object> out = new ArrayList<>();
        for (long v : a) {
            out.add(v);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static State read(Path file) throws IOException {
        Safetensors.Contents c = Safetensors.read(file);
        String text = c.metadata().get(KEY);
        if (text == null) {
            throw new FormatException(file + ": not a Nabla checkpoint (no " + KEY + " metadata)");
        }
        verify(file, c);
        try {
            Map<String, Object> json = (Map<String, Object>) Json.parse(text);
            if (!Long.valueOf(VERSION).equals(json.get("version"))) {
                throw new FormatException(file + ": unsupported checkpoint version " + json.get("version"));
            }
            Map<String, Object> opt = (Map<String, Object>) json.get("optimizer");
            List<OptimizerState.Group> groups = new ArrayList<>();
            for (Object g : (List<Object>) opt.get("groups")) {
                Map<String, Object> gm = (Map<String, Object>) g;
                Map<String, Double> options = new LinkedHashMap<>();
                ((Map<String, Object>) gm.get("options")).forEach((k, v) -> options.put(k, ((Number) v).doubleValue()));
                groups.add(new OptimizerState.Group(options, ((Long) gm.get("num_params")).intValue()));
            }
            Map<Integer, Long> steps = new LinkedHashMap<>();
            ((Map<String, Object>) opt.get("steps")).forEach((k, v) -> steps.put(Integer.parseInt(k), (Long) v));
            Map<Integer, Map<String, Tensor>> buffers = new LinkedHashMap<>();
            Map<String, Tensor> weights = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
                String k = e.getKey();
                if (k.startsWith("model/")) {
                    weights.put(k.substring(6), e.getValue());
                } else if (k.startsWith("optimizer/")) {
                    String[] parts = k.split("/", 3);
                    buffers.computeIfAbsent(Integer.parseInt(parts[1]), x -> new LinkedHashMap<>()).put(parts[2], e.getValue());
                } else {
                    throw new FormatException(file + ": unexpected tensor '" + k + "' in a checkpoint");
                }
            }
            Map<String, Object> gens = (Map<String, Object>) json.get("generators");
            List<long[]> dropout = new ArrayList<>();
            for (Object d : (List<Object>) gens.get("dropout")) {
                dropout.add(toLongs(d));
            }
            Map<String, List<Double>> history = new LinkedHashMap<>();
            ((Map<String, Object>) json.get("history")).forEach((k, v) -> {
                List<Double> vals = new ArrayList<>();
                ((List<Object>) v).forEach(x -> vals.add(((Number) x).doubleValue()));
                history.put(k, vals);
            });
            return new State(((Long) json.get("epoch")).intValue(), (Long) json.get("step"),
                    new OptimizerState(groups, steps, buffers), ScheduleStates.read(json),
                    toLongs(gens.get("default")), toLongs(gens.get("shuffle")), dropout, history, weights,
                    (String) opt.get("type"));
        } catch (ClassCastException | NullPointerException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new FormatException(file + ": malformed checkpoint state (" + e + ")");
        }
    }

    @SuppressWarnings("unchecked")
    private static long[] toLongs(Object o) {
        List<Object> list = (List<Object>) o;
        if (list.size() != 4) {
            throw new ClassCastException("a generator state has 4 longs, got " + list.size());
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Long) list.get(i);
        }
        return out;
    }

    /** Restores {@code state} into the module, optimizer, schedule and generators (checked first). */
    static void restore(Path file, State s, Module module, Optimizer optimizer, List<Stateful<Map<String, Object>>> schedules,
            Generator shuffle, List<Generator> dropout, History history) throws IOException {
        if (s.dropoutGenerators().size() != dropout.size()) {
            throw new FormatException(file + ": the checkpoint has " + s.dropoutGenerators().size()
                    + " Dropout generators, the model has " + dropout.size());
        }
        ScheduleStates.check(file, s.schedules(), schedules);
        String type = optimizer.getClass().getSimpleName();
        if (s.optimizerType() != null && !s.optimizerType().equals(type)) { // before anything is loaded
            throw new FormatException(file + ": the checkpoint was written with the " + s.optimizerType()
                    + " optimizer, this model is compiled with " + type + "; resume with the same optimizer");
        }
        var groups = optimizer.paramGroups();
        boolean sameGroups = groups.size() == s.optimizer().groups().size();
        for (int i = 0; sameGroups && i < groups.size(); i++) {
            sameGroups = groups.get(i).params().size() == s.optimizer().groups().get(i).numParams();
        }
        if (!sameGroups) {
            throw new FormatException(file + ": the checkpoint's optimizer groups do not match this optimizer's");
        }
        ModelFiles.loadChecked(module, s.weights(), file.toString()); // checks everything, then loads
        try {
            optimizer.loadStateDict(s.optimizer());
        } catch (IllegalArgumentException e) {
            throw new FormatException(file + ": " + e.getMessage());
        }
        ScheduleStates.restore(s.schedules(), schedules);
        Generator.getDefault().loadStateDict(s.defaultGenerator());
        shuffle.loadStateDict(s.shuffleGenerator());
        for (int i = 0; i < dropout.size(); i++) {
            dropout.get(i).loadStateDict(s.dropoutGenerators().get(i));
        }
        int n = s.epoch();
        for (int e = 0; e < n; e++) {
            Map<String, Double> logs = new LinkedHashMap<>();
            final int epoch = e;
            s.history().forEach((k, v) -> {
                if (epoch < v.size()) {
                    logs.put(k, v.get(epoch));
                }
            });
            history.append(logs);
        }
    }
}
