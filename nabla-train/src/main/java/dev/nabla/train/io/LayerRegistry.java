package dev.nabla.train.io;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The module types a model file can name, each with a factory that rebuilds a module from its
 * {@link Module#config()} (and, for containers, its children). The built-in layers and
 * {@link Sequential} are registered; {@link #register} adds others (e.g. a user's module).
 */
public final class LayerRegistry {

    /** Rebuilds a module from its configuration and its already rebuilt children. */
    @FunctionalInterface
    public interface Factory {
        Module create(Config config, List<Module> children);
    }

    private static final Map<String, Factory> FACTORIES = new ConcurrentHashMap<>();
    private static final Map<Class<?>, String> NAMES = new ConcurrentHashMap<>();

    static {
        register(Sequential.class, (c, children) -> new Sequential(children.toArray(Module[]::new)));
        register(Linear.class, c -> new Linear(c.integer("inFeatures"), c.integer("outFeatures"), c.bool("bias")));
        register(ReLU.class, c -> new ReLU());
        register(Sigmoid.class, c -> new Sigmoid());
        register(Tanh.class, c -> new Tanh());
        register(SiLU.class, c -> new SiLU());
        register(Identity.class, c -> new Identity());
        register(Softmax.class, c -> new Softmax(c.integer("dim")));
        register(LogSoftmax.class, c -> new LogSoftmax(c.integer("dim")));
        register(LeakyReLU.class, c -> new LeakyReLU(c.number("negativeSlope")));
        register(ELU.class, c -> new ELU(c.number("alpha")));
        register(GELU.class, c -> new GELU(c.bool("tanhApproximation")));
        register(Softplus.class, c -> new Softplus(c.number("beta"), c.number("threshold")));
        register(Dropout.class, c -> new Dropout(c.number("p")));
        register(Flatten.class, c -> new Flatten(c.integer("startDim"), c.integer("endDim")));
        register(Embedding.class, c -> c.has("paddingIdx")
                ? new Embedding(c.integer("numEmbeddings"), c.integer("embeddingDim"), c.integer("paddingIdx"))
                : new Embedding(c.integer("numEmbeddings"), c.integer("embeddingDim")));
        register(LayerNorm.class, c -> new LayerNorm(c.integers("normalizedShape"), c.number("eps"),
                c.bool("elementwiseAffine")));
        register(BatchNorm1d.class, c -> new BatchNorm1d(c.integer("numFeatures"), c.number("eps"),
                c.number("momentum"), c.bool("affine"), c.bool("trackRunningStats")));
    }

    private LayerRegistry() {
    }

    /** Registers a leaf module type, named by its simple class name. */
    public static <M extends Module> void register(Class<M> type, java.util.function.Function<Config, M> factory) {
        register(type, (c, children) -> factory.apply(c));
    }

    /** Registers a module type whose factory also receives the rebuilt children. */
    public static void register(Class<? extends Module> type, Factory factory) {
        NAMES.put(type, type.getSimpleName());
        FACTORIES.put(type.getSimpleName(), factory);
    }

    /** The registered name of {@code module}'s type. */
    static String nameOf(Module module) {
        String name = NAMES.get(module.getClass());
        if (name == null) {
            throw new IllegalArgumentException("model files: " + module.getClass().getName()
                    + " is not registered; call LayerRegistry.register(type, factory)");
        }
        return name;
    }

    /** The factory of {@code name}, or null if unknown. */
    static Factory factory(String name) {
        return FACTORIES.get(name);
    }

    /** A module's configuration as read from a model file, with typed getters. */
    public record Config(String type, Map<String, Object> values) {

        public boolean has(String key) {
            return values.containsKey(key);
        }

        private Object get(String key) {
            Object v = values.get(key);
            if (v == null) {
                throw new IllegalArgumentException("model files: " + type + " config lacks '" + key + "'");
            }
            return v;
        }

        public int integer(String key) {
            if (get(key) instanceof Long l && l == (int) (long) l) {
                return (int) (long) l;
            }
            throw new IllegalArgumentException("model files: " + type + "." + key + " must be an integer, got " + get(key));
        }

        public double number(String key) {
            if (get(key) instanceof Number n) {
                return n.doubleValue();
            }
            throw new IllegalArgumentException("model files: " + type + "." + key + " must be a number, got " + get(key));
        }

        public boolean bool(String key) {
            if (get(key) instanceof Boolean b) {
                return b;
            }
            throw new IllegalArgumentException("model files: " + type + "." + key + " must be true or false");
        }

        public int[] integers(String key) {
            if (get(key) instanceof List<?> list) {
                int[] out = new int[list.size()];
                for (int i = 0; i < out.length; i++) {
                    if (!(list.get(i) instanceof Long l)) {
                        throw new IllegalArgumentException("model files: " + type + "." + key + " must hold integers");
                    }
                    out[i] = (int) (long) l;
                }
                return out;
            }
            throw new IllegalArgumentException("model files: " + type + "." + key + " must be a list of integers");
        }
    }
}
