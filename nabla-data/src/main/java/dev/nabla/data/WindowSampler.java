package dev.nabla.data;

import dev.nabla.backend.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Random windows of a token sequence for next-token prediction (nanoGPT's {@code get_batch}):
 * each call of {@link #next()} picks {@code B} start positions {@code i} uniformly among all
 * complete windows and returns inputs {@code tokens[i .. i+T-1]} and targets
 * {@code tokens[i+1 .. i+T]}. The same generator seed gives the same batches.
 *
 * <p>Shape: tokens INT64 {@code [N]} with {@code N > T}; each batch {@code x [B, T]},
 * {@code y [B, T]}, both INT64.
 */
public final class WindowSampler {
    private final long[] tokens;
    private final int blockSize;
    private final int batchSize;
    private final Generator generator;

    /** Windows of {@code blockSize} tokens, {@code batchSize} per batch, drawn from {@code generator}. */
    public WindowSampler(Tensor tokens, int blockSize, int batchSize, Generator generator) {
        if (tokens.dtype() != DType.INT64 || tokens.dim() != 1) {
            throw new IllegalArgumentException("WindowSampler: tokens must be a 1-D int64 tensor, got "
                    + tokens.dtype().shortName() + " of shape " + java.util.Arrays.toString(tokens.shape()));
        }
        if (blockSize <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("WindowSampler: blockSize and batchSize must be positive, got "
                    + blockSize + " and " + batchSize);
        }
        if (tokens.numel() <= blockSize) {
            throw new IllegalArgumentException("WindowSampler: need more than blockSize=" + blockSize
                    + " tokens, got " + tokens.numel());
        }
        this.tokens = tokens.toLongArray();
        this.blockSize = blockSize;
        this.batchSize = batchSize;
        this.generator = generator;
    }

    /** The next batch of windows. */
    public Batch next() {
        int t = blockSize;
        long[] x = new long[batchSize * t];
        long[] y = new long[batchSize * t];
        long starts = tokens.length - t;
        for (int b = 0; b < batchSize; b++) {
            int i = (int) generator.nextLong(starts);
            System.arraycopy(tokens, i, x, b * t, t);
            System.arraycopy(tokens, i + 1, y, b * t, t);
        }
        return new Batch(Tensor.of(x, batchSize, t), Tensor.of(y, batchSize, t));
    }

    /** The window length {@code T}. */
    public int blockSize() {
        return blockSize;
    }

    /** The batch size {@code B}. */
    public int batchSize() {
        return batchSize;
    }
}
