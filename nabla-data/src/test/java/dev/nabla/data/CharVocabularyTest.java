package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CharVocabularyTest {

    @Test
    void sortedCharactersEncodeAndDecode() {
        CharVocabulary v = CharVocabulary.of("hello world");
        assertEquals(" dehlorw", v.symbols());
        assertArrayEquals(new long[] {3, 2, 4, 4, 5}, v.encode("hello").toLongArray());
        assertEquals("hello world", v.decode(v.encode("hello world")));
        assertEquals(v.symbols(), CharVocabulary.fromSymbols(v.symbols()).symbols());
    }

    @Test
    void unknownCharactersAndIdsAreNamed() {
        CharVocabulary v = CharVocabulary.of("abc");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.encode("abz"));
        assertTrue(e.getMessage().contains("'z' (U+007A)"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> v.decode(new long[] {3}));
    }
}
