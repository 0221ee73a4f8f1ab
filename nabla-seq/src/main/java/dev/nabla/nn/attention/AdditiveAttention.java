package dev.nabla.nn.attention;

import dev.nabla.backend.DType;
import dev.nabla.nn.Module;
import dev.nabla.nn.layers.Linear;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Additive (Bahdanau) attention: scores {@code e_ij = v^T tanh(W_q q_i + W_k k_j)}, weights
 * {@code softmax_j(e_ij)}, output {@code sum_j w_ij v_j}. Shapes: query {@code [B, Lq, dq]}, keys
 * {@code [B, Lk, dk]}, values {@code [B, Lk, dv]}; output {@code [B, Lq, dv]}, weights
 * {@code [B, Lq, Lk]}. A key-padding mask {@code [B, Lk]} (BOOL, true = padding) is ignored keys.
 */
public class AdditiveAttention extends Module {
    private final Linear queryProj;
    private final Linear keyProj;
    private final Linear score;

    /** The options of an AdditiveAttention: query and key sizes and the hidden size of the scores; model files store them. */
    public record Config(int queryDim, int keyDim, int hidden) {
    }

    public AdditiveAttention(int queryDim, int keyDim, int hidden, Generator gen) {
        this(new Config(queryDim, keyDim, hidden), gen);
    }

    /** The layer described by {@code config}, initial weights from {@code gen}. */
    public AdditiveAttention(Config config, Generator gen) {
        int queryDim = config.queryDim();
        int keyDim = config.keyDim();
        int hidden = config.hidden();
        queryProj = registerModule("query_proj", new Linear(queryDim, hidden, false, gen));
        keyProj = registerModule("key_proj", new Linear(keyDim, hidden, true, gen));
        score = registerModule("v", new Linear(hidden, 1, false, gen));
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(queryProj.inFeatures(), keyProj.inFeatures(), queryProj.outFeatures());
    }

    /** Self-attention of {@code x} without a mask. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, x, x, null).output();
    }

    public Attention.Result forward(Tensor query, Tensor keys, Tensor values, Tensor keyPaddingMask) {
        Tensor q = queryProj.forward(query).unsqueeze(2);          // [B, Lq, 1, h]
        Tensor k = keyProj.forward(keys).unsqueeze(1);              // [B, 1, Lk, h]
        Tensor e = score.forward(q.add(k).tanh()).squeeze(-1);      // [B, Lq, Lk]
        if (keyPaddingMask != null) {
            if (keyPaddingMask.dtype() != DType.BOOL) {
                throw new IllegalArgumentException("AdditiveAttention: keyPaddingMask must be bool");
            }
            e = e.maskedFill(keyPaddingMask.unsqueeze(1), Double.NEGATIVE_INFINITY);
        }
        Tensor w = e.softmax(-1);
        return new Attention.Result(w.matmul(values), w);
    }
}
