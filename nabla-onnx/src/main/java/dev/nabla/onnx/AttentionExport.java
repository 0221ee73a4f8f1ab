package dev.nabla.onnx;

import static dev.nabla.onnx.GraphBuilder.attr;

import dev.nabla.nn.Module;
import dev.nabla.nn.layers.Embedding;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.attention.GPT;
import dev.nabla.nn.attention.LearnedPositionalEncoding;
import dev.nabla.nn.attention.MultiheadAttention;
import dev.nabla.nn.attention.TransformerEncoderLayer;
import dev.nabla.nn.attention.TransformerStack;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Attention layers as ONNX ops (MatMul, Softmax, Reshape, Transpose; a causal mask from
 * {@code Trilu}): self-attention {@link MultiheadAttention} ({@code forward(x)}),
 * {@link TransformerEncoderLayer} (post- or pre-norm, ReLU or GELU, causal or not), an encoder
 * stack, {@link LearnedPositionalEncoding} (a {@code Slice} of its table to the input's length)
 * and {@link GPT}. Sequences have a dynamic length.
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
        converters.put(LearnedPositionalEncoding.class, (m, x, in, g) -> positions(m, in, g));
        converters.put(GPT.class, AttentionExport::gpt);
    }

    /** {@code softmax(Q K^T / sqrt(d) [+ causal mask]) V} over the heads, then {@code out_proj}. */
    static String selfAttention(MultiheadAttention a, int rank, String in, GraphBuilder g, boolean causal) {
        if (rank != 3) {
            throw new IllegalArgumentException("ONNX export: MultiheadAttention needs a batched 3-d input");
        }
        Map<String, Tensor> p = a.stateDict();
        int e = a.embedDim();
        int h = a.numHeads();
        String x = a.batchFirst() ? in : g.node("Transpose", List.of(in), attr("perm", new long[] {1, 0, 2}));
        String q = heads(project(p, 0, e, x, g), h, e / h, new long[] {0, 2, 1, 3}, g);
        String kT = heads(project(p, 1, e, x, g), h, e / h, new long[] {0, 2, 3, 1}, g);
        String v = heads(project(p, 2, e, x, g), h, e / h, new long[] {0, 2, 1, 3}, g);
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
            return g.node("Add", List.of(x1, feedForward(l, LayerExport.layerNorm(norm2, x1, g), g)));
        }
        String x1 = LayerExport.layerNorm(norm1, g.node("Add", List.of(x, selfAttention(l.selfAttn, 3, x, g, l.causal()))), g);
        return LayerExport.layerNorm(norm2, g.node("Add", List.of(x1, feedForward(l, x1, g))), g);
    }

    private static String feedForward(TransformerEncoderLayer l, String x, GraphBuilder g) {
        String hidden = LayerExport.linear((Linear) l.namedChildren().get("linear1"), 3, x, g);
        hidden = l.gelu() ? g.node("Gelu", List.of(hidden)) : g.node("Relu", List.of(hidden));
        return LayerExport.linear((Linear) l.namedChildren().get("linear2"), 3, hidden, g);
    }

    /** {@code x + table[:L]} with L the input's dim 1. */
    private static String positions(Module m, String x, GraphBuilder g) {
        Embedding table = (Embedding) m.namedChildren().get("embedding");
        String length = g.node("Shape", List.of(x), attr("start", 1L), attr("end", 2L));
        String rows = g.node("Slice", List.of(g.initializer("pos_table", table.weight), g.longs("zero_start", 0), length,
                g.longs("axis0", 0)));
        return g.node("Add", List.of(x, rows));
    }

    private static String gpt(Module m, Tensor idx, String in, GraphBuilder g) {
        Map<String, Module> c = m.namedChildren();
        String x = g.node("Gather", List.of(g.initializer("tok_emb", ((Embedding) c.get("tok_emb")).weight), in),
                attr("axis", 0L));
        x = positions(c.get("pos_emb"), x, g);
        for (Module block : c.get("blocks").children()) {
            x = encoderLayer((TransformerEncoderLayer) block, x, g);
        }
        x = LayerExport.layerNorm((LayerNorm) c.get("ln_f"), x, g);
        return LayerExport.linear((Linear) c.get("head"), 3, x, g);
    }
}
