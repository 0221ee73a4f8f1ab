package dev.nabla.train.io;

import dev.nabla.io.AtomicFiles;
import dev.nabla.io.FormatException;
import dev.nabla.io.Json;
import dev.nabla.io.Safetensors;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads whole models: a directory holding {@code model.json} (format name and version,
 * the architecture as a tree of {@code {type, config, children}}, and the name and SHA-256 of
 * the weights file) and {@code weights-<hash>.safetensors} (the state dict). See
 * {@code docs/model-format.md}.
 *
 * <p>No save ever destroys the last good model: the new weights go to a new file, then
 * {@code model.json} is replaced atomically (it is the commit point), and only then are older
 * weights files deleted. Loading checks everything (format, version, types, configs, the weights'
 * hash, names and shapes) and either returns a complete module or throws {@link FormatException}.
 */
public final class ModelFiles {
    /** The {@code format} field of {@code model.json}. */
    public static final String FORMAT = "nabla-model";
    /** The format version this code writes and reads. */
    public static final long VERSION = 1;

    private ModelFiles() {
    }

    /** Writes {@code module}'s architecture and weights into directory {@code dir}. */
    public static void save(Module module, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Tensor> state = module.stateDict();
        byte[] weights = Safetensors.toBytes(state, Map.of("format", FORMAT));
        String hash = sha256(weights);
        String weightsName = "weights-" + hash.substring(0, 16) + ".safetensors";
        AtomicFiles.write(dir.resolve(weightsName), weights);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("version", VERSION);
        json.put("architecture", describe(module));
        json.put("weights", weightsName);
        json.put("weights_sha256", hash);
        AtomicFiles.write(dir.resolve("model.json"), Json.writePretty(json).getBytes(StandardCharsets.UTF_8));
        try (var files = Files.newDirectoryStream(dir, "weights-*.safetensors")) {
            for (Path old : files) {
                if (!old.getFileName().toString().equals(weightsName)) {
                    Files.delete(old); // replaced, or left by a save that failed before its commit
                }
            }
        }
    }

    /** Rebuilds the module saved in {@code dir}, with its weights. */
    public static Module load(Path dir) throws IOException {
        Map<String, Object> json = readJson(dir.resolve("model.json"));
        if (!FORMAT.equals(json.get("format"))) {
            throw new FormatException(dir.resolve("model.json") + ": not a Nabla model file (format "
                    + json.get("format") + ")");
        }
        if (!Long.valueOf(VERSION).equals(json.get("version"))) {
            throw new FormatException(dir.resolve("model.json") + ": unsupported version " + json.get("version")
                    + " (this Nabla reads version " + VERSION + ")");
        }
        if (!(json.get("weights") instanceof String weightsName)
                || !weightsName.matches("weights-[0-9a-f]{16}\\.safetensors")
                || !(json.get("weights_sha256") instanceof String hash)) {
            throw new FormatException(dir.resolve("model.json") + ": missing or invalid weights entry");
        }
        Module module;
        try {
            module = build(json.get("architecture"));
        } catch (IllegalArgumentException e) {
            throw new FormatException(dir.resolve("model.json") + ": " + e.getMessage());
        }
        byte[] weights;
        try {
            weights = Files.readAllBytes(dir.resolve(weightsName));
        } catch (NoSuchFileException e) {
            throw new FormatException(dir + ": weights file " + weightsName + " is missing");
        }
        if (!sha256(weights).equals(hash)) {
            throw new FormatException(dir.resolve(weightsName) + ": contents do not match the SHA-256 in model.json");
        }
        try {
            module.loadStateDict(Safetensors.read(weights).tensors());
        } catch (IllegalArgumentException e) {
            throw new FormatException(dir.resolve(weightsName) + ": " + e.getMessage());
        }
        return module;
    }

    private static Map<String, Object> describe(Module module) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("type", LayerRegistry.nameOf(module));
        node.put("config", module.config());
        List<Object> children = new ArrayList<>();
        if (module instanceof dev.nabla.nn.Sequential) {
            module.children().forEach(c -> children.add(describe(c)));
        }
        node.put("children", children);
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Module build(Object node) {
        if (!(node instanceof Map<?, ?> map) || !(map.get("type") instanceof String type)
                || !(map.get("config") instanceof Map<?, ?> config) || !(map.get("children") instanceof List<?> kids)) {
            throw new IllegalArgumentException("architecture entries need a type, a config and children");
        }
        LayerRegistry.Factory factory = LayerRegistry.factory(type);
        if (factory == null) {
            throw new IllegalArgumentException("unknown module type '" + type + "'; register it with LayerRegistry");
        }
        List<Module> children = new ArrayList<>();
        for (Object kid : kids) {
            children.add(build(kid));
        }
        return factory.create(new LayerRegistry.Config(type, (Map<String, Object>) config), children);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new FormatException(file + ": no model here (model.json is missing)");
        }
        if (!(Json.parse(bytes, Json.DEFAULT_MAX_DEPTH) instanceof Map<?, ?> map)) {
            throw new FormatException(file + ": expected a JSON object");
        }
        return (Map<String, Object>) map;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
