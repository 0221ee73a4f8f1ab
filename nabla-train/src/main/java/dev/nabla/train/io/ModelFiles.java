package dev.nabla.train.io;

import dev.nabla.io.AtomicFiles;
import dev.nabla.io.FormatException;
import dev.nabla.io.Json;
import dev.nabla.io.Safetensors;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Model;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Saves and loads a model as a directory (format {@code nabla-model}, version 1; see
 * {@code docs/model-format.md}): {@code model.json} (architecture, preprocessing, metadata and
 * the name and SHA-256 of the weights file) and {@code weights-<hash>.safetensors}.
 *
 * <p>Saving writes the weights file first and {@code model.json} last, each atomically; the new
 * {@code model.json} is the commit point, so a failure at any moment leaves the previous model
 * complete and loadable. Loading checks everything (format and version, known layer types,
 * configs, the weights' hash, that every tensor is present with the right shape and dtype and
 * no extra one) before it returns; any problem is a {@link FormatException} that says what is
 * wrong, and nothing is returned half-loaded.
 */
public final class ModelFiles {
    /** The {@code format} field of {@code model.json}. */
    public static final String FORMAT = "nabla-model";
    /** The version written; loading refuses any other. */
    public static final int VERSION = 1;
    /** The architecture file in a model directory. */
    public static final String MODEL_JSON = "model.json";
    private static final long MAX_JSON_BYTES = 64L << 20;

    /** Test hook: runs after the weights are written and before {@code model.json} is. */
    static volatile Runnable afterWeightsWritten = () -> { };

    private ModelFiles() {
    }

    /** What a model directory holds. */
    public record Saved(Module module, Map<String, Object> preprocessing, Map<String, Object> metadata) {
    }

    /** Saves {@code model}'s module into {@code dir}. */
    public static void save(Model model, Path dir) throws IOException {
        save(model.module(), dir, null, Map.of());
    }

    /** Saves {@code module} into {@code dir} (created if needed). */
    public static void save(Module module, Path dir) throws IOException {
        save(module, dir, null, Map.of());
    }

