package dev.nabla.io;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** Serializer behind {@link Json#write(Object)} and {@link Json#writePretty(Object)}. */
final class JsonWriter {
    /** Deeper than this is almost surely a cycle (a map containing itself). */
    private static final int MAX_DEPTH = 1000;

    private final boolean pretty;
    private final StringBuilder out = new StringBuilder();

    JsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    String write(Object value) {
        value(value, 0);
        return out.toString();
    }

    private void value(Object v, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON: value nested deeper than " + MAX_DEPTH + " (a cycle?)");
        }
        switch (v) {
            case null -> out.append("null");
            case String s -> string(s);
            case Boolean b -> out.append(b);
            case Long n -> out.append(n);
            case Integer n -> out.append(n);
            case Short n -> out.append(n);
            case Byte n -> out.append(n);
            case BigInteger n -> out.append(n);
            case Double d -> out.append(finite(d, d));
            case Float f -> out.append(finite(f, f));
            case BigDecimal d -> out.append(d.toString());
            case Map<?, ?> m -> object(m, depth);
            case List<?> l -> array(l, depth);
            default -> throw new IllegalArgumentException("JSON: cannot write a " + v.getClass().getName());
        }
    }

    private static Object finite(double d, Object printed) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("JSON: cannot write the non-finite number " + d);
        }
        return printed;
    }

    private void object(Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON: object keys must be strings, got "
                        + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            newline(depth + 1);
            string(key);
            out.append(pretty ? ": " : ":");
            value(e.getValue(), depth + 1);
        }
        newline(depth);
        out.append('}');
    }

    private void array(List<?> list, int depth) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            newline(depth + 1);
            value(list.get(i), depth + 1);
        }
        newline(depth);
        out.append(']');
    }

    private void newline(int depth) {
        if (pretty) {
            out.append('\n').append("  ".repeat(depth));
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        throw new IllegalArgumentException(String.format(
                                "JSON: lone surrogate U+%04X at index %d of a string", (int) c, i));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
