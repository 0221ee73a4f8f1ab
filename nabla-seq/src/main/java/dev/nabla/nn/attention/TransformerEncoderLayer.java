package dev.nabla.nn.attention;

import dev.nabla.nn.Module;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.nn.layers.Linear;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * A Transformer encoder layer as {@code torch.nn.TransformerEncoderLayer} (batch first):
 * self-attention then a feed-forward block {@code Linear(d, ff) → activation → Linear(ff, d)},
 * each with dropout and a residual connection. Post-norm: {@code x = norm(x + block(x))};
 * pre-norm ({@code normFirst}, as GPT): {@code x = x + block(norm(x))}. With {@code causal} the
 * self-attention is causal ({@link #gptBlock}). Shape: {@code [B, L, d]} in and out. Parameter
 * names as PyTorch's: {@code self_attn.*}, {@code linear1.*}, {@code linear2.*}, {@code norm1.*},
 * {@code norm2.*}; activation ReLU or GELU.
 */
public class TransformerEncoderLayer extends Module {
    private final Config config;
    public final MultiheadAttention selfAttn;
    private final Linear linear1;
    private final Linear linear2;
    private final Module activation;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final Dropout dropout;

    /**
     * The options of a TransformerEncoderLayer, PyTorch's constructor arguments in PyTorch's order
     * (always batch first), and {@code causal}: whether every forward pass hides later positions
     * (Nabla's, for GPT blocks); model files store them.
     *
     * @param nhead          the number of attention heads
     * @param dimFeedforward the hidden size of the feed-forward block
     * @param normFirst      layer norm before attention and feed-forward (pre-norm) rather than after
     */
    public record Config(int dModel, int nhead, int dimFeedforward, double dropout, Activation activation,
                         double layerNormEps, boolean normFirst, boolean causal) {
        /** PyTorch's defaults: feed-forward 2048, dropout 0.1, ReLU, eps 1e-5, post-norm, not causal. */
        public static Config of(int dModel, int nhead) {
            return new Config(dModel, nhead, 2048, 0.1, Activation.RELU, 1e-5, false, false);
        }
    }

    /** Post-norm, ReLU, not causal. */
    public TransformerEncoderLayer(int dModel, int numHeads, int feedForward, double dropout) {
        this(dModel, numHeads, feedForward, dropout, false, false, false, Generator.getDefault());
    }

    public TransformerEncoderLayer(int dModel, int numHeads, int feedForward, double dropout, boolean gelu,
                                   boolean normFirst, boolean causal, Generator gen) {
        this(new Config(dModel, numHeads, feedForward, dropout, gelu ? Activation.GELU : Activation.RELU, 1e-5,
                normFirst, causal), gen);
    }

    /** The layer described by {@code config}; initial weights and dropout masks from {@code gen}. */
    public TransformerEncoderLayer(Config config, Generator gen) {
        this.config = config;
        int dModel = config.dModel();
        selfAttn = registerModule("self_attn", new MultiheadAttention(
                MultiheadAttention.Config.of(dModel, config.nhead()).withDropout(config.dropout()), gen));
        linear1 = registerModule("linear1", new Linear(dModel, config.dimFeedforward(), true, gen));
        linear2 = registerModule("linear2", new Linear(config.dimFeedforward(), dModel, true, gen));
        activation = config.activation().layer();
        norm1 = registerModule("norm1", new LayerNorm(new int[] {dModel}, config.layerNormEps(), true));
        norm2 = registerModule("norm2", new LayerNorm(new int[] {dModel}, config.layerNormEps(), true));
        this.dropout = registerModule("dropout", new Dropout(config.dropout(), gen));
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return config;
    }

    /**
     * A GPT block: pre-norm, GELU, causal self-attention, feed-forward size {@code 4 * dModel}
     * (LayerNorm → causal self-attention → residual; LayerNorm → MLP → residual).
     */
    public static TransformerEncoderLayer gptBlock(int dModel, int numHeads, double dropout, Generator gen) {
        return new TransformerEncoderLayer(dModel, numHeads, 4 * dModel, dropout, true, true, true, gen);
    }

    // Configuration, e.g. for export.

    /** Whether layer norm comes before attention and feed-forward (pre-norm) rather than after. */
    public boolean normFirst() { return config.normFirst(); }

    /** Whether every forward pass masks the keys after each query. */
    public boolean causal() { return config.causal(); }

    /** Whether the feed-forward activation is GELU (else ReLU). */
    public boolean gelu() { return config.activation() == Activation.GELU; }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null, null, false);
    }

    /** The layer with a key-padding mask ({@code [B, L]}, true = padding; null for none). */
    public Tensor forward(Tensor x, Tensor keyPaddingMask) {
        return forward(x, null, keyPaddingMask, false);
    }

    /**
     * As PyTorch's {@code forward(src, src_mask, src_key_padding_mask, is_causal)}: an attention
     * mask {@code [L, L]} and key-padding mask {@code [B, L]} as in {@link MultiheadAttention}
     * (null for none); {@code causal} (or a layer built causal) hides later positions.
     */
    public Tensor forward(Tensor x, Tensor srcMask, Tensor keyPaddingMask, boolean causal) {
        boolean c = causal || config.causal();
        if (config.normFirst()) {
            x = x.add(attend(norm1.forward(x), srcMask, keyPaddingMask, c));
            return x.add(feedForward(norm2.forward(x)));
        }
        x = norm1.forward(x.add(attend(x, srcMask, keyPaddingMask, c)));
        return norm2.forward(x.add(feedForward(x)));
    }

    private Tensor attend(Tensor x, Tensor srcMask, Tensor keyPaddingMask, boolean causal) {
        return dropout.forward(selfAttn.forward(x, x, x, keyPaddingMask, srcMask, causal, false, true).output());
    }

    private Tensor feedForward(Tensor x) {
        return dropout.forward(linear2.forward(dropout.forward(activation.forward(linear1.forward(x)))));
    }
}
