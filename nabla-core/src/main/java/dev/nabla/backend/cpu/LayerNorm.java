package dev.nabla.backend.cpu;

import dev.nabla.backend.HeapBudget;
import dev.nabla.backend.LayerNormGrads;
import dev.nabla.backend.LayerNormOutput;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Storage;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 layer normalization of the rows of {@code x [rows, n]} (see {@code Backend.layerNorm}).
 * The forward makes three vector passes over a row (mean, variance of the centred row, output),
 * the backward two (the sums of {@code gy} and {@code gy * xhat}, then dx). Rows are spread over
 * threads. The weight and bias gradients are summed per block of rows whose size depends only
 * on n, and the blocks' partial sums are added in block order, so every result is independent
 * of the thread count. A missing weight is taken as ones and a missing bias as zeros, which
 * changes no result ({@code xhat * 1 + 0} is exact).
 */
final class LayerNorm {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();
    /** Elements per parallel chunk of rows, and per block of the weight and bias gradient sums. */
    private static final int GRAIN = 1 << 13;

    private LayerNorm() {
    }

    /** See {@code Backend.layerNorm}; all operands float32. */
    static LayerNormOutput forward(NDArray x, NDArray weight, NDArray bias, double eps) {
        int rows = x.shapeRef()[0];
        int n = x.shapeRef()[1];
        NDArray xc = StridedCopy.contiguous(x);
        float[] xd = StridedCopy.data(xc);
        int xo = xc.offset();
        float[] w = weight == null ? ones(n) : StridedCopy.toArray(weight);
        float[] b = bias == null ? HeapBudget.floats(n) : StridedCopy.toArray(bias);
        float[] y = HeapBudget.emptyFloats(rows * n); // normalizeRow writes every element
        float[] mean = HeapBudget.floats(rows);
        float[] rstd = HeapBudget.floats(rows);
        Parallel.forRange(rows, rowsPerChunk(n), (from, to) -> {
            for (int r = from; r < to; r++) {
                normalizeRow(xd, xo + r * n, n, w, b, eps, y, r * n, mean, rstd, r);
            }
        });
        return new LayerNormOutput(floats(y, rows, n), floats(mean, rows), floats(rstd, rows));
    }

    /** See {@code Backend.layerNormBackward}; all operands float32. */
    static LayerNormGrads backward(NDArray g, NDArray x, NDArray mean, NDArray rstd, NDArray weight,
                                   boolean inputGrad, boolean weightGrad, boolean biasGrad) {
        int rows = x.shapeRef()[0];
        int n = x.shapeRef()[1];
        NDArray gc = StridedCopy.contiguous(g);
        NDArray xc = StridedCopy.contiguous(x);
        float[] gd = StridedCopy.data(gc);
        float[] xd = StridedCopy.data(xc);
        int go = gc.offset();
        int xo = xc.offset();
        float[] mu = StridedCopy.toArray(mean);
        float[] rs = StridedCopy.toArray(rstd);
        float[] w = weight == null ? ones(n) : StridedCopy.toArray(weight);
        float[] dx = inputGrad ? HeapBudget.floats(rows * n) : null;
        int perBlock = rowsPerChunk(n);
        int blocks = (rows + perBlock - 1) / perBlock;
        float[] dwParts = weightGrad ? HeapBudget.floats(blocks * n) : null;
        float[] dbParts = biasGrad ? HeapBudget.floats(blocks * n) : null;
        Parallel.forChunks(blocks, blocks, (from, to) -> {
            for (int k = from; k < to; k++) {
                for (int r = k * perBlock; r < Math.min(rows, (k + 1) * perBlock); r++) {
                    backwardRow(gd, go + r * n, xd, xo + r * n, n, mu[r], rs[r], w, dx, r * n, dwParts, dbParts, k * n);
                }
            }
        });
        return new LayerNormGrads(dx == null ? null : floats(dx, rows, n),
                sumBlocks(dwParts, blocks, n), sumBlocks(dbParts, blocks, n));
    }

