package dev.nabla.nn.attention;

import dev.nabla.backend.Shape;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.Embedding;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.nn.layers.Linear;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * A GPT-style causal language model (benchmark workload W4): token embedding plus learned
 * position embedding, {@code layers} pre-norm causal blocks (LayerNorm → multi-head causal
 * self-attention → residual; LayerNorm → Linear(d, 4d) → GELU → Linear(4d, d) → residual), a final
 * LayerNorm and a linear head. Shape: token indices {@code [B, T]} (INT64, {@code T <= blockSize})
 * give logits {@code [B, T, vocab]}.
 */
public class GPT extends Module {
    private final Config config;
    private final int blockSize;
    private final Embedding tokens;
    private final LearnedPositionalEncoding positions;
    private final Sequential blocks = new Sequential();
    private final LayerNorm finalNorm;
    private final Linear head;

    /**
     * The options of a GPT; model files store them.
     *
     * @param vocabSize the number of tokens
     * @param blockSize the longest context
     * @param numHeads  attention heads per block
     * @param numLayers the number of blocks
     */
    public record Config(int vocabSize, int blockSize, int dModel, int numHeads, int numLayers, double dropout) {
    }

    public GPT(int vocab, int blockSize, int dModel, int numHeads, int layers, double dropout, Generator gen) {
        this(new Config(vocab, blockSize, dModel, numHeads, layers, dropout), gen);
    }

    /** The model described by {@code config}, its initial weights and dropout masks from {@code gen}. */
    public GPT(Config config, Generator gen) {
        this.config = config;
        this.blockSize = config.blockSize();
        int dModel = config.dModel();
        tokens = registerModule("tok_emb", new Embedding(config.vocabSize(), dModel, null, gen));
        positions = registerModule("pos_emb", new LearnedPositionalEncoding(
                new LearnedPositionalEncoding.Config(dModel, blockSize), gen));
        registerModule("blocks", blocks);
        for (int i = 0; i < config.numLayers(); i++) {
            blocks.add(TransformerEncoderLayer.gptBlock(dModel, config.numHeads(), config.dropout(), gen));
        }
        finalNorm = registerModule("ln_f", new LayerNorm(dModel));
        head = registerModule("head", new Linear(dModel, config.vocabSize(), true, gen));
    }

    /** The options this model was built with. */
    @Override
    public Config config() {
        return config;
    }

    /** The maximum context length. */
    public int blockSize() {
        return blockSize;
    }

    @Override
    public Tensor forward(Tensor idx) {
        if (idx.dim() != 2 || idx.size(1) > blockSize) {
            throw new IllegalArgumentException("GPT: expected token indices [B, T <= " + blockSize + "], got "
                    + Shape.str(idx.shape()));
        }
        Tensor x = blocks.forward(positions.forward(tokens.forward(idx)));
        return head.forward(finalNorm.forward(x));
    }
}
