package dev.nabla.nn;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
     * The type of a layer configured by a record {@code C} (e.g. {@code Linear.Config}): the
     * record's components are the config's keys in snake_case ({@code inFeatures} is
     * {@code in_features}), of type int, Integer (null allowed), double, boolean, String, int[] or
     * an enum (its constant's name in lower case).
     *
     * @param weights how many weight elements a layer built from a config holds, checked against
     *                the weights file before the layer is built
     */
    public static <M extends Module, C extends Record> LayerType of(String name, Class<M> cls, Class<C> configClass,
            Function<? super M, C> config, Function<C, M> build, ToLongFunction<C> weights) {
        RecordComponent[] parts = configClass.getRecordComponents();
        return of(name, cls, m -> toMap(config.apply(m), parts), (c, children) -> {
            C record = fromConfig(configClass, parts, c);
            c.allocate(weights.applyAsLong(record));
            return build.apply(record);
        });
    }

    private static Map<String, Object> toMap(Record config, RecordComponent[] parts) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent p : parts) {
            Object v;
            try {
                v = p.getAccessor().invoke(config);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (v instanceof Enum<?> e) {
                v = e.name().toLowerCase(java.util.Locale.ROOT);
            } else if (v instanceof int[] a) {
                List<Object> list = new ArrayList<>();
                for (int d : a) {
                    list.add(d);
                }
                v = list;
            }
            m.put(snakeCase(p.getName()), v);
        }
        return m;
    }

    private static <C extends Record> C fromConfig(Class<C> cls, RecordComponent[] parts, LayerConfig c) {
        Object[] args = new Object[parts.length];
        Class<?>[] types = new Class<?>[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String key = snakeCase(parts[i].getName());
            Class<?> t = parts[i].getType();
            types[i] = t;
            args[i] = t == int.class ? c.getInt(key) : t == Integer.class ? c.getIntOrNull(key)
                    : t == double.class ? c.getDouble(key) : t == boolean.class ? c.getBoolean(key)
                    : t == String.class ? c.getString(key) : t == int[].class ? c.getIntArray(key)
                    : t.isEnum() ? constant(t, key, c.getString(key)) : unsupported(cls, t);
        }
        try {
            return cls.getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof IllegalArgumentException iae ? iae : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The constant of enum {@code type} named {@code value} in lower case. */
    private static Object constant(Class<?> type, String key, String value) {
        List<String> names = new ArrayList<>();
        for (Object e : type.getEnumConstants()) {
            String name = ((Enum<?>) e).name().toLowerCase(java.util.Locale.ROOT);
            if (name.equals(value)) {
                return e;
            }
            names.add("\"" + name + "\"");
        }
        throw new IllegalArgumentException("config \"" + key + "\" must be one of " + names + ", got \"" + value + "\"");
    }

    private static Object unsupported(Class<?> cls, Class<?> type) {
        throw new IllegalStateException(cls.getName() + ": config components of type " + type + " are not supported");
    }

    /** {@code inFeatures} → {@code in_features}. */
    static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
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
