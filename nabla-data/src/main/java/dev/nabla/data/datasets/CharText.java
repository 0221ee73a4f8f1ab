package dev.nabla.data.datasets;

import dev.nabla.data.CharVocabulary;
import dev.nabla.tensor.Tensor;

/**
 * A text for character-level language modelling.
 *
 * @param text the text
 * @param vocabulary its characters, sorted
 * @param tokens the text encoded, INT64 {@code [L]}
 */
public record CharText(String text, CharVocabulary vocabulary, Tensor tokens) {

    /** The text, its vocabulary and its tokens. */
    public static CharText of(String text) {
        CharVocabulary v = CharVocabulary.of(text);
        return new CharText(text, v, v.encode(text));
    }

    /**
     * The first {@code floor(L * trainFraction)} tokens for training, the rest for validation
     * (contiguous, not shuffled, as nanoGPT and {@code torch_reference.py} do).
     */
    public TextSplit split(double trainFraction) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("CharText.split: trainFraction must be in (0, 1), got " + trainFraction);
        }
        int n = tokens.size(0);
        int nTrain = (int) (n * trainFraction);
        return new TextSplit(tokens.narrow(0, 0, nTrain), tokens.narrow(0, nTrain, n - nTrain), vocabulary);
    }
}
