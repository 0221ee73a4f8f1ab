package dev.nabla.nn;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A layer's config record ({@code Linear.Config}, ...) as its model-file config and its printed
 * form: each component is a key in snake_case ({@code inFeatures} is {@code in_features}). A
 * component is an int, Integer, double, Double, boolean, Boolean, String, int[], Integer[] (sizes
 * that may be None), double[], an enum (its constant's name in lower case) or an Object holding an
 * int[], an Integer or a String (a convolution's padding); boxed types, arrays and Object may be
 * null, strings and enums not.
 */
final class ConfigRecord {
    private ConfigRecord() {
    }

    /** The record's components by snake_case key, as JSON-able values (lists for arrays). */
    static Map<String, Object> toMap(Record config) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent p : config.getClass().getRecordComponents()) {
            Object v = value(config, p);
            if (v instanceof Enum<?> e) {
                v = e.name().toLowerCase(Locale.ROOT);
            } else if (v instanceof int[] a) {
                v = Arrays.stream(a).boxed().toList();
            } else if (v instanceof Integer[] a) {
                v = Arrays.stream(a).toList();
            } else if (v instanceof double[] a) {
                v = Arrays.stream(a).boxed().toList();
            }
            m.put(snakeCase(p.getName()), v);
        }
        return m;
    }

    /**
     * The record {@code cls} read from {@code c}; a key that {@code c} lacks takes its value from
     * {@code absent} (keys added after files were first written), else is an error.
     */
    static <C extends Record> C fromConfig(Class<C> cls, LayerConfig c, Map<String, Object> absent) {
        RecordComponent[] parts = cls.getRecordComponents();
        Object[] args = new Object[parts.length];
        Class<?>[] types = new Class<?>[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String key = snakeCase(parts[i].getName());
            Class<?> t = parts[i].getType();
            types[i] = t;
            if (!c.has(key) && absent.containsKey(key)) {
                args[i] = absent.get(key);
            } else if (!t.isPrimitive() && t != String.class && !t.isEnum() && c.isNull(key)) {
                args[i] = null;
            } else {
                args[i] = t == int.class || t == Integer.class ? c.getInt(key)
                        : t == double.class || t == Double.class ? c.getDouble(key)
                        : t == boolean.class || t == Boolean.class ? c.getBoolean(key)
                        : t == String.class ? c.getString(key)
                        : t == int[].class ? c.getIntArray(key)
                        : t == Integer[].class ? c.getIntOrNullArray(key)
                        : t == double[].class ? c.getDoubleArray(key)
                        : t.isEnum() ? constant(t, key, c.getString(key))
                        : t == Object.class ? intsOrString(c, key) : unsupported(cls, t);
            }
        }
        try {
            return cls.getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof IllegalArgumentException iae ? iae : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The record as PyTorch prints a layer's options: {@code in_features=4, out_features=3, bias=True},
     * with Python's spelling of values ({@code True}, {@code None}, {@code 'zeros'}, {@code (3, 3)},
     * {@code 1e-05}).
     */
    static String repr(Record config) {
        StringJoiner out = new StringJoiner(", ");
        for (RecordComponent p : config.getClass().getRecordComponents()) {
            out.add(snakeCase(p.getName()) + "=" + python(value(config, p)));
        }
        return out.toString();
    }

    private static String python(Object v) {
        if (v == null) {
            return "None";
        } else if (v instanceof Boolean b) {
            return b ? "True" : "False";
        } else if (v instanceof Double d) {
            return pythonFloat(d);
        } else if (v instanceof String || v instanceof Enum<?>) {
            return "'" + (v instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : v) + "'";
        } else if (v instanceof int[] a) {
            return tuple(Arrays.stream(a).mapToObj(Integer::toString).toList());
        } else if (v instanceof Integer[] a) {
            return tuple(Arrays.stream(a).map(ConfigRecord::python).toList());
        } else if (v instanceof double[] a) {
            return tuple(Arrays.stream(a).mapToObj(ConfigRecord::pythonFloat).toList());
        }
        return v.toString();
    }

    private static String tuple(List<String> items) {
        return "(" + String.join(", ", items) + (items.size() == 1 ? ",)" : ")");
    }

    /** {@code x} as Python's {@code repr}: shortest digits, exponent form below 1e-4 and from 1e16 ({@code 1e-05}). */
    static String pythonFloat(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        } else if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        } else if (x == 0) {
            return 1 / x < 0 ? "-0.0" : "0.0";
        }
        BigDecimal d = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        int exp = d.precision() - d.scale() - 1;
        if (exp < -4 || exp >= 16) {
            String digits = d.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (x < 0 ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        String plain = d.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    private static Object value(Record config, RecordComponent p) {
        try {
            return p.getAccessor().invoke(config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A list of integers, an integer or a string. */
    private static Object intsOrString(LayerConfig c, String key) {
        try {
            return c.getIntArray(key);
        } catch (IllegalArgumentException notInts) {
            try {
                return c.getString(key);
            } catch (IllegalArgumentException notString) {
                try {
                    return c.getInt(key);
                } catch (IllegalArgumentException notInt) {
                    throw new IllegalArgumentException("config \"" + key + "\" must be a list of integers, an integer or a string");
                }
            }
        }
    }

    /** The constant of enum {@code type} named {@code value} in lower case. */
    private static Object constant(Class<?> type, String key, String value) {
        List<String> names = new ArrayList<>();
        for (Object e : type.getEnumConstants()) {
            String name = ((Enum<?>) e).name().toLowerCase(Locale.ROOT);
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
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
