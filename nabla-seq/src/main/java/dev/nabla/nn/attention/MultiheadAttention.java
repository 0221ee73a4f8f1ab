package dev.nabla.nn.attention;

import dev.nabla.backend.DType;
import dev.nabla.backend.Shape;
import dev.nabla.nn.Init;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.layers.Linear;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Multi-head attention as {@code torch.nn.MultiheadAttention}: the query, key and value are
 * projected, split into {@code numHeads} heads of size {@code E / numHeads}, attended with
 * {@link Attention#scaledDotProduct} and recombined by {@code out_proj}. When the weights are not
 * asked for and there is no mask (causal aside) and no attention dropout, the heads are attended
 * by one fused op ({@link Attention#output}) that keeps no weights.
 *
 * <p>Shapes (batch first, Nabla's default; PyTorch's time-major layout with {@code batchFirst}
 * false swaps the first two dims): query {@code [B, Lq, E]}, key {@code [B, Lk, kdim]}, value
 * {@code [B, Lk, vdim]}; output {@code [B, Lq, E]}; weights {@code [B, Lq, Lk]} averaged over
 * the heads, or {@code [B, heads, Lq, Lk]}. Unbatched inputs {@code [L, E]} are accepted too.
 *
 * <p>Masks follow {@code torch.nn.MultiheadAttention}: a key-padding mask {@code [B, Lk]} is
 * BOOL (true at padding keys, which are ignored) or float (added to the scores); an attention
 * mask {@code [Lq, Lk]} or {@code [B*heads, Lq, Lk]} is BOOL (true where a query may NOT attend
 * to a key) or float (added). {@code causal} masks the keys after each query. Masked keys get
 * weight exactly 0, hence exactly zero gradient.
 *
 * <p>Parameters (PyTorch's names): {@code in_proj_weight [3E, E]}, {@code in_proj_bias [3E]} when
 * kdim = vdim = E, else {@code q_proj_weight}, {@code k_proj_weight}, {@code v_proj_weight};
 * {@code out_proj.weight}, {@code out_proj.bias}. Projection weights are Xavier-uniform, biases
 * zero, {@code out_proj.weight} as a Linear's, as in PyTorch.
 */
public class MultiheadAttention extends Module {
    private final int embedDim;
    private final int numHeads;
    private final Parameter inProjWeight;
    private final Parameter qProjWeight;
    private final Parameter kProjWeight;
    private final Parameter vProjWeight;
    private final Parameter inProjBias;
    private final double dropout;
    private final boolean batchFirst;
    private final Generator generator;
    private final Config config;
    public final Linear outProj;

    /**
     * PyTorch's options by name: {@code Config.of(embedDim, numHeads).withDropout(0.1).withBias(false)}
     * for {@code MultiheadAttention(embed_dim, num_heads, dropout=0.1, bias=False)}.
     *
     * @param dropout    probability of dropping an attention weight in training (0 by default)
     * @param bias       whether the projections have biases (true by default)
     * @param kdim       size of the keys ({@code embedDim} by default)
     * @param vdim       size of the values ({@code embedDim} by default)
     * @param batchFirst whether inputs are {@code [B, L, E]} (Nabla's default) or time-major {@code [L, B, E]}
     */
    public record Config(int embedDim, int numHeads, double dropout, boolean bias, int kdim, int vdim,
                         boolean batchFirst) {
        /** Self-attention of size {@code embedDim} with {@code numHeads} heads and the defaults above. */
        public static Config of(int embedDim, int numHeads) {
            return new Config(embedDim, numHeads, 0, true, embedDim, embedDim, true);
        }

        public Config withDropout(double p) {
            return new Config(embedDim, numHeads, p, bias, kdim, vdim, batchFirst);
        }

        public Config withBias(boolean b) {
            return new Config(embedDim, numHeads, dropout, b, kdim, vdim, batchFirst);
        }

        /** Key and value sizes for cross-attention. */
        public Config withKeyValueDims(int k, int v) {
            return new Config(embedDim, numHeads, dropout, bias, k, v, batchFirst);
        }

        public Config withBatchFirst(boolean b) {
            return new Config(embedDim, numHeads, dropout, bias, kdim, vdim, b);
        }
    }

    /** Self-attention with the defaults of {@link Config#of}, initial weights from the default generator. */
    public MultiheadAttention(int embedDim, int numHeads) {
        this(Config.of(embedDim, numHeads), Generator.getDefault());
    }

    /** The layer described by {@code config}; initial weights and dropout masks from {@code gen}. */
    public MultiheadAttention(Config config, Generator gen) {
        this.config = config;
        int embedDim = config.embedDim();
        int numHeads = config.numHeads();
        double dropout = config.dropout();
        int kdim = config.kdim();
        int vdim = config.vdim();
        boolean bias = config.bias();
        if (numHeads <= 0 || embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embedDim " + embedDim
                    + " must be divisible by numHeads " + numHeads);
        }
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("MultiheadAttention: dropout must be in [0, 1), got " + dropout);
        }
        this.dropout = dropout;
        this.batchFirst = config.batchFirst();
        this.generator = gen;
        if (kdim == embedDim && vdim == embedDim) {
            inProjWeight = registerParameter("in_proj_weight", Init.xavierUniform(Tensor.zeros(3 * embedDim, embedDim), 1, gen));
            qProjWeight = null;
            kProjWeight = null;
            vProjWeight = null;
        } else {
            inProjWeight = null;
            qProjWeight = registerParameter("q_proj_weight", Init.xavierUniform(Tensor.zeros(embedDim, embedDim), 1, gen));
            kProjWeight = registerParameter("k_proj_weight", Init.xavierUniform(Tensor.zeros(embedDim, kdim), 1, gen));
            vProjWeight = registerParameter("v_proj_weight", Init.xavierUniform(Tensor.zeros(embedDim, vdim), 1, gen));
        }
        inProjBias = bias ? registerParameter("in_proj_bias", Tensor.zeros(3 * embedDim)) : null;
        outProj = registerModule("out_proj", new Linear(embedDim, embedDim, bias, gen));
        if (bias) {
            try (var noGrad = Tensor.noGrad()) {
                outProj.bias.fill(0);
            }
        }
    }

    // Configuration, e.g. for saving the architecture.

    /** The options this layer was built with. */
    @Override
    public Config config() { return config; }

    /** The model dimension E. */
    public int embedDim() { return embedDim; }

    /** Number of heads (each of size E / heads). */
    public int numHeads() { return numHeads; }

    /** Dropout probability on the attention weights in training. */
    public double dropout() { return dropout; }

    /** Whether inputs and outputs are {@code [B, L, E]} rather than {@code [L, B, E]}. */
    public boolean batchFirst() { return batchFirst; }

    /** Self-attention of {@code x} {@code [B, L, E]} without masks (weights not computed). */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, x, x, null, null, false, false, true).output();
    }

    /**
     * Attention of {@code query} over {@code key}/{@code value} with an optional key-padding
     * mask, attention mask (null for none) and causal flag; the weights are averaged over heads.
     */
    public Attention.Result forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, Tensor attnMask,
                                    boolean causal) {
        return forward(query, key, value, keyPaddingMask, attnMask, causal, true, true);
    }

    /**
     * As PyTorch's {@code forward(query, key, value, key_padding_mask, need_weights, attn_mask,
     * average_attn_weights, is_causal)}: without {@code needWeights} the result's weights are
     * null; with {@code averageAttnWeights} false they are per head, {@code [B, heads, Lq, Lk]}.
     */
    public Attention.Result forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, Tensor attnMask,
                                    boolean causal, boolean needWeights, boolean averageAttnWeights) {
        boolean unbatched = query.dim() == 2;
        if (unbatched) {
            Attention.Result r = forward(query.unsqueeze(batchFirst ? 0 : 1), key.unsqueeze(batchFirst ? 0 : 1),
                    value.unsqueeze(batchFirst ? 0 : 1), keyPaddingMask == null ? null : keyPaddingMask.unsqueeze(0),
                    attnMask, causal, needWeights, averageAttnWeights);
            return new Attention.Result(r.output().squeeze(batchFirst ? 0 : 1),
                    r.weights() == null ? null : r.weights().squeeze(0));
        }
        if (!batchFirst) {
            query = query.transpose(0, 1);
            key = key.transpose(0, 1);
            value = value.transpose(0, 1);
        }
        if (query.dim() != 3 || query.size(2) != embedDim || key.dim() != 3 || value.dim() != 3
                || key.size(0) != query.size(0) || value.size(0) != query.size(0) || key.size(1) != value.size(1)) {
            throw new IllegalArgumentException("MultiheadAttention: expected query [B, Lq, " + embedDim
                    + "], key [B, Lk, kdim] and value [B, Lk, vdim]" + (batchFirst ? "" : " (time-major: L before B)")
                    + ", got " + Shape.str(query.shape()) + ", " + Shape.str(key.shape()) + ", " + Shape.str(value.shape()));
        }
        int b = query.size(0);
        int lq = query.size(1);
        int lk = key.size(1);
        Tensor q = heads(project(query, 0));
        Tensor k = heads(project(key, 1));
        Tensor v = heads(project(value, 2));
        Tensor mask = combine(allowed(attnMask, b, lq, lk), padding(keyPaddingMask, b, lk));
        double p = isTraining() ? dropout : 0;
        Attention.Result r = needWeights || mask != null || p > 0
                ? Attention.scaledDotProduct(q, k, v, mask, causal, p, generator)
                : new Attention.Result(Attention.output(q, k, v, causal), null);
        Tensor merged = r.output().transpose(1, 2).reshape(b, lq, embedDim);
        Tensor out = outProj.forward(merged);
        Tensor weights = !needWeights ? null : averageAttnWeights ? r.weights().mean(1) : r.weights();
        return new Attention.Result(batchFirst ? out : out.transpose(0, 1), weights);
    }

    /** PyTorch's attention mask in {@link Attention}'s convention: BOOL true = may attend, or float added. */
    private Tensor allowed(Tensor attnMask, int b, int lq, int lk) {
        if (attnMask == null) {
            return null;
        }
        boolean ok = attnMask.dim() == 2 ? attnMask.size(0) == lq && attnMask.size(1) == lk
                : attnMask.dim() == 3 && java.util.Arrays.equals(attnMask.shape(), new int[] {b * numHeads, lq, lk});
        if (!ok) {
            throw new IllegalArgumentException("MultiheadAttention: expected attnMask [" + lq + ", " + lk + "] or ["
                    + b * numHeads + ", " + lq + ", " + lk + "], got " + Shape.str(attnMask.shape()));
        }
        Tensor m = attnMask.dim() == 3 ? attnMask.reshape(b, numHeads, lq, lk) : attnMask;
        return m.dtype() == DType.BOOL ? m.eq(0.0) : m;
    }

    /** The key-padding mask as {@code [B, 1, 1, Lk]}: BOOL true = may attend, or float added. */
    private static Tensor padding(Tensor keyPaddingMask, int b, int lk) {
        if (keyPaddingMask == null) {
            return null;
        }
        if (!java.util.Arrays.equals(keyPaddingMask.shape(), new int[] {b, lk})) {
            throw new IllegalArgumentException("MultiheadAttention: expected keyPaddingMask [" + b + ", " + lk
                    + "], got " + Shape.str(keyPaddingMask.shape()));
        }
        Tensor m = keyPaddingMask.unsqueeze(1).unsqueeze(1);
        return m.dtype() == DType.BOOL ? m.eq(0.0) : m;
    }

    /** Both masks in one: AND of two BOOL masks, else the sum of additive ones. */
    private static Tensor combine(Tensor a, Tensor b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (a.dtype() == DType.BOOL && b.dtype() == DType.BOOL) {
            return Tensor.where(a, b, a);
        }
        return additive(a).add(additive(b));
    }

    private static Tensor additive(Tensor m) {
        if (m.dtype() != DType.BOOL) {
            return m;
        }
        Tensor zeros = m.newZeros(m.backend().floatType(), m.shape());
        return zeros.maskedFill(m.eq(0.0), Double.NEGATIVE_INFINITY);
    }

    /** The {@code part}-th (0 = query, 1 = key, 2 = value) input projection {@code x W^T + b}. */
    private Tensor project(Tensor x, int part) {
        Tensor w = inProjWeight != null ? inProjWeight.narrow(0, part * embedDim, embedDim)
                : part == 0 ? qProjWeight : part == 1 ? kProjWeight : vProjWeight;
        Tensor b = inProjBias == null ? null : inProjBias.narrow(0, part * embedDim, embedDim);
        return x.linear(w, b);
    }

    /** {@code [B, L, E]} to {@code [B, heads, L, E / heads]}, a view. */
    private Tensor heads(Tensor x) {
        return x.reshape(x.size(0), x.size(1), numHeads, embedDim / numHeads).transpose(1, 2);
    }
}
