package dev.nabla.nn.layers;

import dev.nabla.backend.DType;
import dev.nabla.nn.Init;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * A lookup table of vectors, as {@code torch.nn.Embedding}: {@code y[..., :] = weight[x[...], :]}.
 *
 * <p>Shape: input {@code [*]} of INT64 indices in {@code [0, numEmbeddings)}, output
 * {@code [*, embeddingDim]}. Weight {@code [numEmbeddings, embeddingDim]}, initialized from
 * {@code N(0, 1)} (PyTorch's default). With a padding index, that row starts at zero and gets no
 * gradient (so it stays fixed while training).
 */
public class Embedding extends Module {
    /** The table, shape {@code [numEmbeddings, embeddingDim]}. */
    public final Parameter weight;
    private final int numEmbeddings;
    private final int embeddingDim;
    private final Integer paddingIdx;

    /**
     * The options of an Embedding, PyTorch's constructor arguments; model files store them.
     *
     * @param paddingIdx the row kept at zero (negative counts from the end), or null for none
     */
    public record Config(int numEmbeddings, int embeddingDim, Integer paddingIdx) {
    }

    /** The table described by {@code config}, initialized from {@code gen}. */
    public Embedding(Config config, Generator gen) {
        this(config.numEmbeddings(), config.embeddingDim(), config.paddingIdx(), gen);
    }

    /** The options this layer was built with (a negative padding index counted from the end). */
    @Override
    public Config config() {
        return new Config(numEmbeddings, embeddingDim, paddingIdx);
    }

    /** No padding index, default generator. */
    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, null, Generator.getDefault());
    }

    /** With padding index {@code paddingIdx} (negative counts from the end), default generator. */
    public Embedding(int numEmbeddings, int embeddingDim, int paddingIdx) {
        this(numEmbeddings, embeddingDim, paddingIdx, Generator.getDefault());
    }

    /** {@code paddingIdx} may be {@code null} (none). */
    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, Generator gen) {
        if (paddingIdx != null && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings)) {
            throw new IllegalArgumentException("Embedding: padding index " + paddingIdx + " is out of range for "
                    + numEmbeddings + " embeddings");
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
        this.weight = registerParameter("weight", Tensor.zeros(numEmbeddings, embeddingDim));
        Init.normal(weight, 0, 1, gen);
        if (this.paddingIdx != null) {
            try (var g = Tensor.noGrad()) {
                weight.select(0, this.paddingIdx).fill(0);
            }
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dtype() != DType.INT64) {
            throw new IllegalArgumentException("Embedding: expected int64 indices, got " + input.dtype().shortName());
        }
        int[] outShape = Arrays.copyOf(input.shape(), input.dim() + 1);
        outShape[input.dim()] = embeddingDim;
        Tensor flat = input.reshape(-1);
        Tensor rows;
        try {
            rows = weight.indexSelect(0, flat);
        } catch (IndexOutOfBoundsException e) { // name the layer and its vocabulary, not the op inside it
            throw new IndexOutOfBoundsException("Embedding: " + e.getMessage().replaceFirst("^indexSelect: ", "")
                    + " (num_embeddings=" + weight.size(0) + "; indices must be in [0, " + weight.size(0) + "))");
        }
        if (paddingIdx != null) {
            Tensor keep = flat.ne(paddingIdx).unsqueeze(1);
            rows = Tensor.where(keep, rows, rows.detach());
        }
        return rows.reshape(outShape);
    }

    /** Configuration, as given to the constructor. */
    public int numEmbeddings() { return numEmbeddings; }

    /** Configuration, as given to the constructor. */
    public int embeddingDim() { return embeddingDim; }

    /** Configuration, as given to the constructor. */
    public Integer paddingIdx() { return paddingIdx; }
}
