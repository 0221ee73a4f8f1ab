package dev.nabla.nn.attention;

import dev.nabla.nn.LayerProvider;
import dev.nabla.nn.LayerType;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.tensor.Generator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The attention layer types of {@code nabla-seq} for model files: {@code MultiheadAttention},
 * {@code TransformerEncoderLayer}, {@code TransformerDecoderLayer}, the positional encodings,
 * {@code AdditiveAttention} and {@code GPT}, each configured by its {@code Config} record
 * (PyTorch's constructor argument names as keys), and the stacks {@code TransformerEncoder} and
 * {@code TransformerDecoder}, rebuilt from their children ({@code layers} and an optional
 * {@code norm}). A layer's weight count includes its children's.
 */
public final class AttentionLayerTypes implements LayerProvider {

    @Override
    public List<LayerType> layerTypes() {
        return List.of(
                LayerType.of("MultiheadAttention", MultiheadAttention.class, MultiheadAttention.Config.class,
                        c -> new MultiheadAttention(c, scratch()), AttentionLayerTypes::attention),
                LayerType.of("TransformerEncoderLayer", TransformerEncoderLayer.class, TransformerEncoderLayer.Config.class,
                        c -> new TransformerEncoderLayer(c, scratch()),
                        c -> block(c.dModel(), c.nhead(), c.dimFeedforward(), 1)),
                LayerType.of("TransformerDecoderLayer", TransformerDecoderLayer.class, TransformerDecoderLayer.Config.class,
                        c -> new TransformerDecoderLayer(c, scratch()),
                        c -> block(c.dModel(), c.nhead(), c.dimFeedforward(), 2)),
                LayerType.of("TransformerEncoder", TransformerStack.Encoder.class, m -> Map.of(),
                        (c, children) -> TransformerStack.encoder(layers(children, TransformerEncoderLayer.class),
                                norm(children))),
                LayerType.of("TransformerDecoder", TransformerStack.Decoder.class, m -> Map.of(),
                        (c, children) -> TransformerStack.decoder(layers(children, TransformerDecoderLayer.class),
                                norm(children))),
                LayerType.of("SinusoidalPositionalEncoding", SinusoidalPositionalEncoding.class,
                        SinusoidalPositionalEncoding.Config.class, SinusoidalPositionalEncoding::new, c -> 0),
                LayerType.of("LearnedPositionalEncoding", LearnedPositionalEncoding.class,
                        LearnedPositionalEncoding.Config.class, c -> new LearnedPositionalEncoding(c, scratch()),
                        c -> product(c.maxLength(), c.dim())),
                LayerType.of("AdditiveAttention", AdditiveAttention.class, AdditiveAttention.Config.class,
                        c -> new AdditiveAttention(c, scratch()),
                        c -> product(c.hidden(), (double) Math.max(c.queryDim(), 1) + Math.max(c.keyDim(), 1) + 2)),
                LayerType.of("GPT", GPT.class, GPT.Config.class, c -> new GPT(c, scratch()), AttentionLayerTypes::gpt));
    }

    /** The children {@code layers.0, layers.1, ...} of a stack, each of class {@code cls}. */
    private static <L extends Module> List<L> layers(Map<String, Module> children, Class<L> cls) {
        if (!(children.get("layers") instanceof Sequential list)) {
            throw new IllegalArgumentException("a Transformer stack needs a Sequential child \"layers\"");
        }
        List<L> out = new ArrayList<>();
        for (Module m : list.children()) {
            if (!cls.isInstance(m)) {
                throw new IllegalArgumentException("the layers of this stack must be " + cls.getSimpleName()
                        + ", got " + m.getClass().getSimpleName());
            }
            out.add(cls.cast(m));
        }
        return out;
    }

    /** The optional final norm of a stack. */
    private static LayerNorm norm(Map<String, Module> children) {
        Module norm = children.get("norm");
        if (norm != null && !(norm instanceof LayerNorm)) {
            throw new IllegalArgumentException("the \"norm\" of a Transformer stack must be a LayerNorm, got "
                    + norm.getClass().getSimpleName());
        }
        return (LayerNorm) norm;
    }

    /** Weight elements of a MultiheadAttention: input projections, their biases and the output projection. */
    private static long attention(MultiheadAttention.Config c) {
        double e = Math.max(c.embedDim(), 1);
        return product(e, e + Math.max(c.kdim(), 1) + Math.max(c.vdim(), 1) + e + (c.bias() ? 4 : 0));
    }

    /** Weight elements of a Transformer layer with {@code attentions} attention blocks (self, then cross). */
    private static long block(int dModel, int nhead, int ff, int attentions) {
        double d = Math.max(dModel, 1);
        double attention = attention(new MultiheadAttention.Config(dModel, Math.max(nhead, 1), 0, true, dModel, dModel, true));
        double feedForward = product(d, Math.max(ff, 1)) * 2.0 + Math.max(ff, 1) + d;
        return saturate(attentions * attention + feedForward + (attentions + 1) * 2 * d);
    }

    private static long gpt(GPT.Config c) {
        double d = Math.max(c.dModel(), 1);
        double v = Math.max(c.vocabSize(), 1);
        double blocks = (double) Math.max(c.numLayers(), 0) * block(c.dModel(), c.numHeads(), 4 * c.dModel(), 1);
        return saturate(v * d + (double) Math.max(c.blockSize(), 1) * d + blocks + 2 * d + d * v + v);
    }

    private static long product(double a, double b) {
        return saturate(Math.max(a, 0) * Math.max(b, 0));
    }

    /** {@code n} as a long, huge values (beyond any weights file) as {@code Long.MAX_VALUE / 2}. */
    private static long saturate(double n) {
        return n >= 1e18 ? Long.MAX_VALUE / 2 : (long) n;
    }

    private static Generator scratch() {
        return new Generator(0);
    }
}
