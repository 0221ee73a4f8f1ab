package dev.nabla.nn.attention;

import dev.nabla.backend.Shape;
import dev.nabla.nn.Module;
import dev.nabla.nn.layers.Embedding;
import dev.nabla.tensor.Tensor;

/**
 * Adds a learned embedding of each position (GPT's position embedding). Shape: {@code [B, L, d]}
 * in and out, {@code L <= maxLength}. Parameter {@code embedding.weight [maxLength, d]}.
 */
public class LearnedPositionalEncoding extends Module {
    private final Embedding embedding;
    private final int maxLength;

    public LearnedPositionalEncoding(int dim, int maxLength) {
        this.maxLength = maxLength;
        this.embedding = registerModule("embedding", new Embedding(maxLength, dim));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 3 || x.size(1) > maxLength) {
            throw new IllegalArgumentException("LearnedPositionalEncoding: expected [B, L <= " + maxLength + ", d], got "
                    + Shape.str(x.shape()));
        }
        return x.add(embedding.forward(Tensor.arange(x.size(1)).to(x.backend())));
    }
}
