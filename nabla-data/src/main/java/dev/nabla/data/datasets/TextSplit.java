package dev.nabla.data.datasets;

import dev.nabla.data.CharVocabulary;
import dev.nabla.data.WindowSampler;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Token sequences for training and validation, with their vocabulary.
 *
 * @param train INT64 {@code [L1]}
 * @param validation INT64 {@code [L2]}
 * @param vocabulary the vocabulary of both
 */
public record TextSplit(Tensor train, Tensor validation, CharVocabulary vocabulary) {

    /** Random training windows: batches {@code x [B, T]}, {@code y [B, T]} of next tokens. */
    public WindowSampler trainSampler(int blockSize, int batchSize, Generator generator) {
        return new WindowSampler(train, blockSize, batchSize, generator);
    }

    /** Random validation windows. */
    public WindowSampler validationSampler(int blockSize, int batchSize, Generator generator) {
        return new WindowSampler(validation, blockSize, batchSize, generator);
    }
}
