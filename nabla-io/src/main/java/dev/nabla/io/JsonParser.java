package dev.nabla.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Recursive-descent parser behind {@link Json#parse(String, int)}; one instance per document. */
final class JsonParser {
    private final String text;
    private final int maxDepth;
    private int pos;
    private int depth;

    JsonParser(String text, int maxDepth) {
        this.text = text;
        this.maxDepth = maxDepth;
    }

    Object parseDocument() throws FormatException {
        skipWhitespace();
        Object value = parseValue();
        skipWhitespace();
        if (pos < text.length()) {
            throw error("unexpected " + describe(pos) + " after the JSON value");
        }
        return value;
    }

    private Object parseValue() throws FormatException {
        if (pos >= text.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> parseObject();
            case '[' -> parseArray();
            case '"' -> parseString();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield parseNumber();
                }
                throw error("unexpected " + describe(pos) + ", expected a value");
            }
        };
    }

    private Map<String, Object> parseObject() throws FormatException {
        enter();
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a string key, found " + describe(pos));
            }
            int keyStart = pos;
            String key = parseString();
            skipWhitespace();
            expect(':', "after object key");
            skipWhitespace();
            Object value = parseValue();
            if (map.containsKey(key)) {
                pos = keyStart;
                throw error("duplicate key \"" + key + "\"");
            }
            map.put(key, value);
            skipWhitespace();
            if (peek() == ',') {
                pos++;
            } else if (peek() == '}') {
                pos++;
                depth--;
                return Collections.unmodifiableMap(map);
            } else {
                throw error("expected ',' or '}' in object, found " + describe(pos));
            }
        }
    }

    private List<Object> parseArray() throws FormatException {
        enter();
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipWhitespace();
            list.add(parseValue());
            skipWhitespace();
            if (peek() == ',') {
                pos++;
            } else if (peek() == ']') {
                pos++;
                depth--;
                return Collections.unmodifiableList(list);
            } else {
                throw error("expected ',' or ']' in array, found " + describe(pos));
            }
        }
    }

    private String parseString() throws FormatException {
        int start = pos;
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                pos = start;
                throw error("unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            } else if (c == '\\') {
                parseEscape(sb);
            } else if (c < 0x20) {
                throw error("unescaped control character U+" + hex4(c) + " in string");
            } else if (Character.isSurrogate(c)) {
                parseRawSurrogates(sb);
            } else {
                sb.append(c);
                pos++;
            }
        }
    }

    private void parseRawSurrogates(StringBuilder sb) throws FormatException {
        char hi = text.charAt(pos);
        if (Character.isHighSurrogate(hi) && pos + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(pos + 1))) {
            sb.append(hi).append(text.charAt(pos + 1));
            pos += 2;
            return;
        }
        throw error("lone surrogate U+" + hex4(hi) + " in string");
    }

    private void parseEscape(StringBuilder sb) throws FormatException {
        if (pos + 1 >= text.length()) {
            throw error("unterminated escape sequence");
        }
        char e = text.charAt(pos + 1);
        switch (e) {
            case '"', '\\', '/' -> sb.append(e);
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'u' -> {
                char c = unicodeEscape(pos);
                if (Character.isHighSurrogate(c)) {
                    if (text.startsWith("\\u", pos + 6)) {
                        char lo = unicodeEscape(pos + 6);
                        if (Character.isLowSurrogate(lo)) {
                            sb.append(c).append(lo);
                            pos += 12;
                            return;
                        }
                    }
                    throw error("lone surrogate \\u" + hex4(c) + " in string");
                }
                if (Character.isLowSurrogate(c)) {
                    throw error("lone surrogate \\u" + hex4(c) + " in string");
                }
                sb.append(c);
                pos += 6;
                return;
            }
            default -> throw error("invalid escape sequence '\\" + printable(e) + "'");
        }
        pos += 2;
    }

    /** The char of the {@code \\uXXXX} escape starting at {@code at}. */
    private char unicodeEscape(int at) throws FormatException {
        if (at + 6 > text.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = at + 2; i < at + 6; i++) {
            int d = hexValue(text.charAt(i));
            if (d < 0) {
                pos = i;
                throw error("invalid hex digit " + describe(i) + " in \\u escape");
            }
            v = v * 16 + d;
        }
        return (char) v;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        } else if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private Object parseNumber() throws FormatException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("leading zero in number");
            }
        } else if (isDigit(peek())) {
            skipDigits();
        } else {
            throw error("expected a digit, found " + describe(pos));
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            requireDigits("after decimal point");
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            requireDigits("in exponent");
        }
        String literal = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException tooBig) {
                // beyond the long range: fall through to a double, as JavaScript would read it
            }
        }
        double d = Double.parseDouble(literal);
        if (Double.isInfinite(d)) {
            pos = start;
            throw error("number " + abbreviate(literal) + " is outside the double range");
        }
        return d;
    }

    private void requireDigits(String where) throws FormatException {
        if (!isDigit(peek())) {
            throw error("expected a digit " + where + ", found " + describe(pos));
        }
        skipDigits();
    }

    private void skipDigits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) throws FormatException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected " + describe(pos) + ", expected a value");
        }
        pos += word.length();
        return value;
    }

    private void enter() throws FormatException {
        if (++depth > maxDepth) {
            throw error("nesting deeper than the limit of " + maxDepth);
        }
    }

    private void expect(char c, String where) throws FormatException {
        if (peek() != c) {
            throw error("expected '" + c + "' " + where + ", found " + describe(pos));
        }
        pos++;
    }

    /** The char at the cursor, or -1 at the end. */
    private int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String describe(int at) {
        return at >= text.length() ? "end of input" : "'" + printable(text.charAt(at)) + "'";
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f || Character.isSurrogate(c) ? "U+" + hex4(c) : String.valueOf(c);
    }

    private static String hex4(char c) {
        return String.format("%04X", (int) c);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private FormatException error(String message) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(pos, text.length());
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new FormatException("JSON: " + message + " at line " + line + ", column " + (end - lineStart + 1)
                + " (offset " + end + ")");
    }
}
