package dev.nabla.nn.layers;

import dev.nabla.backend.DType;
import dev.nabla.nn.Init;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Sums, means or maxima of bags of embeddings, without materializing the embeddings of each bag,
 * as {@code torch.nn.EmbeddingBag}. A 2-D input {@code [B, N]} holds one bag per row; a 1-D input
 * with {@code offsets [B]} holds bag {@code b} from {@code offsets[b]} to the next offset
 * ({@code includeLastOffset}: offsets has {@code B + 1} entries, the last the end). Entries equal
 * to {@code paddingIdx} are left out (and out of the mean's count); an empty bag gives zeros.
 * {@code perSampleWeights} (shaped as the input; mode sum only) scale each entry.
 *
 * <p>Shape: output {@code [B, embeddingDim]}; weight {@code [numEmbeddings, embeddingDim]} from
 * {@code N(0, 1)}, as PyTorch's.
 */
public class EmbeddingBag extends Module {

    /**
     * The options of an EmbeddingBag, PyTorch's constructor arguments; model files store them.
     *
     * @param mode       "sum", "mean" or "max"
     * @param paddingIdx the index left out of the bags, or null for none
     */
    public record Config(int numEmbeddings, int embeddingDim, String mode, boolean includeLastOffset, Integer paddingIdx) {
    }

    /** The table, shape {@code [numEmbeddings, embeddingDim]}. */
    public final Parameter weight;
    private final Config config;

    /** The layer described by {@code config}, initialized from {@code gen}. */
    public EmbeddingBag(Config config, Generator gen) {
        if (config.numEmbeddings() <= 0 || config.embeddingDim() <= 0 || !Arrays.asList("sum", "mean", "max").contains(config.mode())) {
            throw new IllegalArgumentException("EmbeddingBag: expected positive sizes and mode sum, mean or max, got " + config);
        }
        this.config = config;
        this.weight = registerParameter("weight", Tensor.zeros(config.numEmbeddings(), config.embeddingDim()));
        Init.normal(weight, 0, 1, gen);
    }

    /** Mode mean, no padding index, default generator. */
    public EmbeddingBag(int numEmbeddings, int embeddingDim) {
        this(new Config(numEmbeddings, embeddingDim, "mean", false, null), Generator.getDefault());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return config;
    }

    /** The bags of a 2-D input {@code [B, N]}, one per row. */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null, null);
    }

    /** The bags of a 1-D input delimited by {@code offsets} (or of a 2-D input, offsets null). */
    public Tensor forward(Tensor input, Tensor offsets) {
        return forward(input, offsets, null);
    }

    /** As {@link #forward(Tensor, Tensor)}, each entry scaled by its {@code perSampleWeights} (mode sum). */
    public Tensor forward(Tensor input, Tensor offsets, Tensor perSampleWeights) {
        return apply(input, weight, offsets, config.mode(), perSampleWeights, config.includeLastOffset(), config.paddingIdx());
    }

    /** {@code F.embedding_bag}: see the class comment. */
    public static Tensor apply(Tensor input, Tensor weight, Tensor offsets, String mode, Tensor perSampleWeights,
                               boolean includeLastOffset, Integer paddingIdx) {
        if (input.dtype() != DType.INT64 || (input.dim() == 2) == (offsets != null) || input.dim() > 2) {
            throw new IllegalArgumentException("embeddingBag: expected int64 indices [B, N], or [n] with offsets [B], got "
                    + input.dtype().shortName() + " " + Arrays.toString(input.shape()) + (offsets == null ? " without" : " with")
                    + " offsets");
        }
        if (perSampleWeights != null && (!mode.equals("sum") || !Arrays.equals(perSampleWeights.shape(), input.shape()))) {
            throw new IllegalArgumentException("embeddingBag: per-sample weights are for mode sum and shaped as the input "
                    + Arrays.toString(input.shape()) + ", got mode " + mode + " and " + Arrays.toString(perSampleWeights.shape()));
        }
        if (offsets != null && (offsets.dtype() != DType.INT64 || offsets.dim() != 1)) {
            throw new IllegalArgumentException("embeddingBag: offsets must be a 1-D int64 tensor, got "
                    + offsets.dtype().shortName() + " " + Arrays.toString(offsets.shape()));
        }
        long[] idx = input.reshape(-1).toLongArray();
        int n = idx.length;
        for (long i : idx) {
            if (i < 0 || i >= weight.size(0)) {
                throw new IndexOutOfBoundsException("embeddingBag: index " + i + " is out of range for " + weight.size(0)
                        + " embeddings");
            }
        }
        long[] starts;
        if (offsets == null) {
            int rows = input.size(0);
            int per = input.size(1);
            starts = new long[rows + 1];
            for (int b = 0; b <= rows; b++) {
                starts[b] = (long) b * per;
            }
        } else {
            long[] o = offsets.toLongArray();
            starts = includeLastOffset ? o : Arrays.copyOf(o, o.length + 1);
            if (!includeLastOffset) {
                starts[o.length] = n;
            }
        }
        int bags = starts.length - 1;
        long[] bagOf = new long[n];
        long[] kept = new long[n];
        long[] counts = new long[Math.max(bags, 0)];
        int k = 0;
        for (int b = 0; b < bags; b++) {
            if (starts[b] < 0 || starts[b] > starts[b + 1] || starts[b + 1] > n) {
                throw new IllegalArgumentException("embeddingBag: offsets must be non-decreasing within [0, " + n + "], got "
                        + Arrays.toString(starts));
            }
            for (long i = starts[b]; i < starts[b + 1]; i++) {
                if (paddingIdx == null || idx[(int) i] != paddingIdx) {
                    bagOf[k] = b;
                    kept[k++] = i;
                    counts[b]++;
                }
            }
        }
        Tensor positions = Tensor.of(Arrays.copyOf(kept, k)).to(weight.backend());
        Tensor rows = weight.indexSelect(0, input.reshape(-1).indexSelect(0, positions));
        if (perSampleWeights != null) {
            rows = rows.mul(perSampleWeights.reshape(-1).indexSelect(0, positions).unsqueeze(1));
        }
        Tensor bag = Tensor.of(Arrays.copyOf(bagOf, k)).to(weight.backend());
        Tensor zeros = weight.newZeros(bags, weight.size(1));
        if (mode.equals("max")) {
            Tensor where = bag.unsqueeze(1).expand(k, weight.size(1));
            return zeros.scatterReduce(0, where, rows, "amax", false);
        }
        Tensor sums = zeros.indexAdd(0, bag, rows);
        if (mode.equals("sum")) {
            return sums;
        }
        Tensor count = Tensor.of(counts).to(weight.backend()).to(weight.dtype()).clampMin(1).unsqueeze(1);
        return sums.div(count);
    }
}
