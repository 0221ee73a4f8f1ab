package dev.nabla.train.io;

import dev.nabla.backend.HeapBudget;
import dev.nabla.io.AtomicFiles;
import dev.nabla.io.DirectoryLock;
import dev.nabla.io.FormatException;
import dev.nabla.io.Json;
import dev.nabla.io.Safetensors;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Model;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.regex.Pattern;

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
    private static final Pattern WEIGHTS_NAME = Pattern.compile("weights-[0-9a-f]{16}\\.safetensors");

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
        if (dir.toString().isEmpty()) {
            throw new IllegalArgumentException("ModelFiles.save: the directory path is empty");
        }
        Map<String, Object> architecture = LayerRegistry.describe(module, "");
        Files.createDirectories(dir);
        try (DirectoryLock lock = DirectoryLock.acquire(dir)) {
            refuseForeignFiles(dir);
            AtomicFiles.deleteTemporaries(dir, "weights-*.safetensors");
            AtomicFiles.deleteTemporaries(dir, MODEL_JSON);
            String previous = weightsNamedIn(dir);
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
            // Committed: remove the weights the previous model.json named (and only those).
            if (previous != null && !previous.equals(weightsName)) {
                Files.deleteIfExists(dir.resolve(previous));
            }
        }
    }

    /**
     * Checks, before any work, that {@link #save} could write into {@code dir}: it is new (its
     * parent then must exist) or a directory holding only a model's files.
     *
     * @throws IOException saying why not
     */
    public static void checkSavable(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (dir.toString().isEmpty() || parent == null) {
            throw new IOException("cannot save a model into '" + dir + "': give a new or empty directory");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("cannot save a model into " + dir + ": it is a file, not a directory");
        }
        if (Files.isDirectory(dir)) {
            refuseForeignFiles(dir);
        } else if (!Files.isDirectory(parent)) {
            throw new IOException("cannot save a model into " + dir + ": " + (Files.exists(parent)
                    ? parent + " is a file, not a directory" : "the directory " + parent + " does not exist"));
        }
        if (!Files.isWritable(Files.isDirectory(dir) ? dir : parent)) {
            throw new IOException("cannot save a model into " + dir + ": not writable");
        }
    }

    /** Whether {@code name} is a file that {@link #save} writes (or leaves, if killed). */
    private static boolean isOwnFile(String name) {
        return name.equals(MODEL_JSON) || name.equals(DirectoryLock.FILE_NAME) || WEIGHTS_NAME.matcher(name).matches()
                || name.matches("\\.(model\\.json|weights-[0-9a-f]{16}\\.safetensors)\\.[0-9a-f]{1,16}\\.tmp");
    }

    /** Refuses to save into a directory that holds anything {@link #save} did not write. */
    private static void refuseForeignFiles(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                if (!isOwnFile(name)) {
                    throw new IOException("cannot save a model into " + dir + ": it holds other files (such as '"
                            + name + "'); choose a new or empty directory");
                }
            }
        }
    }

    /** The weights file named by the model.json now in {@code dir}, or null if none can be read. */
    private static String weightsNamedIn(Path dir) {
        try {
            Path json = dir.resolve(MODEL_JSON);
            if (!Files.isRegularFile(json) || Files.size(json) > MAX_JSON_BYTES) {
                return null;
            }
            if (Json.parse(Files.readAllBytes(json), Json.DEFAULT_MAX_DEPTH) instanceof Map<?, ?> root
                    && root.get("weights") instanceof Map<?, ?> w && w.get("file") instanceof String file
                    && WEIGHTS_NAME.matcher(file).matches()) {
                return file;
            }
        } catch (IOException e) {
            // a damaged model.json names nothing to delete
        }
        return null;
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
        if (!weightsPath.toRealPath().startsWith(dir.toRealPath())) {
            throw new FormatException(weightsPath + ": a link to " + weightsPath.toRealPath()
                    + ", outside the model directory; refusing to load it");
        }
        long size = Files.size(weightsPath);
        if (w.containsKey("bytes") && !(w.get("bytes") instanceof Long declared && declared == size)) {
            throw new FormatException(weightsPath + ": " + size + " bytes where " + MODEL_JSON + " records "
                    + w.get("bytes") + " (truncated, corrupt or replaced weights file)");
        }
        // Built only now, with the weights' size as a budget: a config cannot ask for more memory
        // than the file could fill.
        Module module;
        try {
            module = LayerRegistry.build(root.get("architecture"), "", new long[] {size});
        } catch (RuntimeException e) {
            throw new FormatException(jsonPath + ": damaged \"architecture\" (a field is missing or has the wrong type)");
        }
        long expected = 0;
        for (Tensor t : module.stateDict().values()) {
            expected += (long) t.numel() * switch (t.dtype()) {
                case FLOAT32 -> 4;
                case BOOL -> 1;
                default -> 8;
            };
        }
        if (size > expected + 8 + Safetensors.MAX_HEADER_BYTES) {
            throw new FormatException(weightsPath + ": " + size + " bytes, far more than the model's "
                    + expected + " bytes of weights");
        }
        HeapBudget.require(2 * expected, "loading " + weightsPath);
        if (!sha256(weightsPath).equals(sha)) {
            throw new FormatException(weightsPath + ": SHA-256 does not match " + MODEL_JSON
                    + " (truncated or corrupt weights file)");
        }
        Map<String, Tensor> tensors;
        try {
            tensors = Safetensors.read(weightsPath).tensors();
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

    /** The SHA-256 of a file, read in blocks (never whole into memory). */
    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
