package dev.nabla.train.io;

import dev.nabla.io.FormatException;
import dev.nabla.nn.LayerConfig;
import dev.nabla.nn.LayerProvider;
import dev.nabla.nn.LayerType;
import dev.nabla.nn.Module;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The layer types that {@link ModelFiles} can write and rebuild, by type name and by Java class.
 * Each module of Nabla contributes its own with a {@link LayerProvider} found by
 * {@link ServiceLoader} ({@code nabla-nn}: {@code Sequential} and its layers; {@code nabla-seq}:
 * the recurrent and attention layers), so this registry depends on no layer library;
 * {@link #register} adds others at run time.
 */
public final class LayerRegistry {
    private static final Map<String, LayerType> BY_TYPE = new ConcurrentHashMap<>();
    private static final Map<Class<?>, LayerType> BY_CLASS = new ConcurrentHashMap<>();

    static {
        for (LayerProvider provider : ServiceLoader.load(LayerProvider.class, LayerRegistry.class.getClassLoader())) {
            provider.layerTypes().forEach(LayerRegistry::register);
        }
    }

    private LayerRegistry() {
    }

    /** Registers {@code type} (replacing a type of the same name or class). */
    public static void register(LayerType type) {
        BY_TYPE.put(type.name(), type);
        BY_CLASS.put(type.moduleClass(), type);
    }

    /** Every registered type. */
    public static Collection<LayerType> types() {
        return List.copyOf(BY_TYPE.values());
    }

    /** Whether {@code type} is registered. */
    public static boolean isRegistered(String type) {
        return BY_TYPE.containsKey(type);
    }

    /** The architecture tree {@code {type, config, children}} of {@code module}. */
    static Map<String, Object> describe(Module module, String path) {
        LayerType e = BY_CLASS.get(module.getClass());
        if (e == null) {
            throw new IllegalArgumentException("cannot save " + module.getClass().getName() + " at '" + path
                    + "': the type is not registered (a LayerProvider, or LayerRegistry.register)");
        }
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("type", e.name());
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
        LayerType e = BY_TYPE.get(type);
        if (e == null) {
            throw new FormatException("model.json: " + where + " has unknown type \"" + type
                    + "\" (no LayerProvider on the class path registers it)");
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
        long before = budget[0];
        for (Map.Entry<?, ?> c : chMap.entrySet()) {
            String name = (String) c.getKey();
            children.put(name, build(c.getValue(), path.isEmpty() ? name : path + "." + name, budget));
        }
        try {
            Module m = e.factory().create(new Config(where, cfgMap, budget, before - budget[0]), children);
            if (!m.namedChildren().keySet().equals(children.keySet())) {
                throw new FormatException("model.json: " + where + " (" + type + ") has children "
                        + children.keySet() + " but the rebuilt module has " + m.namedChildren().keySet());
            }
            return m;
        } catch (Config.BadConfig ex) {
            throw new FormatException(ex.getMessage());
        } catch (IllegalArgumentException ex) {
            throw new FormatException("model.json: " + where + " (" + type + ") has a bad config: " + ex.getMessage());
        }
    }

    /** Typed, checked access to a layer's config in {@code model.json}. */
    static final class Config implements LayerConfig {
        /** A config problem whose message already names the file, the module and the key. */
        static final class BadConfig extends IllegalArgumentException {
            private static final long serialVersionUID = 1L;

            BadConfig(String message) {
                super(message);
            }
        }

        private final String where;
        private final Map<?, ?> map;
        private final long[] budget;
        private long children;

        /**
         * @param children the weight elements the layer's children took from {@code budget}: a
         *                 layer that counts its children's weights in its own (and builds them
         *                 again from its config) is not charged twice for them
         */
        Config(String where, Map<?, ?> map, long[] budget, long children) {
            this.where = where;
            this.map = map;
            this.budget = budget;
            this.children = children;
        }

        /**
         * Call before allocating a tensor of {@code elements} for this layer's state (its
         * children's included): refuses a config that needs more elements than the weights file
         * holds beyond what the children took, so a hostile {@code model.json} cannot make the
         * loader allocate unbounded memory.
         */
        @Override
        public void allocate(long... dims) {
            long n = 1;
            for (long d : dims) {
                if (d < 0 || (d > 0 && n > Long.MAX_VALUE / d)) {
                    throw new BadConfig("model.json: " + where + " config asks for a tensor of shape "
                            + java.util.Arrays.toString(dims));
                }
                n *= d;
            }
            long fromChildren = Math.min(n, children);
            children -= fromChildren;
            n -= fromChildren;
            if (n > budget[0]) {
                throw new BadConfig("model.json: " + where + " config needs " + n
                        + " weight elements, more than the weights file holds");
            }
            budget[0] -= n;
        }

        private Object get(String key) {
            if (!map.containsKey(key)) {
                throw new BadConfig("model.json: " + where + " config lacks \"" + key + "\"");
            }
            return map.get(key);
        }

        private BadConfig bad(String key, String what) {
            return new BadConfig("model.json: " + where + " config \"" + key + "\" must be " + what
                    + ", got " + map.get(key));
        }

        /** An integer (fits an int). */
        @Override
        public int getInt(String key) {
            if (get(key) instanceof Long l && l == l.intValue()) {
                return l.intValue();
            }
            throw bad(key, "an integer");
        }

        /** A string. */
        @Override
        public String getString(String key) {
            if (get(key) instanceof String s) {
                return s;
            }
            throw bad(key, "a string");
        }

        /** An integer or null. */
        @Override
        public Integer getIntOrNull(String key) {
            return get(key) == null ? null : getInt(key);
        }

        /** A number. */
        @Override
        public double getDouble(String key) {
            if (get(key) instanceof Number n) {
                return n.doubleValue();
            }
            throw bad(key, "a number");
        }

        /** A boolean. */
        @Override
        public boolean getBoolean(String key) {
            if (get(key) instanceof Boolean b) {
                return b;
            }
            throw bad(key, "true or false");
        }

        /** A list of integers. */
        @Override
        public int[] getIntArray(String key) {
            Integer[] v = integers(key, false);
            int[] out = new int[v.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = v[i];
            }
            return out;
        }

        /** A list of integers and nulls. */
        @Override
        public Integer[] getIntOrNullArray(String key) {
            return integers(key, true);
        }

        /** The list at {@code key} as integers, with nulls where {@code nulls} allows them. */
        private Integer[] integers(String key, boolean nulls) {
            String what = nulls ? "a list of integers and nulls" : "a list of integers";
            if (get(key) instanceof List<?> list) {
                Integer[] out = new Integer[list.size()];
                for (int i = 0; i < out.length; i++) {
                    Object v = list.get(i);
                    if (v == null && nulls) {
                        continue;
                    }
                    if (!(v instanceof Long l) || l != l.intValue()) {
                        throw bad(key, what);
                    }
                    out[i] = l.intValue();
                }
                return out;
            }
            throw bad(key, what);
        }

        /** A list of numbers. */
        @Override
        public double[] getDoubleArray(String key) {
            if (get(key) instanceof List<?> list) {
                double[] out = new double[list.size()];
                for (int i = 0; i < out.length; i++) {
                    if (!(list.get(i) instanceof Number n)) {
                        throw bad(key, "a list of numbers");
                    }
                    out[i] = n.doubleValue();
                }
                return out;
            }
            throw bad(key, "a list of numbers");
        }

        @Override
        public boolean has(String key) {
            return map.containsKey(key);
        }

        @Override
        public boolean isNull(String key) {
            return get(key) == null;
        }
    }
}
