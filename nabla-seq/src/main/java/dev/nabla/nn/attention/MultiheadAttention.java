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
 * Multi-head attention as {@code torch.nn.MultiheadAttention} (batch first): the query, key and
 * value are projected, split into {@code numHeads} heads of size {@code E / numHeads}, attended
 * with {@link Attention#scaledDotProduct} and recombined by {@code out_proj}.
 *
 * <p>Shapes: query {@code [B, Lq, E]}, key {@code [B, Lk, kdim]}, value {@code [B, Lk, vdim]};
 * output {@code [B, Lq, E]}; weights (averaged over heads) {@code [B, Lq, Lk]}. A key-padding
 * mask {@code [B, Lk]} (BOOL) is true at padding keys, which are ignored. Parameters (PyTorch's
 * names): {@code in_proj_weight [3E, E]}, {@code in_proj_bias [3E]} when kdim = vdim = E, else
 * {@code q_proj_weight}, {@code k_proj_weight}, {@code v_proj_weight}; {@code out_proj.weight},
 * {@code out_proj.bias}. Projection weights are Xavier-uniform, biases zero, as in PyTorch.
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
    private final Generator generator;
    public final Linear outProj;

    /** Self-attention sizes: key and value of size {@code embedDim}, with biases. */
    public MultiheadAttention(int embedDim, int numHeads) {
        this(embedDim, numHeads, true, embedDim, embedDim, Generator.getDefault());
    }

    /** No dropout on the attention weights. */
    public MultiheadAttention(int embedDim, int numHeads, boolean bias, int kdim, int vdim, Generator gen) {
        this(embedDim, numHeads, bias, kdim, vdim, 0, gen);
    }

    /** With dropout of probability {@code dropout} on the attention weights in training. */
    public MultiheadAttention(int embedDim, int numHeads, boolean bias, int kdim, int vdim, double dropout,
                              Generator gen) {
        if (numHeads <= 0 || embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embedDim " + embedDim
                    + " must be divisible by numHeads " + numHeads);
        }
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.dropout = dropout;
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

    /** The model dimension E. */
    public int embedDim() { return embedDim; }

    /** Number of heads (each of size E / heads). */
    public int numHeads() { return numHeads; }

    /** Dropout probability on the attention weights in training. */
    public double dropout() { return dropout; }

    /** Self-attention of {@code x} {@code [B, L, E]} without masks. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, x, x, null, null, false).output();
    }

    /**
     * Attention of {@code query} over {@code key}/{@code value}, with an optional key-padding mask
     * ({@code [B, Lk]}, true = ignore), attention mask (see {@link Attention}) and causal flag.
     */
    public Attention.Result forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, Tensor attnMask,
                                    boolean causal) {
        if (query.dim() != 3 || query.size(2) != embedDim) {
            throw new IllegalArgumentException("MultiheadAttention: expected query [B, L, " + embedDim + "], got "
                    + Shape.str(query.shape()));
        }
        Tensor q = heads(project(query, 0));
        Tensor k = heads(project(key, 1));
        Tensor v = heads(project(value, 2));
        Tensor mask = attnMask;
        if (keyPaddingMask != null) {
            if (keyPaddingMask.dtype() != DType.BOOL) {
                throw new IllegalArgumentException("MultiheadAttention: keyPaddingMask must be bool");
            }
            Tensor keep = keyPaddingMask.eq(0.0).unsqueeze(1).unsqueeze(1); // [B, 1, 1, Lk]
            mask = mask == null ? keep : mask.dtype() == DType.BOOL ? Tensor.where(mask, keep, mask)
                    : mask.add(Tensor.zerosLike(mask).maskedFill(keep.eq(0.0), Double.NEGATIVE_INFINITY));
        }
        Attention.Result r = Attention.scaledDotProduct(q, k, v, mask, causal, isTraining() ? dropout : 0, generator);
        int b = query.size(0);
        int lq = query.size(1);
        Tensor merged = r.output().transpose(1, 2).reshape(b, lq, embedDim);
        return new Attention.Result(outProj.forward(merged), r.weights().mean(1));
    }

    /** The {@code part}-th (0 = query, 1 = key, 2 = value) input projection {@code x W^T + b}. */
    private Tensor project(Tensor x, int part) {
        Tensor w = inProjWeight != null ? inProjWeight.narrow(0, part * embedDim, embedDim)
                : part == 0 ? qProjWeight : part == 1 ? kProjWeight : vProjWeight;
        Tensor b = inProjBias == null ? null : inProjBias.narrow(0, part * embedDim, embedDim);
        return x.linear(w, b);
    }

    /** {@code [B, L, E]} to {@code [B, heads, L, E / heads]}. */
    private Tensor heads(Tensor x) {
        return x.reshape(x.size(0), x.size(1), numHeads, embedDim / numHeads).transpose(1, 2);
    }

    @Override
    protected String extraRepr() {
        return "embed_dim=" + embedDim + ", num_heads=" + numHeads;
    }
}
