package dev.nabla.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A layer type that model files can save and rebuild: its name in {@code model.json}, its class,
 * its configuration (JSON-able values: numbers, strings, booleans, lists, maps, null) and a
 * factory from that configuration and the already rebuilt children back to a module. Each module
 * of Nabla lists its own layer types in a {@link LayerProvider}.
 *
 * <p>Factories build from a throwaway generator (the weights are then loaded from the file), so
 * that loading a model never advances the default generator.
 */
public record LayerType(String name, Class<? extends Module> moduleClass, Function<Module, Map<String, Object>> config,
                        Factory factory) {

    /** Rebuilds a module from its config and its rebuilt children (in file order). */
    @FunctionalInterface
    public interface Factory {
        /** The module; throws {@link IllegalArgumentException} for a bad config. */
        Module create(LayerConfig config, Map<String, Module> children);
    }

    /** The type {@code name} of modules of class {@code cls}, with the config of a module given by {@code config}. */
    @SuppressWarnings("unchecked")
    public static <M extends Module> LayerType of(String name, Class<M> cls,
            Function<? super M, Map<String, Object>> config, Factory factory) {
        return new LayerType(name, cls, m -> config.apply((M) m), factory);
    }

    /**
     * The type of a layer configured by a record {@code C} (e.g. {@code Linear.Config}), the record
     * its {@link Module#config()} returns: the record's components are the config's keys in
     * snake_case ({@code inFeatures} is {@code in_features}); see {@link Module#config()} for the
     * component types.
     *
     * @param build   the layer from its config, its weights drawn from a throwaway generator
     * @param weights how many weight elements (parameters and buffers, its children's included) a
     *                layer built from a config holds, checked against the weights file before
     *                the layer is built
     */
    public static <M extends Module, C extends Record> LayerType of(String name, Class<M> cls, Class<C> configClass,
            Function<C, M> build, ToLongFunction<C> weights) {
        return of(name, cls, configClass, build, weights, Map.of());
    }

    /**
     * As {@link #of(String, Class, Class, Function, ToLongFunction)}, for a layer whose config
     * gained keys after files were first written: a key a file lacks takes its value from
     * {@code absent} (e.g. {@code Map.of("proj_size", 0)}).
     */
    public static <M extends Module, C extends Record> LayerType of(String name, Class<M> cls, Class<C> configClass,
            Function<C, M> build, ToLongFunction<C> weights, Map<String, Object> absent) {
        return of(name, cls, m -> ConfigRecord.toMap(configClass.cast(m.config())), (c, children) -> {
            C record = ConfigRecord.fromConfig(configClass, c, absent);
            try {
                c.allocate(weights.applyAsLong(record));
                return build.apply(record);
            } catch (NullPointerException e) {
                throw new IllegalArgumentException("a config value is null where " + name + " needs one: " + ConfigRecord.repr(record));
            }
        });
    }

    /** A config map from alternating keys and values, in order: {@code entries("dim", 1)}. */
    public static Map<String, Object> entries(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
