package dev.nabla.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header dictionary of a {@code .npy} file, e.g.
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}.
 *
 * <p>NumPy writes it as a Python literal and reads it with {@code ast.literal_eval}; this class
 * parses only the tiny subset that can appear (a dict of the three keys, strings, {@code True},
 * {@code False}, tuples of non-negative integers) and never evaluates anything.
 *
 * @param descr the dtype string, e.g. {@code <f4}
 * @param fortranOrder whether the data is column-major
 * @param shape the sizes, outermost first
 */
record NpyHeader(String descr, boolean fortranOrder, int[] shape) {
    /** Digits NumPy reserves for the growth axis, so that arrays can be appended in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    /** The header text as NumPy 1.24+ writes it, before padding: keys sorted, shape as a tuple. */
    String format() {
        String dims = shape.length == 1 ? "(" + shape[0] + ",)"
                : Arrays.toString(shape).replace('[', '(').replace(']', ')');
        String text = "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False")
                + ", 'shape': " + dims + ", }";
        if (shape.length > 0) {
            int growthAxis = fortranOrder ? shape.length - 1 : 0;
            text += " ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[growthAxis]).length());
        }
        return text;
    }

    /** Parses {@code text}; {@code where} prefixes error messages. */
    static NpyHeader parse(String text, String where) throws FormatException {
        return new Parser(text, where).header();
    }

    /** A recursive-descent parser for the header's Python-literal subset. */
    private static final class Parser {
        private final String text;
        private final String where;
        private int pos;

        Parser(String text, String where) {
            this.text = text;
            this.where = where;
        }

        NpyHeader header() throws FormatException {
            Map<String, Object> dict = dict();
            skipWhitespace();
            if (pos != text.length()) {
                throw error("unexpected " + describe() + " after the header dictionary");
            }
            for (String key : List.of("descr", "fortran_order", "shape")) {
                if (!dict.containsKey(key)) {
                    throw error("header has no '" + key + "' key");
                }
            }
            if (!(dict.get("descr") instanceof String descr)) {
                throw error("'descr' must be a string (structured dtypes are not supported), got " + dict.get("descr"));
            }
            if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
                throw error("'fortran_order' must be True or False");
            }
            if (!(dict.get("shape") instanceof int[] shape)) {
                throw error("'shape' must be a tuple of integers");
            }
            return new NpyHeader(descr, fortran, shape);
        }

        private Map<String, Object> dict() throws FormatException {
            skipWhitespace();
            expect('{');
            Map<String, Object> dict = new LinkedHashMap<>();
            while (true) {
                skipWhitespace();
                if (peek() == '}') {
                    pos++;
                    return dict;
                }
                int keyAt = pos;
                String key = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                Object value = value();
                if (!List.of("descr", "fortran_order", "shape").contains(key)) {
                    pos = keyAt;
                    throw error("unexpected key '" + abbreviate(key) + "' (expected descr, fortran_order, shape)");
                }
                if (dict.put(key, value) != null) {
                    pos = keyAt;
                    throw error("duplicate key '" + key + "'");
                }
                skipWhitespace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}', found " + describe());
                }
            }
        }

        private Object value() throws FormatException {
            int c = peek();
            if (c == '\'' || c == '"') {
                return string();
            } else if (c == '(') {
                return tuple();
            } else if (text.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            } else if (text.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            throw error("unexpected " + describe() + ", expected a string, True, False or a tuple");
        }

        private String string() throws FormatException {
            int quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("expected a quoted string, found " + describe());
            }
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("unterminated string");
            }
            String s = text.substring(pos + 1, end);
            if (s.indexOf('\\') >= 0 || s.indexOf('\n') >= 0) {
                throw error("escapes and line breaks are not supported in header strings");
            }
            pos = end + 1;
            return s;
        }

        /** A tuple of ints: {@code ()}, {@code (3,)}, {@code (2, 3)}; {@code (3)} is an int, refused. */
        private int[] tuple() throws FormatException {
            int start = pos;
            pos++; // '('
            List<Integer> dims = new ArrayList<>();
            boolean trailingComma = false;
            while (true) {
                skipWhitespace();
                if (peek() == ')') {
                    pos++;
                    break;
                }
                dims.add(integer());
                skipWhitespace();
                trailingComma = peek() == ',';
                if (trailingComma) {
                    pos++;
                } else if (peek() != ')') {
                    throw error("expected ',' or ')' in shape, found " + describe());
                }
            }
            if (dims.size() == 1 && !trailingComma) {
                pos = start;
                throw error("shape " + text.substring(start, Math.min(text.length(), start + 24))
                        + " is not a tuple (a 1-D shape is written (n,))");
            }
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private int integer() throws FormatException {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == start) {
                throw error("expected a non-negative integer in shape, found " + describe());
            }
            String digits = text.substring(start, pos);
            if (peek() == 'L') {
                pos++; // Python 2 long literal, as NumPy's own reader accepts
            }
            if (digits.length() > 1 && digits.charAt(0) == '0') {
                throw error("leading zero in shape entry " + digits);
            }
            if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
                throw error("shape entry " + abbreviate(digits) + " is larger than 2^31-1");
            }
            return Integer.parseInt(digits);
        }

        private void expect(char c) throws FormatException {
            if (peek() != c) {
                throw error("expected '" + c + "', found " + describe());
            }
            pos++;
        }

        private int peek() {
            return pos < text.length() ? text.charAt(pos) : -1;
        }

        private void skipWhitespace() {
            while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
        }

        private String describe() {
            if (pos >= text.length()) {
                return "end of header";
            }
            char c = text.charAt(pos);
            return c < 0x20 || c >= 0x7f ? String.format("U+%04X", (int) c) : "'" + c + "'";
        }

        private static String abbreviate(String s) {
            return s.length() <= 40 ? s : s.substring(0, 37) + "...";
        }

        private FormatException error(String message) {
            return new FormatException(where + ": header: " + message + " at header offset " + pos);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && h.descr.equals(descr) && h.fortranOrder == fortranOrder
                && Arrays.equals(h.shape, shape);
    }

    @Override
    public int hashCode() {
        return descr.hashCode() * 31 + Arrays.hashCode(shape) + (fortranOrder ? 1 : 0);
    }

    @Override
    public String toString() {
        return "NpyHeader[descr=" + descr + ", fortranOrder=" + fortranOrder + ", shape=" + Arrays.toString(shape) + "]";
    }
}
