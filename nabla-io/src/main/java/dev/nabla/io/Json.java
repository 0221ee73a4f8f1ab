package dev.nabla.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A small, strict JSON (RFC 8259) reader and writer for headers and configuration files.
 *
 * <p>Values map to Java as: object → {@code Map<String, Object>} (unmodifiable, in file order),
 * array → {@code List<Object>} (unmodifiable), string → {@link String}, number → {@link Long} when
 * it is written without fraction or exponent and fits in a long, else {@link Double}, {@code true}
 * and {@code false} → {@link Boolean}, {@code null} → {@code null}.
 *
 * <p>The reader is strict: exactly one value surrounded by optional whitespace, no comments, no
 * trailing commas, no {@code NaN}, no leading zeros, no unescaped control characters, no lone
 * surrogates, no duplicate keys in an object, no numbers beyond the double range, and nesting
 * at most {@code maxDepth} deep (so hostile input cannot exhaust the stack). Errors are
 * {@link FormatException}s that give the line, column and offset of the problem.
 *
 * <p>The writer emits maps in their iteration order (pass a {@code LinkedHashMap} or
 * {@code TreeMap} for a stable order), escapes only {@code "}, {@code \} and control characters
 * (as serde_json and Python's {@code json.dumps(ensure_ascii=False)} do), and writes numbers in
 * their shortest round-trip form.
 */
public final class Json {
    /** Nesting depth allowed by {@link #parse(String)}. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    private Json() {
    }

    /** Parses {@code text}, allowing nesting up to {@link #DEFAULT_MAX_DEPTH}. */
    public static Object parse(String text) throws FormatException {
        return parse(text, DEFAULT_MAX_DEPTH);
    }

    /**
     * Parses {@code text}, allowing objects and arrays nested at most {@code maxDepth} deep (a
     * bare scalar has depth 0, {@code []} depth 1).
     *
     * @throws FormatException naming the line, column and offset of the first error
     */
    public static Object parse(String text, int maxDepth) throws FormatException {
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth must be >= 0, got " + maxDepth);
        }
        return new JsonParser(text, maxDepth).parseDocument();
    }

    /**
     * Parses UTF-8 encoded {@code bytes}; malformed UTF-8 and a byte-order mark are refused.
     *
     * @throws FormatException if the bytes are not valid UTF-8 or not valid JSON
     */
    public static Object parse(byte[] bytes, int maxDepth) throws FormatException {
        return parse(decodeUtf8(bytes, 0, bytes.length), maxDepth);
    }

    /** Strictly decodes UTF-8, refusing malformed and unmappable sequences. */
    static String decodeUtf8(byte[] bytes, int offset, int length) throws FormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new FormatException("JSON: text is not valid UTF-8", e);
        }
    }

    /**
     * {@code value} as compact JSON (no whitespace).
     *
     * @throws IllegalArgumentException for values that have no JSON form (non-finite numbers,
     *     non-string keys, lone surrogates, other classes) or nesting deeper than 1000
     */
    public static String write(Object value) {
        return new JsonWriter(false).write(value);
    }

    /** {@code value} as JSON indented by two spaces per level, one member per line. */
    public static String writePretty(Object value) {
        return new JsonWriter(true).write(value);
    }
}