    /** Row {@code r}: its mean and rstd, and {@code y = (x - mean) * rstd * w + b}. */
    private static void normalizeRow(float[] x, int xo, int n, float[] w, float[] b, double eps,
                                     float[] y, int yo, float[] mean, float[] rstd, int r) {
        int ub = S.loopBound(n);
        float sum = Lanes.sum(x, xo, n);
        float mu = sum / n;
        FloatVector mv = FloatVector.broadcast(S, mu);
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i < ub; i += L) {
            FloatVector d = FloatVector.fromArray(S, x, xo + i).sub(mv);
            acc = d.fma(d, acc);
        }
        float squares = Lanes.sum(acc);
        for (; i < n; i++) {
            float d = x[xo + i] - mu;
            squares = Math.fma(d, d, squares);
        }
        float rs = (float) (1 / Math.sqrt((double) squares / n + eps));
        FloatVector rv = FloatVector.broadcast(S, rs);
        for (i = 0; i < ub; i += L) {
            FloatVector xhat = FloatVector.fromArray(S, x, xo + i).sub(mv).mul(rv);
            xhat.fma(FloatVector.fromArray(S, w, i), FloatVector.fromArray(S, b, i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = Math.fma((x[xo + i] - mu) * rs, w[i], b[i]);
        }
        mean[r] = mu;
        rstd[r] = rs;
    }

    /**
     * One row of the backward: adds {@code g * xhat} and {@code g} into the block's partial
     * weight and bias gradients at {@code po} (when not null), then writes dx (when not null).
     */
    private static void backwardRow(float[] g, int go, float[] x, int xo, int n, float mu, float rs, float[] w,
                                    float[] dx, int dxo, float[] dw, float[] db, int po) {
        int ub = S.loopBound(n);
        FloatVector mv = FloatVector.broadcast(S, mu);
        FloatVector rv = FloatVector.broadcast(S, rs);
        FloatVector gySum = FloatVector.zero(S);
        FloatVector gyXhatSum = FloatVector.zero(S);
        int i = 0;
        for (; i < ub; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            FloatVector xhat = FloatVector.fromArray(S, x, xo + i).sub(mv).mul(rv);
            FloatVector gy = gv.mul(FloatVector.fromArray(S, w, i));
            gySum = gySum.add(gy);
            gyXhatSum = gy.fma(xhat, gyXhatSum);
            if (dw != null) {
                gv.fma(xhat, FloatVector.fromArray(S, dw, po + i)).intoArray(dw, po + i);
            }
            if (db != null) {
                gv.add(FloatVector.fromArray(S, db, po + i)).intoArray(db, po + i);
            }
        }
        float sumGy = Lanes.sum(gySum);
        float sumGyXhat = Lanes.sum(gyXhatSum);
        for (; i < n; i++) {
            float xhat = (x[xo + i] - mu) * rs;
            float gy = g[go + i] * w[i];
            sumGy += gy;
            sumGyXhat = Math.fma(gy, xhat, sumGyXhat);
            if (dw != null) {
                dw[po + i] = Math.fma(g[go + i], xhat, dw[po + i]);
            }
            if (db != null) {
                db[po + i] += g[go + i];
            }
        }
        if (dx == null) {
            return;
        }
        float gyMean = sumGy / n;
        float gyXhatMean = sumGyXhat / n;
        FloatVector am = FloatVector.broadcast(S, gyMean);
        FloatVector cm = FloatVector.broadcast(S, gyXhatMean);
        for (i = 0; i < ub; i += L) {
            FloatVector xhat = FloatVector.fromArray(S, x, xo + i).sub(mv).mul(rv);
            FloatVector gy = FloatVector.fromArray(S, g, go + i).mul(FloatVector.fromArray(S, w, i));
            gy.sub(xhat.fma(cm, am)).mul(rv).intoArray(dx, dxo + i);
        }
        for (; i < n; i++) {
            float xhat = (x[xo + i] - mu) * rs;
            dx[dxo + i] = (g[go + i] * w[i] - Math.fma(xhat, gyXhatMean, gyMean)) * rs;
        }
    }

    /** Rows per parallel chunk (and per gradient block): about {@link #GRAIN} elements, at least one row. */
    private static int rowsPerChunk(int n) {
        return Math.max(1, GRAIN / Math.max(n, 1));
    }

    /** The column sums of the {@code [blocks, n]} partials, added block by block; null for null. */
    private static NDArray sumBlocks(float[] parts, int blocks, int n) {
        if (parts == null) {
            return null;
        }
        float[] out = HeapBudget.floats(n);
        for (int k = 0; k < blocks; k++) {
            for (int j = 0; j < n; j++) {
                out[j] += parts[k * n + j];
            }
        }
        return floats(out, n);
    }

    private static float[] ones(int n) {
        float[] a = HeapBudget.floats(n);
        Arrays.fill(a, 1f);
        return a;
    }

    private static NDArray floats(float[] data, int... shape) {
        return new NDArray(new Storage.Floats(data), shape);
    }
}