    /**
     * Saves {@code module} with optional {@code preprocessing} (any JSON-able map, e.g. fitted
     * scalers) and {@code metadata} into {@code dir}, replacing a model saved there before.
     */
    public static void save(Module module, Path dir, Map<String, ?> preprocessing, Map<String, ?> metadata)
            throws IOException {
        Map<String, Object> architecture = LayerRegistry.describe(module, "");
        Files.createDirectories(dir);
        byte[] weights = Safetensors.toBytes(module.stateDict(), Map.of("format", "pt"));
        String sha = sha256(weights);
        String weightsName = "weights-" + sha.substring(0, 16) + ".safetensors";
        AtomicFiles.write(dir.resolve(weightsName), weights);
        afterWeightsWritten.run();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("version", VERSION);
        json.put("architecture", architecture);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("file", weightsName);
        w.put("sha256", sha);
        w.put("bytes", weights.length);
        json.put("weights", w);
        if (preprocessing != null) {
            json.put("preprocessing", preprocessing);
        }
        json.put("metadata", metadata);
        AtomicFiles.write(dir.resolve(MODEL_JSON), Json.writePretty(json).getBytes(StandardCharsets.UTF_8));
        // Committed: remove weights of earlier saves (best effort).
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "weights-*.safetensors")) {
            for (Path p : old) {
                if (!p.getFileName().toString().equals(weightsName)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException ignored) {
            // a stale weights file is harmless
        }
    }

    /** Loads the module saved in {@code dir}. */
    public static Module load(Path dir) throws IOException {
        return read(dir).module();
    }

    /** Loads the module, preprocessing and metadata saved in {@code dir}. */
    @SuppressWarnings("unchecked")
    public static Saved read(Path dir) throws IOException {
        Path jsonPath = dir.resolve(MODEL_JSON);
        if (!Files.isRegularFile(jsonPath)) {
            throw new NoSuchFileException(jsonPath.toString(), null, "not a Nabla model directory (no " + MODEL_JSON + ")");
        }
        if (Files.size(jsonPath) > MAX_JSON_BYTES) {
            throw new FormatException(jsonPath + ": larger than " + MAX_JSON_BYTES + " bytes");
        }
        Object parsed;
        try {
            parsed = Json.parse(Files.readAllBytes(jsonPath), Json.DEFAULT_MAX_DEPTH);
        } catch (FormatException e) {
            throw new FormatException(jsonPath + ": " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> root)) {
            throw new FormatException(jsonPath + ": not a JSON object");
        }
        if (!FORMAT.equals(root.get("format"))) {
            throw new FormatException(jsonPath + ": format is " + root.get("format") + ", expected \"" + FORMAT + "\"");
        }
        if (!(root.get("version") instanceof Long v) || v != VERSION) {
            throw new FormatException(jsonPath + ": unsupported version " + root.get("version")
                    + " (this Nabla reads version " + VERSION + ")");
        }
        if (!(root.get("weights") instanceof Map<?, ?> w) || !(w.get("file") instanceof String file)
                || !(w.get("sha256") instanceof String sha)) {
            throw new FormatException(jsonPath + ": \"weights\" must be an object with \"file\" and \"sha256\"");
        }
        if (!file.matches("[A-Za-z0-9._-]+") || file.startsWith(".")) {
            throw new FormatException(jsonPath + ": bad weights file name \"" + file + "\"");
        }
        Path weightsPath = dir.resolve(file);
        if (!Files.isRegularFile(weightsPath)) {
            throw new FormatException(weightsPath + ": the weights file named in " + MODEL_JSON + " is missing");
        }
        byte[] bytes = Files.readAllBytes(weightsPath);
        if (!sha256(bytes).equals(sha)) {
            throw new FormatException(weightsPath + ": SHA-256 does not match " + MODEL_JSON
                    + " (truncated or corrupt weights file)");
        }
        // Built only now, with the weights' size as a budget: a config cannot ask for more memory
        // than the file could fill.
        Module module = LayerRegistry.build(root.get("architecture"), "", new long[] {bytes.length});
        Map<String, Tensor> tensors;
        try {
            tensors = Safetensors.read(bytes).tensors();
        } catch (FormatException e) {
            throw new FormatException(weightsPath + ": " + e.getMessage(), e);
        }
        loadChecked(module, tensors, weightsPath.toString());
        module.eval();
        Map<String, Object> pre = root.get("preprocessing") instanceof Map<?, ?> p ? (Map<String, Object>) p : null;
        Map<String, Object> meta = root.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        return new Saved(module, pre, meta);
    }

    /**
     * Loads {@code tensors} into {@code module} after checking that the names are exactly the
     * module's state and every shape and dtype matches; on any mismatch nothing is loaded.
     */
    public static void loadChecked(Module module, Map<String, Tensor> tensors, String source) throws FormatException {
        Map<String, Tensor> expected = module.stateDict();
        TreeSet<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(tensors.keySet());
        if (!missing.isEmpty()) {
            throw new FormatException(source + ": missing weights " + missing);
        }
        TreeSet<String> extra = new TreeSet<>(tensors.keySet());
        extra.removeAll(expected.keySet());
        if (!extra.isEmpty()) {
            throw new FormatException(source + ": unexpected weights " + extra);
        }
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            Tensor got = tensors.get(e.getKey());
            if (!Arrays.equals(got.shape(), e.getValue().shape())) {
                throw new FormatException(source + ": weight '" + e.getKey() + "' has shape "
                        + Arrays.toString(got.shape()) + ", the model expects " + Arrays.toString(e.getValue().shape()));
            }
            if (got.dtype() != e.getValue().dtype()) {
                throw new FormatException(source + ": weight '" + e.getKey() + "' has dtype " + got.dtype()
                        + ", the model expects " + e.getValue().dtype());
            }
        }
        module.loadStateDict(tensors);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
