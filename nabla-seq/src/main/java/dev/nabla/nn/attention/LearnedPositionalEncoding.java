package dev.nabla.nn.attention;

import dev.nabla.backend.Shape;
import dev.nabla.nn.Module;
import dev.nabla.nn.layers.Embedding;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Adds a learned embedding of each position (GPT's position embedding). Shape: {@code [B, L, d]}
 * in and out, {@code L <= maxLength}. Parameter {@code embedding.weight [maxLength, d]}.
 */
public class LearnedPositionalEncoding extends Module {
    private final Embedding embedding;
    private final int maxLength;

    /** The options of a LearnedPositionalEncoding: the model size and the longest sequence; model files store them. */
    public record Config(int dim, int maxLength) {
    }

    /** Initial embedding from the default generator. */
    public LearnedPositionalEncoding(int dim, int maxLength) {
        this(new Config(dim, maxLength), Generator.getDefault());
    }

    /** The encoding described by {@code config}, its initial embedding drawn from {@code gen}. */
    public LearnedPositionalEncoding(Config config, Generator gen) {
        this.maxLength = config.maxLength();
        this.embedding = registerModule("embedding", new Embedding(config.maxLength(), config.dim(), null, gen));
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(embedding.config().embeddingDim(), maxLength);
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
