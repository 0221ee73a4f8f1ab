package dev.nabla.cli;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Options typed on the command line: {@code --name value} or {@code --name=value}, and the switch
 * {@code --help}. A command reads the options it knows with typed getters (each with its
 * default) and then calls {@link #rejectUnknown()}, so that a misspelt option is an error rather
 * than silently ignored.
 */
public final class Args {
    private static final Set<String> SWITCHES = Set.of("help");
    private final Map<String, String> values;
    private final Set<String> read = new HashSet<>();

    private Args(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code tokens}, which must all be options. */
    public static Args parse(List<String> tokens) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.equals("-h")) {
                token = "--help";
            }
            if (!token.startsWith("--") || token.length() == 2) {
                throw new UsageException("unexpected argument '" + token + "'");
            }
            String name = token.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (SWITCHES.contains(name)) {
                value = "true";
            } else if (i + 1 < tokens.size() && !tokens.get(i + 1).startsWith("--")) {
                value = tokens.get(++i);
            } else {
                value = null; // an error when read: until then, the option may turn out to be unknown
            }
            if (values.containsKey(name)) {
                throw new UsageException("option '--" + name + "' given twice");
            }
            values.put(name, value);
        }
        return new Args(values);
    }

    /** Whether the switch or option {@code name} was given. */
    public boolean has(String name) {
        read.add(name);
        return values.containsKey(name);
    }

    /** The value of {@code --name}, or {@code defaultValue} if it was not given. */
    public String string(String name, String defaultValue) {
        read.add(name);
        if (!values.containsKey(name)) {
            return defaultValue;
        }
        String value = values.get(name);
        if (value == null) {
            throw new UsageException("option '--" + name + "' needs a value");
        }
        return value;
    }

    /** The value of {@code --name} as an integer of at least {@code min}. */
    public int intValue(String name, int defaultValue, int min) {
        long v = longValue(name, defaultValue);
        if (v < min || v > Integer.MAX_VALUE) {
            throw new UsageException("option '--" + name + "' must be an integer of at least " + min + ", got "
                    + values.get(name));
        }
        return (int) v;
    }

    /** The value of {@code --name} as a long. */
    public long longValue(String name, long defaultValue) {
        String s = string(name, null);
        if (s == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new UsageException("option '--" + name + "' expects an integer, got '" + s + "'");
        }
    }

    /** The value of {@code --name} as a positive, finite number. */
    public double positiveDouble(String name, double defaultValue) {
        String s = string(name, null);
        if (s == null) {
            return defaultValue;
        }
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!(v > 0 && v < Double.POSITIVE_INFINITY)) {
            throw new UsageException("option '--" + name + "' expects a positive number, got '" + s + "'");
        }
        return v;
    }

    /** Throws a {@link UsageException} naming the first option that no getter asked for. */
    public void rejectUnknown() {
        for (String name : values.keySet()) {
            if (!read.contains(name)) {
                throw new UsageException("unknown option '--" + name + "'");
            }
        }
    }
}
