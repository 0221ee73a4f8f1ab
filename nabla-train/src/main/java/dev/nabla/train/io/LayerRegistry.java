package dev.nabla.train.io;

import dev.nabla.io.FormatException;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.BatchNorm1d;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.ELU;
import dev.nabla.nn.layers.Embedding;
import dev.nabla.nn.layers.Flatten;
import dev.nabla.nn.layers.GELU;
import dev.nabla.nn.layers.Identity;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.nn.layers.LeakyReLU;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.LogSoftmax;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.nn.layers.SiLU;
import dev.nabla.nn.layers.Sigmoid;
import dev.nabla.nn.layers.Softmax;
import dev.nabla.nn.layers.Softplus;
import dev.nabla.nn.layers.Tanh;
import dev.nabla.tensor.Generator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The layer types that {@link ModelFiles} can write and rebuild: a type name ↔ a Java class, a
 * function from a module to its JSON config, and a factory from the config (and the already
 * rebuilt children) back to a module. {@link Sequential}, every layer in
 * {@code dev.nabla.nn.layers} and the {@code nabla-seq} layers RNN, LSTM, GRU and
 * MultiheadAttention are registered; {@link #register} adds others.
 *
 * <p>Rebuilt layers are initialised from a throwaway generator, so loading a model never
 * advances the default generator (the weights are overwritten from the file anyway).
 */
public final class LayerRegistry {
    /** Rebuilds a module from its config and its rebuilt children (in file order). */
    @FunctionalInterface
    public interface Factory {
        /** The module; throw {@link FormatException} (e.g. via {@link Config}) for a bad config. */
        Module create(Config config, Map<String, Module> children) throws FormatException;
    }

    private record Entry(String type, Class<? extends Module> cls, Function<Module, Map<String, Object>> config,
            Factory factory) {
    }

    private static final Map<String, Entry> BY_TYPE = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Entry> BY_CLASS = new ConcurrentHashMap<>();

    private LayerRegistry() {
    }

    /**
     * Registers {@code cls} under {@code type}: {@code config} gives the JSON-able config (numbers,
     * strings, booleans, lists, maps) and {@code factory} rebuilds the module from it. Children
     * registered with {@code registerModule} are saved and rebuilt recursively and passed to the
     * factory.
     */
    @SuppressWarnings("unchecked")
    public static <M extends Module> void register(String type, Class<M> cls,
            Function<? super M, Map<String, Object>> config, Factory factory) {
        Entry e = new Entry(type, cls, m -> config.apply((M) m), factory);
        BY_TYPE.put(type, e);
        BY_CLASS.put(cls, e);
    }

    /** Whether {@code type} is registered. */
    public static boolean isRegistered(String type) {
        return BY_TYPE.containsKey(type);
    }

    /** The architecture tree {@code {type, config, children}} of {@code module}. */
    static Map<String, Object> describe(Module module, String path) {
        Entry e = BY_CLASS.get(module.getClass());
        if (e == null) {
            throw new IllegalArgumentException("cannot save " + module.getClass().getName() + " at '" + path
                    + "': the type is not registered (LayerRegistry.register)");
        }
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("type", e.type());
        node.put("config", e.config().apply(module));
        Map<String, Object> children = new LinkedHashMap<>();
        module.namedChildren().forEach((name, child) -> children.put(name,
                describe(child, path.isEmpty() ? name : path + "." + name)));
        node.put("children", children);
        return node;
    }

    /** Rebuilds a module from a {@link #describe} tree. */
    static Module build(Object node, String path, long[] budget) throws FormatException {
        String where = path.isEmpty() ? "the root module" : "module '" + path + "'";
        if (!(node instanceof Map<?, ?> map)) {
            throw new FormatException("model.json: " + where + " is not an object");
        }
        if (!(map.get("type") instanceof String type)) {
            throw new FormatException("model.json: " + where + " has no string \"type\"");
        }
        Entry e = BY_TYPE.get(type);
        if (e == null) {
            throw new FormatException("model.json: " + where + " has unknown type \"" + type
                    + "\" (register it with LayerRegistry.register)");
        }
        Object cfg = map.containsKey("config") ? map.get("config") : Map.of();
        if (!(cfg instanceof Map<?, ?> cfgMap)) {
            throw new FormatException("model.json: " + where + " \"config\" is not an object");
        }
        Object ch = map.containsKey("children") ? map.get("children") : Map.of();
        if (!(ch instanceof Map<?, ?> chMap)) {
            throw new FormatException("model.json: " + where + " \"children\" is not an object");
        }
        Map<String, Module> children = new LinkedHashMap<>();
        for (Map.Entry<?, ?> c : chMap.entrySet()) {
            String name = (String) c.getKey();
            children.put(name, build(c.getValue(), path.isEmpty() ? name : path + "." + name, budget));
        }
        try {
            Module m = e.factory().create(new Config(where, cfgMap, budget), children);
            if (!m.namedChildren().keySet().equals(children.keySet())) {
                throw new FormatException("model.json: " + where + " (" + type + ") has children "
                        + children.keySet() + " but the rebuilt module has " + m.namedChildren().keySet());
            }
            return m;
        } catch (IllegalArgumentException ex) {
            throw new FormatException("model.json: " + where + " (" + type + ") has a bad config: " + ex.getMessage());
        }
    }

    /** Typed, checked access to a layer's config. */
    public static final class Config {
        private final String where;
        private final Map<?, ?> map;
        private final long[] budget;

        Config(String where, Map<?, ?> map, long[] budget) {
            this.where = where;
            this.map = map;
            this.budget = budget;
        }

        /**
         * Call before allocating a tensor of {@code elements} for this layer's state: refuses a
         * config that needs more elements than the weights file has bytes, so a hostile
         * {@code model.json} cannot make the loader allocate unbounded memory.
         */
        public void allocate(long... dims) throws FormatException {
            long n = 1;
            for (long d : dims) {
                if (d < 0 || (d > 0 && n > Long.MAX_VALUE / d)) {
                    throw new FormatException("model.json: " + where + " config asks for a tensor of shape "
                            + java.util.Arrays.toString(dims));
                }
                n *= d;
            }
            if (n > budget[0]) {
                throw new FormatException("model.json: " + where + " config needs " + n
                        + " weight elements, more than the weights file holds");
            }
            budget[0] -= n;
        }

        private Object get(String key) throws FormatException {
            if (!map.containsKey(key)) {
                throw new FormatException("model.json: " + where + " config lacks \"" + key + "\"");
            }
            return map.get(key);
        }

        private FormatException bad(String key, String what) {
            return new FormatException("model.json: " + where + " config \"" + key + "\" must be " + what
                    + ", got " + map.get(key));
        }

        /** An integer (fits an int). */
        public int getInt(String key) throws FormatException {
            if (get(key) instanceof Long l && l == l.intValue()) {
                return l.intValue();
            }
            throw bad(key, "an integer");
        }

        /** A string. */
        public String getString(String key) throws FormatException {
            if (get(key) instanceof String s) {
                return s;
            }
            throw bad(key, "a string");
        }

        /** An integer or null. */
        public Integer getIntOrNull(String key) throws FormatException {
            return get(key) == null ? null : getInt(key);
        }

        /** A number. */
        public double getDouble(String key) throws FormatException {
            if (get(key) instanceof Number n) {
                return n.doubleValue();
            }
            throw bad(key, "a number");
        }

        /** A finite number above zero (e.g. a normalisation's {@code eps}). */
        public double getPositiveDouble(String key) throws FormatException {
            if (get(key) instanceof Number n && n.doubleValue() > 0 && Double.isFinite(n.doubleValue())) {
                return n.doubleValue();
            }
            throw bad(key, "a positive number");
        }

        /** A boolean. */
        public boolean getBoolean(String key) throws FormatException {
            if (get(key) instanceof Boolean b) {
                return b;
            }
            throw bad(key, "true or false");
        }

        /** A list of integers. */
        public int[] getIntArray(String key) throws FormatException {
            if (get(key) instanceof List<?> list) {
                int[] out = new int[list.size()];
                for (int i = 0; i < out.length; i++) {
                    if (!(list.get(i) instanceof Long l) || l != l.intValue()) {
                        throw bad(key, "a list of integers");
                    }
                    out[i] = (int) (long) (Long) list.get(i);
                }
                return out;
            }
            throw bad(key, "a list of integers");
        }
    }

    private static Map<String, Object> cfg(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Generator scratch() {
        return new Generator(0);
    }

    static {
        register("Sequential", Sequential.class, m -> cfg(), (c, children) -> new Sequential(children));
        register("Linear", Linear.class,
                m -> cfg("in_features", m.inFeatures(), "out_features", m.outFeatures(), "bias", m.bias != null),
                (c, ch) -> {
                    c.allocate(c.getInt("in_features"), c.getInt("out_features") + 1L);
                    return new Linear(c.getInt("in_features"), c.getInt("out_features"), c.getBoolean("bias"), scratch());
                });
        register("Embedding", Embedding.class,
                m -> cfg("num_embeddings", m.numEmbeddings(), "embedding_dim", m.embeddingDim(),
                        "padding_idx", m.paddingIdx()),
                (c, ch) -> {
                    c.allocate(c.getInt("num_embeddings"), c.getInt("embedding_dim"));
                    return new Embedding(c.getInt("num_embeddings"), c.getInt("embedding_dim"),
                            c.getIntOrNull("padding_idx"), scratch());
                });
        register("LayerNorm", LayerNorm.class, m -> {
            List<Object> shape = new ArrayList<>();
            for (int d : m.normalizedShape()) {
                shape.add(d);
            }
            return cfg("normalized_shape", shape, "eps", m.eps(), "elementwise_affine", m.weight != null);
        }, (c, ch) -> {
            int[] shape = c.getIntArray("normalized_shape");
            long[] dims = new long[shape.length];
            for (int i = 0; i < shape.length; i++) {
                dims[i] = shape[i];
            }
            if (c.getBoolean("elementwise_affine")) {
                c.allocate(dims);
            }
            return new LayerNorm(shape, c.getPositiveDouble("eps"), c.getBoolean("elementwise_affine"));
        });
        register("BatchNorm1d", BatchNorm1d.class,
                m -> cfg("num_features", m.numFeatures(), "eps", m.eps(), "momentum", m.momentum(),
                        "affine", m.weight != null, "track_running_stats", m.runningMean() != null),
                (c, ch) -> {
                    c.allocate(c.getInt("num_features"));
                    return new BatchNorm1d(c.getInt("num_features"), c.getPositiveDouble("eps"), c.getDouble("momentum"),
                            c.getBoolean("affine"), c.getBoolean("track_running_stats"));
                });
        register("Dropout", Dropout.class, m -> cfg("p", m.p()), (c, ch) -> new Dropout(c.getDouble("p")));
        register("ELU", ELU.class, m -> cfg("alpha", m.alpha()), (c, ch) -> new ELU(c.getDouble("alpha")));
        register("LeakyReLU", LeakyReLU.class, m -> cfg("negative_slope", m.negativeSlope()),
                (c, ch) -> new LeakyReLU(c.getDouble("negative_slope")));
        register("Flatten", Flatten.class, m -> cfg("start_dim", m.startDim(), "end_dim", m.endDim()),
                (c, ch) -> new Flatten(c.getInt("start_dim"), c.getInt("end_dim")));
        register("GELU", GELU.class, m -> cfg("tanh_approximation", m.tanhApproximation()),
                (c, ch) -> new GELU(c.getBoolean("tanh_approximation")));
        register("Softmax", Softmax.class, m -> cfg("dim", m.dim()), (c, ch) -> new Softmax(c.getInt("dim")));
        register("LogSoftmax", LogSoftmax.class, m -> cfg("dim", m.dim()), (c, ch) -> new LogSoftmax(c.getInt("dim")));
        register("Softplus", Softplus.class, m -> cfg("beta", m.beta(), "threshold", m.threshold()),
                (c, ch) -> new Softplus(c.getDouble("beta"), c.getDouble("threshold")));
        register("Identity", Identity.class, m -> cfg(), (c, ch) -> new Identity());
        register("ReLU", ReLU.class, m -> cfg(), (c, ch) -> new ReLU());
        register("SiLU", SiLU.class, m -> cfg(), (c, ch) -> new SiLU());
        register("Sigmoid", Sigmoid.class, m -> cfg(), (c, ch) -> new Sigmoid());
        register("Tanh", Tanh.class, m -> cfg(), (c, ch) -> new Tanh());
        SeqLayerTypes.registerAll();
    }
}
