package dev.nabla.nn.attention;

import dev.nabla.nn.Module;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.GELU;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * A Transformer decoder layer as {@code torch.nn.TransformerDecoderLayer} (batch first):
 * self-attention over the target (not causal unless asked, as in PyTorch), cross-attention over the encoder's output ({@code memory}),
 * then a feed-forward block, each with dropout and a residual connection, post-norm or pre-norm
 * ({@code normFirst}). Shapes: target {@code [B, Lt, d]}, memory {@code [B, Ls, d]}, output
 * {@code [B, Lt, d]}.
 */
public class TransformerDecoderLayer extends Module {
    private final boolean normFirst;
    public final MultiheadAttention selfAttn;
    public final MultiheadAttention crossAttn;
    private final Linear linear1;
    private final Linear linear2;
    private final Module activation;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final LayerNorm norm3;
    private final Dropout dropout;

    public TransformerDecoderLayer(int dModel, int numHeads, int feedForward, double dropout, boolean gelu,
                                   boolean normFirst, Generator gen) {
        this.normFirst = normFirst;
        selfAttn = registerModule("self_attn", new MultiheadAttention(MultiheadAttention.Config.of(dModel, numHeads).withDropout(dropout), gen));
        crossAttn = registerModule("multihead_attn", new MultiheadAttention(MultiheadAttention.Config.of(dModel, numHeads).withDropout(dropout), gen));
        linear1 = registerModule("linear1", new Linear(dModel, feedForward, true, gen));
        linear2 = registerModule("linear2", new Linear(feedForward, dModel, true, gen));
        activation = gelu ? new GELU() : new ReLU();
        norm1 = registerModule("norm1", new LayerNorm(dModel));
        norm2 = registerModule("norm2", new LayerNorm(dModel));
        norm3 = registerModule("norm3", new LayerNorm(dModel));
        this.dropout = registerModule("dropout", new Dropout(dropout, gen));
    }

    /** Whether each block normalizes its input (pre-norm) rather than its residual sum. */
    public boolean normFirst() { return normFirst; }

    /** Whether the feed-forward activation is GELU (else ReLU). */
    public boolean gelu() { return activation instanceof GELU; }

    /** A decoder layer needs the memory: always throws; call {@link #forward(Tensor, Tensor, Tensor)}. */
    @Override
    public Tensor forward(Tensor target) {
        throw new UnsupportedOperationException("TransformerDecoderLayer needs the encoder's memory: "
                + "call forward(target, memory, memoryKeyPaddingMask)");
    }

    /**
     * The layer over {@code target} attending to {@code memory} (padding mask {@code [B, Ls]} or
     * null), its self-attention not causal (PyTorch's default {@code tgt_is_causal=False}); pass
     * {@code causal} true to the full {@code forward} to hide later target positions.
     */
    public Tensor forward(Tensor target, Tensor memory, Tensor memoryKeyPaddingMask) {
        return forward(target, memory, null, null, null, memoryKeyPaddingMask, false);
    }

    /**
     * As PyTorch's {@code forward(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask,
     * memory_key_padding_mask, tgt_is_causal)}, masks as in {@link MultiheadAttention} (null for
     * none): {@code tgtMask [Lt, Lt]}, {@code memoryMask [Lt, Ls]}, padding masks {@code [B, Lt]}
     * and {@code [B, Ls]}; {@code causal} hides later target positions from the self-attention.
     */
    public Tensor forward(Tensor target, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask, boolean causal) {
        Tensor x = target;
        if (normFirst) {
            Tensor h = norm1.forward(x);
            x = x.add(selfAttend(h, tgtMask, tgtKeyPaddingMask, causal));
            x = x.add(crossAttend(norm2.forward(x), memory, memoryMask, memoryKeyPaddingMask));
            return x.add(feedForward(norm3.forward(x)));
        }
        x = norm1.forward(x.add(selfAttend(x, tgtMask, tgtKeyPaddingMask, causal)));
        x = norm2.forward(x.add(crossAttend(x, memory, memoryMask, memoryKeyPaddingMask)));
        return norm3.forward(x.add(feedForward(x)));
    }

    private Tensor selfAttend(Tensor x, Tensor mask, Tensor keyPaddingMask, boolean causal) {
        return dropout.forward(selfAttn.forward(x, x, x, keyPaddingMask, mask, causal, false, true).output());
    }

    private Tensor crossAttend(Tensor x, Tensor memory, Tensor mask, Tensor keyPaddingMask) {
        return dropout.forward(crossAttn.forward(x, memory, memory, keyPaddingMask, mask, false, false, true).output());
    }

    private Tensor feedForward(Tensor x) {
        return dropout.forward(linear2.forward(dropout.forward(activation.forward(linear1.forward(x)))));
    }
}
