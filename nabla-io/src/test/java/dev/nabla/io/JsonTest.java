package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

    @Test
    void parsesEveryValueKind() throws Exception {
        Object v = Json.parse(" {\"a\": [1, -2.5, 1e3, true, false, null, \"x\"], \"b\": {}, \"c\": []} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("a", "b", "c"), new ArrayList<>(m.keySet()));
        List<?> a = (List<?>) m.get("a");
        assertEquals(1L, a.get(0));
        assertEquals(-2.5, a.get(1));
        assertEquals(1000.0, a.get(2));
        assertEquals(true, a.get(3));
        assertEquals(false, a.get(4));
        assertNull(a.get(5));
        assertEquals("x", a.get(6));
        assertEquals(Map.of(), m.get("b"));
        assertEquals(List.of(), m.get("c"));
    }

    @Test
    void keepsKeysInFileOrder() throws Exception {
        Map<?, ?> m = (Map<?, ?>) Json.parse("{\"z\":1,\"a\":2,\"m\":3}");
        assertEquals(List.of("z", "a", "m"), new ArrayList<>(m.keySet()));
    }

    @Test
    void numbersAreLongUnlessFractionalOrHuge() throws Exception {
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(9.223372036854775808E18, Json.parse("9223372036854775808"));
        assertEquals(0L, Json.parse("-0"));
        assertEquals(-0.0, Json.parse("-0.0"));
        assertEquals(1.5e-7, Json.parse("1.5E-7"));
    }

    @Test
    void decodesEscapesAndSurrogatePairs() throws Exception {
        assertEquals("\"\\/\b\f\n\r\t\u00e9\uD83D\uDE00", Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00E9\\ud83d\\ude00\""));
        assertEquals("\uD83D\uDE00 é", Json.parse("\"\uD83D\uDE00 é\""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                      | unexpected end of input, expected a value at line 1, column 1 (offset 0)",
        "`{\"a\":1,}`            | expected a string key, found '}' at line 1, column 8",
        "`[1,]`                  | unexpected ']', expected a value at line 1, column 4",
        "`[1 2]`                 | expected ',' or ']' in array, found '2' at line 1, column 4",
        "`{\"a\" 1}`             | expected ':' after object key, found '1'",
        "`{\"a\":1,\"a\":2}`     | duplicate key \"a\" at line 1, column 8",
        "`01`                    | leading zero in number",
        "`1.`                    | expected a digit after decimal point",
        "`1e`                    | expected a digit in exponent",
        "`-`                     | expected a digit, found end of input",
        "`1e400`                 | number 1e400 is outside the double range",
        "`NaN`                   | unexpected 'N', expected a value",
        "`tru`                   | unexpected 't', expected a value",
        "`\"abc`                 | unterminated string at line 1, column 1",
        "`\"\\x\"`               | invalid escape sequence '\\x'",
        "`\"\\u12g4\"`           | invalid hex digit 'g' in \\u escape",
        "`\"\\ud800\"`           | lone surrogate \\uD800 in string",
        "`\"\\udc00\"`           | lone surrogate \\uDC00 in string",
        "`1 2`                   | unexpected '2' after the JSON value at line 1, column 3",
        "`// c`                  | unexpected '/', expected a value",
    })
    void refusesInvalidJsonWithPosition(String text, String message) {
        FormatException e = assertThrows(FormatException.class, () -> Json.parse(text));
        assertTrue(e.getMessage().contains(message), () -> "message was: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("JSON: "), e.getMessage());
    }

    @Test
    void reportsLineAndColumnOnLaterLines() {
        FormatException e = assertThrows(FormatException.class, () -> Json.parse("{\n  \"a\": 1,\n  \"b\": x\n}"));
        assertEquals("JSON: unexpected 'x', expected a value at line 3, column 8 (offset 19)", e.getMessage());
    }

    @Test
    void refusesControlCharactersInStrings() {
        FormatException e = assertThrows(FormatException.class, () -> Json.parse("\"a\nb\""));
        assertTrue(e.getMessage().contains("unescaped control character U+000A"), e.getMessage());
    }

    @Test
    void limitsNestingDepth() throws Exception {
        String deep = "[".repeat(3) + "]".repeat(3);
        assertEquals(List.of(List.of(List.of())), Json.parse(deep, 3));
        FormatException e = assertThrows(FormatException.class, () -> Json.parse(deep, 2));
        assertTrue(e.getMessage().contains("nesting deeper than the limit of 2"), e.getMessage());
        // Hostile depth gives the documented exception, not a StackOverflowError.
        String bomb = "[".repeat(1_000_000);
        assertThrows(FormatException.class, () -> Json.parse(bomb));
    }

    @Test
    void refusesMalformedUtf8() {
        byte[] bad = {'"', (byte) 0xC3, '"'};
        FormatException e = assertThrows(FormatException.class, () -> Json.parse(bad, 4));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
        assertThrows(FormatException.class, () -> Json.parse(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1'}, 4));
    }

    @Test
    void writesCompactJsonInIterationOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", List.of(1L, 2, 2.5, -0.0, true));
        m.put("a", null);
        m.put("s", "q\"\\\n\u0001é\uD83D\uDE00/");
        assertEquals("{\"b\":[1,2,2.5,-0.0,true],\"a\":null,\"s\":\"q\\\"\\\\\\n\\u0001é\uD83D\uDE00/\"}", Json.write(m));
        assertEquals("{\"a\":1,\"b\":2}", Json.write(new TreeMap<>(Map.of("b", 2, "a", 1))));
    }

    @Test
    void writesPrettyJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layers", List.of(Map.of("units", 64L), List.of()));
        m.put("name", "mlp");
        m.put("empty", Map.of());
        assertEquals("{\n  \"layers\": [\n    {\n      \"units\": 64\n    },\n    []\n  ],\n  \"name\": \"mlp\",\n"
                + "  \"empty\": {}\n}", Json.writePretty(m));
    }

    @Test
    void writeThenParseRoundTrips() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x", List.of(1L, -2L, 0.1, 1e300, Long.MIN_VALUE, "\u0000\u001f\u007f"));
        m.put("nested", Map.of("k", List.of(Map.of())));
        assertEquals(m, Json.parse(Json.write(m)));
        assertEquals(m, Json.parse(Json.writePretty(m)));
        byte[] utf8 = Json.write(m).getBytes(StandardCharsets.UTF_8);
        assertEquals(m, Json.parse(utf8, 8));
    }

    @Test
    void refusesValuesWithoutJsonForm() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Float.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2)));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertThrows(IllegalArgumentException.class, () -> Json.write("\uD800"));
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThrows(IllegalArgumentException.class, () -> Json.write(cycle));
    }
}
