package dev.nabla.nn.attention;

import dev.nabla.nn.Module;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.nn.layers.Linear;
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
    private final Config config;
    public final MultiheadAttention selfAttn;
    public final MultiheadAttention crossAttn;
    private final Linear linear1;
    private final Linear linear2;
    private final Module activation;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final LayerNorm norm3;
    private final Dropout dropout;

    /**
     * The options of a TransformerDecoderLayer, PyTorch's constructor arguments in PyTorch's order
     * (always batch first); model files store them.
     *
     * @param nhead          the number of attention heads
     * @param dimFeedforward the hidden size of the feed-forward block
     * @param normFirst      layer norm before each block (pre-norm) rather than after
     */
    public record Config(int dModel, int nhead, int dimFeedforward, double dropout, Activation activation,
                         double layerNormEps, boolean normFirst) {
        /** PyTorch's defaults: feed-forward 2048, dropout 0.1, ReLU, eps 1e-5, post-norm. */
        public static Config of(int dModel, int nhead) {
            return new Config(dModel, nhead, 2048, 0.1, Activation.RELU, 1e-5, false);
        }
    }

    public TransformerDecoderLayer(int dModel, int numHeads, int feedForward, double dropout, boolean gelu,
                                   boolean normFirst, Generator gen) {
        this(new Config(dModel, numHeads, feedForward, dropout, gelu ? Activation.GELU : Activation.RELU, 1e-5,
                normFirst), gen);
    }

    /** The layer described by {@code config}; initial weights and dropout masks from {@code gen}. */
    public TransformerDecoderLayer(Config config, Generator gen) {
        this.config = config;
        int dModel = config.dModel();
        MultiheadAttention.Config attention = MultiheadAttention.Config.of(dModel, config.nhead())
                .withDropout(config.dropout());
        selfAttn = registerModule("self_attn", new MultiheadAttention(attention, gen));
        crossAttn = registerModule("multihead_attn", new MultiheadAttention(attention, gen));
        linear1 = registerModule("linear1", new Linear(dModel, config.dimFeedforward(), true, gen));
        linear2 = registerModule("linear2", new Linear(config.dimFeedforward(), dModel, true, gen));
        activation = config.activation().layer();
        norm1 = registerModule("norm1", new LayerNorm(new int[] {dModel}, config.layerNormEps(), true));
        norm2 = registerModule("norm2", new LayerNorm(new int[] {dModel}, config.layerNormEps(), true));
        norm3 = registerModule("norm3", new LayerNorm(new int[] {dModel}, config.layerNormEps(), true));
        this.dropout = registerModule("dropout", new Dropout(config.dropout(), gen));
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return config;
    }

    /** Whether each block normalizes its input (pre-norm) rather than its residual sum. */
    public boolean normFirst() { return config.normFirst(); }

    /** Whether the feed-forward activation is GELU (else ReLU). */
    public boolean gelu() { return config.activation() == Activation.GELU; }

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
        if (config.normFirst()) {
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
