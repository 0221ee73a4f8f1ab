package dev.nabla.data;

import dev.nabla.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;

/**
 * A character-level vocabulary: the sorted distinct characters (Unicode code points) of a text,
 * token {@code i} being the {@code i}-th smallest, as {@code sorted(set(text))} in Python. Encodes
 * text as INT64 token ids and decodes them back.
 */
public final class CharVocabulary {
    private final int[] symbols;
    private final Map<Integer, Integer> ids = new HashMap<>();

    private CharVocabulary(int[] symbols) {
        this.symbols = symbols;
        for (int i = 0; i < symbols.length; i++) {
            ids.put(symbols[i], i);
        }
    }

    /** The vocabulary of every distinct character in {@code text}. */
    public static CharVocabulary of(String text) {
        return new CharVocabulary(text.codePoints().distinct().sorted().toArray());
    }

    /** The vocabulary whose token {@code i} is the {@code i}-th code point of {@code symbols} (e.g. restored with a model). */
    public static CharVocabulary fromSymbols(String symbols) {
        int[] cps = symbols.codePoints().toArray();
        if (java.util.Arrays.stream(cps).distinct().count() != cps.length) {
            throw new IllegalArgumentException("CharVocabulary: symbols must be distinct");
        }
        return new CharVocabulary(cps);
    }

    /** The number of tokens {@code V}. */
    public int size() {
        return symbols.length;
    }

    /** All symbols in token order, as one string (the vocabulary's whole state). */
    public String symbols() {
        return new String(symbols, 0, symbols.length);
    }

    /** The token id of code point {@code c}. */
    public int id(int c) {
        Integer i = ids.get(c);
        if (i == null) {
            throw new IllegalArgumentException("CharVocabulary: '" + Character.toString(c) + "' (U+"
                    + String.format("%04X", c) + ") is not in the vocabulary of " + size() + " characters");
        }
        return i;
    }

    /** The token ids of {@code text}, INT64 of shape {@code [L]} ({@code L} code points). */
    public Tensor encode(String text) {
        long[] out = text.codePoints().mapToLong(this::id).toArray();
        return Tensor.of(out, out.length);
    }

    /** The text of token ids (any integer tensor, read in row-major order). */
    public String decode(Tensor ids) {
        return decode(ids.toLongArray());
    }

    /** The text of token ids. */
    public String decode(long[] ids) {
        StringBuilder sb = new StringBuilder(ids.length);
        for (long i : ids) {
            if (i < 0 || i >= symbols.length) {
                throw new IndexOutOfBoundsException("CharVocabulary: token id " + i + " is outside [0, " + size() + ")");
            }
            sb.appendCodePoint(symbols[(int) i]);
        }
        return sb.toString();
    }
}
