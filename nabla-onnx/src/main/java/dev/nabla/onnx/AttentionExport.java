package dev.nabla.onnx;

import static dev.nabla.onnx.GraphBuilder.attr;

import dev.nabla.nn.Module;
import dev.nabla.nn.layers.Embedding;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.attention.GPT;
import dev.nabla.nn.attention.LearnedPositionalEncoding;
import dev.nabla.nn.attention.MultiheadAttention;
import dev.nabla.nn.attention.SinusoidalPositionalEncoding;
import dev.nabla.nn.attention.TransformerDecoderLayer;
import dev.nabla.nn.attention.TransformerEncoderLayer;
import dev.nabla.nn.attention.TransformerStack;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Attention layers as ONNX ops (MatMul, Softmax, Reshape, Transpose; a causal mask from
 * {@code Trilu}): self-attention {@link MultiheadAttention} ({@code forward(x)}),
 * {@link TransformerEncoderLayer} (post- or pre-norm, ReLU or GELU, causal or not), an encoder
 * stack, {@link LearnedPositionalEncoding} and {@link SinusoidalPositionalEncoding} (a
 * {@code Slice} of the table to the input's length), {@link GPT}, and for two-input export (see
 * {@link Onnx#exportDecoder}) {@link TransformerDecoderLayer} and a decoder stack, whose
 * cross-attention attends over the memory. Sequences have a dynamic length.
 */
final class AttentionExport {
    private AttentionExport() {
    }

    static void register(Map<Class<? extends Module>, LayerExport.Converter> converters) {
        converters.put(MultiheadAttention.class, (m, x, in, g) -> selfAttention((MultiheadAttention) m, x.dim(), in, g,
                false));
        converters.put(TransformerEncoderLayer.class, (m, x, in, g) -> encoderLayer((TransformerEncoderLayer) m, in, g));
        converters.put(TransformerStack.Encoder.class, (m, x, in, g) -> {
            String y = LayerExport.convert(m.namedChildren().get("layers"), x, in, g);
            Module norm = m.namedChildren().get("norm");
            return norm == null ? y : LayerExport.layerNorm((LayerNorm) norm, y, g);
        });
        converters.put(LearnedPositionalEncoding.class, (m, x, in, g) -> positions(
                ((Embedding) m.namedChildren().get("embedding")).weight, in, g));
        converters.put(SinusoidalPositionalEncoding.class, (m, x, in, g) -> positions(
                ((SinusoidalPositionalEncoding) m).table(), in, g));
        converters.put(GPT.class, AttentionExport::gpt);
    }

    /** Self-attention: {@link #attention} with query, key and value all {@code in}. */
    static String selfAttention(MultiheadAttention a, int rank, String in, GraphBuilder g, boolean causal) {
        if (rank != 3) {
            throw new IllegalArgumentException("ONNX export: MultiheadAttention needs a batched 3-d input");
        }
        return attention(a, in, in, g, causal);
    }

    /**
     * {@code softmax(Q K^T / sqrt(d) [+ causal mask]) V} over the heads, then {@code out_proj};
     * queries from {@code query}, keys and values from {@code memory} (the same value for self-attention).
     */
    static String attention(MultiheadAttention a, String query, String memory, GraphBuilder g, boolean causal) {
        Map<String, Tensor> p = a.stateDict();
        int e = a.embedDim();
        int h = a.numHeads();
        String x = a.batchFirst() ? query : g.node("Transpose", List.of(query), attr("perm", new long[] {1, 0, 2}));
        String m = memory.equals(query) ? x : a.batchFirst() ? memory
                : g.node("Transpose", List.of(memory), attr("perm", new long[] {1, 0, 2}));
        String q = heads(project(p, 0, e, x, g), h, e / h, new long[] {0, 2, 1, 3}, g);
        String kT = heads(project(p, 1, e, m, g), h, e / h, new long[] {0, 2, 3, 1}, g);
        String v = heads(project(p, 2, e, m, g), h, e / h, new long[] {0, 2, 1, 3}, g);
        String scores = g.node("Mul", List.of(g.node("MatMul", List.of(q, kT)),
                g.floats("attn_scale", new float[] {(float) (1 / Math.sqrt((double) e / h))})));
        if (causal) {
            String ones = g.node("Add", List.of(g.node("Mul", List.of(scores, g.floats("zero", new float[] {0}))),
                    g.floats("one", new float[] {1})));
            String above = g.node("Trilu", List.of(ones, g.longs("diagonal", 1)), attr("upper", 1L));
            scores = g.node("Where", List.of(g.node("Equal", List.of(above, g.floats("one", new float[] {1}))),
                    g.floats("minus_inf", new float[] {Float.NEGATIVE_INFINITY}), scores));
        }
        String o = g.node("MatMul", List.of(g.node("Softmax", List.of(scores), attr("axis", -1L)), v));
        o = g.node("Reshape", List.of(g.node("Transpose", List.of(o), attr("perm", new long[] {0, 2, 1, 3})),
                g.longs("attn_shape", 0, 0, e)));
        o = LayerExport.linear(a.outProj, 3, o, g);
        return a.batchFirst() ? o : g.node("Transpose", List.of(o), attr("perm", new long[] {1, 0, 2}));
    }

    /** {@code x W^T + b} for the query (0), key (1) or value (2) projection. */
    private static String project(Map<String, Tensor> p, int part, int e, String x, GraphBuilder g) {
        Tensor w = p.containsKey("in_proj_weight") ? p.get("in_proj_weight").narrow(0, part * e, e)
                : p.get(List.of("q_proj_weight", "k_proj_weight", "v_proj_weight").get(part));
        String y = g.node("MatMul", List.of(x, g.initializer("attn_w", w.t().contiguous())));
        Tensor b = p.get("in_proj_bias");
        return b == null ? y : g.node("Add", List.of(y, g.initializer("attn_b", b.narrow(0, part * e, e).contiguous())));
    }

    private static String heads(String x, int h, int d, long[] perm, GraphBuilder g) {
        return g.node("Transpose", List.of(g.node("Reshape", List.of(x, g.longs("heads_shape", 0, 0, h, d)))),
                attr("perm", perm));
    }

    private static String encoderLayer(TransformerEncoderLayer l, String x, GraphBuilder g) {
        Map<String, Module> c = l.namedChildren();
        LayerNorm norm1 = (LayerNorm) c.get("norm1");
        LayerNorm norm2 = (LayerNorm) c.get("norm2");
        if (l.normFirst()) {
            String x1 = g.node("Add", List.of(x, selfAttention(l.selfAttn, 3, LayerExport.layerNorm(norm1, x, g), g,
                    l.causal())));
            return g.node("Add", List.of(x1, feedForward(l, l.gelu(), LayerExport.layerNorm(norm2, x1, g), g)));
        }
        String x1 = LayerExport.layerNorm(norm1, g.node("Add", List.of(x, selfAttention(l.selfAttn, 3, x, g, l.causal()))), g);
        return LayerExport.layerNorm(norm2, g.node("Add", List.of(x1, feedForward(l, l.gelu(), x1, g))), g);
    }

    /** A {@link TransformerDecoderLayer} or decoder stack over {@code target} and {@code memory}. */
    static String decoder(Module m, String target, String memory, boolean causal, GraphBuilder g) {
        if (m.getClass() == TransformerDecoderLayer.class) {
            return decoderLayer((TransformerDecoderLayer) m, target, memory, causal, g);
        }
        if (m.getClass() != TransformerStack.Decoder.class) {
            throw new IllegalArgumentException("ONNX export: two-input export takes a TransformerDecoderLayer or "
                    + "TransformerStack decoder, got " + m.getClass().getSimpleName());
        }
        String y = target;
        for (Module layer : m.namedChildren().get("layers").children()) {
            y = decoder(layer, y, memory, causal, g);
        }
        Module norm = m.namedChildren().get("norm");
        return norm == null ? y : LayerExport.layerNorm((LayerNorm) norm, y, g);
    }

    /** Nabla's output of a decoder layer or stack (as {@link #decoder} exports it), which checks the input shapes. */
    static Tensor runDecoder(Module m, Tensor target, Tensor memory, boolean causal) {
        return m instanceof TransformerStack.Decoder d ? d.forward(target, memory, null, null, null, null, causal)
                : ((TransformerDecoderLayer) m).forward(target, memory, null, null, null, null, causal);
    }

    /**
     * A decoder layer over {@code x} (the target) attending to {@code memory}: self-attention
     * (causal if asked), cross-attention, feed-forward, each with its residual, pre- or post-norm.
     */
    static String decoderLayer(TransformerDecoderLayer l, String x, String memory, boolean causal, GraphBuilder g) {
        Map<String, Module> c = l.namedChildren();
        LayerNorm norm1 = (LayerNorm) c.get("norm1");
        LayerNorm norm2 = (LayerNorm) c.get("norm2");
        LayerNorm norm3 = (LayerNorm) c.get("norm3");
        if (l.normFirst()) {
            String h = LayerExport.layerNorm(norm1, x, g);
            String x1 = g.node("Add", List.of(x, attention(l.selfAttn, h, h, g, causal)));
            String x2 = g.node("Add", List.of(x1, attention(l.crossAttn, LayerExport.layerNorm(norm2, x1, g), memory, g,
                    false)));
            return g.node("Add", List.of(x2, feedForward(l, l.gelu(), LayerExport.layerNorm(norm3, x2, g), g)));
        }
        String x1 = LayerExport.layerNorm(norm1, g.node("Add", List.of(x, attention(l.selfAttn, x, x, g, causal))), g);
        String x2 = LayerExport.layerNorm(norm2, g.node("Add", List.of(x1, attention(l.crossAttn, x1, memory, g, false))), g);
        return LayerExport.layerNorm(norm3, g.node("Add", List.of(x2, feedForward(l, l.gelu(), x2, g))), g);
    }

    /** {@code linear2(act(linear1(x)))} of an encoder or decoder layer. */
    private static String feedForward(Module l, boolean gelu, String x, GraphBuilder g) {
        String hidden = LayerExport.linear((Linear) l.namedChildren().get("linear1"), 3, x, g);
        hidden = gelu ? g.node("Gelu", List.of(hidden)) : g.node("Relu", List.of(hidden));
        return LayerExport.linear((Linear) l.namedChildren().get("linear2"), 3, hidden, g);
    }

    /** {@code x + table[:L]} with L the input's dim 1. */
    private static String positions(Tensor table, String x, GraphBuilder g) {
        String length = g.node("Shape", List.of(x), attr("start", 1L), attr("end", 2L));
        String rows = g.node("Slice", List.of(g.initializer("pos_table", table), g.longs("zero_start", 0), length,
                g.longs("axis0", 0)));
        return g.node("Add", List.of(x, rows));
    }

    private static String gpt(Module m, Tensor idx, String in, GraphBuilder g) {
        Map<String, Module> c = m.namedChildren();
        String x = g.node("Gather", List.of(g.initializer("tok_emb", ((Embedding) c.get("tok_emb")).weight), in),
                attr("axis", 0L));
        x = positions(((Embedding) c.get("pos_emb").namedChildren().get("embedding")).weight, x, g);
        for (Module block : c.get("blocks").children()) {
            x = encoderLayer((TransformerEncoderLayer) block, x, g);
        }
        x = LayerExport.layerNorm((LayerNorm) c.get("ln_f"), x, g);
        return LayerExport.linear((Linear) c.get("head"), 3, x, g);
    }
}
