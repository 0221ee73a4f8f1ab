package dev.nabla.backend.cpu;

import dev.nabla.backend.HeapBudget;
import dev.nabla.backend.Conv2dGrads;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Storage;
import dev.nabla.backend.Window2d;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 conv2d and its gradients as large SGEMMs over blocks of images. The batch is cut into
 * a fixed number of chunks, spread over threads; a chunk is taken in blocks of images whose
 * im2col columns, side by side ({@code [C/groups*kh*kw, images*oh*ow]}), fill a per-thread
 * scratch matrix. Per block and group: {@code y = w @ cols} (then copied into place with the
 * bias), {@code dcols = w^T @ gy} (folded into dx) and {@code dw += gy @ cols^T}, the batch
 * folded into the long side of each product. Each chunk sums its own partial weight gradient;
 * the partials are added in order at the end, so no result depends on the thread count.
 */
final class Convolution {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    /** Below this many rows per group (e.g. one input channel, 3×3), the weight gradient is dot products. */
    private static final int DOT_ROWS = 16;
    /** Image chunks: fixed, so that sums do not depend on the thread count. */
    private static final int CHUNKS = 8;
    /** Most floats in one block's column matrix (images are taken together up to it). */
    private static final int BLOCK_FLOATS = Integer.getInteger("nabla.conv.blockFloats", 1 << 19);

    /** Per-thread scratch: [0] im2col columns, [1] column gradients, [2] a block of y or gy. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);

    private Convolution() {
    }

    /** Shapes of one convolution. */
    private record Geometry(Window2d g, int n, int c, int out, int groups) {
        int cg() {
            return c / groups;
        }

        int og() {
            return out / groups;
        }

        /** Rows of one group's column matrix, {@code C/groups * kh * kw}. */
        int rows() {
            return cg() * g.kernelSize();
        }

        int plane() {
            return g.h() * g.w();
        }

        /** Images per block: as many as fit {@link #BLOCK_FLOATS}, at least one. */
        int block() {
            return Math.max(1, BLOCK_FLOATS / Math.max(1, rows() * g.windows()));
        }

        /** Multiply-adds of one product over the whole batch. */
        long work() {
            return (long) n * out * rows() * g.windows();
        }
    }

    /** A body run for the images {@code [from, to)} of block-aligned chunk {@code chunk}. */
    private interface ChunkBody {
        void run(int chunk, int from, int to);
    }

    static NDArray conv2d(NDArray x, NDArray w, NDArray b, Window2d g, int groups) {
        Geometry q = new Geometry(g, x.shapeRef()[0], x.shapeRef()[1], w.shapeRef()[0], groups);
        NDArray xc = StridedCopy.contiguous(x);
        float[] xs = StridedCopy.data(xc);
        float[] ws = StridedCopy.toArray(w);
        float[] bias = b == null ? null : StridedCopy.toArray(b);
        int l = g.windows();
        int rows = q.rows();
        int og = q.og();
        float[] y = HeapBudget.floats(q.n * q.out * l);
        forBlocks(q, q.work(), (ch, b0, b1) -> {
            int ld = (b1 - b0) * l;
            float[] cols = scratch(0, rows * ld);
            float[] yb = rows < DOT_ROWS ? null : scratch(2, og * ld);
            for (int gi = 0; gi < groups; gi++) {
                for (int ni = b0; ni < b1; ni++) {
                    ConvColumns.im2col(xs, xc.offset() + (ni * q.c + gi * q.cg()) * q.plane(), q.cg(), cols, (ni - b0) * l, ld, g);
                }
                if (rows < DOT_ROWS) {
                    for (int ni = b0; ni < b1; ni++) {
                        forwardFewRows(ws, gi * og * rows, bias, gi * og, cols, (ni - b0) * l, ld, og, rows, l,
                                y, (ni * q.out + gi * og) * l);
                    }
                    continue;
                }
                Sgemm.sgemm(false, false, og, ld, rows, ws, gi * og * rows, rows, cols, 0, ld, yb, 0, ld, false);
                for (int ni = b0; ni < b1; ni++) {
                    for (int o = 0; o < og; o++) {
                        int from = o * ld + (ni - b0) * l;
                        int to = (ni * q.out + gi * og + o) * l;
                        if (bias == null) {
                            System.arraycopy(yb, from, y, to, l);
                        } else {
                            addBias(yb, from, y, to, l, bias[gi * og + o]);
                        }
                    }
                }
            }
        });
        return new NDArray(new Storage.Floats(y), new int[] {q.n, q.out, g.oh(), g.ow()});
    }

    static Conv2dGrads conv2dBackward(NDArray gy, NDArray x, NDArray w, Window2d g, int groups,
                                      boolean inputGrad, boolean weightGrad, boolean biasGrad) {
        Geometry q = new Geometry(g, x.shapeRef()[0], x.shapeRef()[1], w.shapeRef()[0], groups);
        NDArray gc = StridedCopy.contiguous(gy);
        float[] gs = StridedCopy.data(gc);
        int go = gc.offset();
        NDArray xc = weightGrad ? StridedCopy.contiguous(x) : null;
        float[] xs = weightGrad ? StridedCopy.data(xc) : null;
        float[] ws = inputGrad ? StridedCopy.toArray(w) : null;
        int l = g.windows();
        int rows = q.rows();
        int og = q.og();
        float[] dx = inputGrad ? HeapBudget.floats(q.n * q.c * q.plane()) : null;
        // dw = gy @ cols^T, or when it has fewer rows than columns dw^T = cols @ gy^T: the
        // wider side goes along SGEMM's columns (its short-n paths are slow); with very few
        // rows (one input channel), dot products.
        boolean transposed = rows >= DOT_ROWS && rows < og;
        int chunks = Math.min(q.n, CHUNKS);
        float[][] partial = weightGrad ? new float[chunks][q.out * rows] : null;
        long work = q.work() * ((inputGrad ? 1 : 0) + (weightGrad ? 1 : 0));
        if (inputGrad || weightGrad) {
            forBlocks(q, work, (ch, b0, b1) -> {
                int ld = (b1 - b0) * l;
                boolean first = b0 == bound(q.n, ch, chunks);
                float[] gb = scratch(2, og * ld);
                for (int gi = 0; gi < groups; gi++) {
                    for (int ni = b0; ni < b1; ni++) {
                        for (int o = 0; o < og; o++) {
                            System.arraycopy(gs, go + (ni * q.out + gi * og + o) * l, gb, o * ld + (ni - b0) * l, l);
                        }
                    }
                    if (inputGrad) {
                        float[] dcols = scratch(1, rows * ld);
                        Sgemm.sgemm(true, false, rows, ld, og, ws, gi * og * rows, rows, gb, 0, ld, dcols, 0, ld, false);
                        for (int ni = b0; ni < b1; ni++) {
                            ConvColumns.col2im(dcols, (ni - b0) * l, ld, dx, (ni * q.c + gi * q.cg()) * q.plane(), q.cg(), g);
                        }
                    }
                    if (weightGrad) {
                        float[] cols = scratch(0, rows * ld);
                        for (int ni = b0; ni < b1; ni++) {
                            ConvColumns.im2col(xs, xc.offset() + (ni * q.c + gi * q.cg()) * q.plane(), q.cg(), cols, (ni - b0) * l, ld, g);
                        }
                        int at = gi * og * rows;
                        if (rows < DOT_ROWS) {
                            weightGradDots(gb, cols, og, rows, ld, partial[ch], at, !first);
                        } else if (transposed) {
                            Sgemm.sgemm(false, true, rows, og, ld, cols, 0, ld, gb, 0, ld, partial[ch], at, og, !first);
                        } else {
                            Sgemm.sgemm(false, true, og, rows, ld, gb, 0, ld, cols, 0, ld, partial[ch], at, rows, !first);
                        }
                    }
                }
            });
        }
        NDArray dw = null;
        if (weightGrad) {
            float[] sum = partial[0];
            for (int ch = 1; ch < chunks; ch++) {
                float[] p = partial[ch];
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += p[i];
                }
            }
            dw = new NDArray(new Storage.Floats(transposed ? untranspose(sum, q) : sum), w.shapeRef().clone());
        }
        NDArray db = biasGrad ? new NDArray(new Storage.Floats(biasGrad(gs, go, q)), new int[] {q.out}) : null;
        NDArray dxa = inputGrad ? new NDArray(new Storage.Floats(dx), new int[] {q.n, q.c, g.h(), g.w()}) : null;
        return new Conv2dGrads(dxa, dw, db);
    }

    /**
     * Runs {@code body} over blocks of at most {@link Geometry#block} images within each of the
     * {@code min(n, CHUNKS)} chunks; the chunks go to threads when {@code work} is large enough.
     */
    private static void forBlocks(Geometry q, long work, ChunkBody body) {
        int chunks = Math.min(q.n, CHUNKS);
        int block = q.block();
        Parallel.forChunks(chunks, work >= Sgemm.PARALLEL_MIN ? chunks : 1, (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                int end = bound(q.n, ch + 1, chunks);
                for (int b0 = bound(q.n, ch, chunks); b0 < end; b0 += block) {
                    body.run(ch, b0, Math.min(end, b0 + block));
                }
            }
        });
    }

    /**
     * {@code y[o][l] = b[o] + sum_r w[o][r] * cols[r][l]} for one image and a kernel of few rows
     * (one input channel): four outputs at a time, each column vector of cols loaded once for
     * the four, the result written straight into place (an SGEMM with so short a depth spends
     * its time packing and copying).
     */
    private static void forwardFewRows(float[] ws, int wo, float[] bias, int bo, float[] cols, int co, int ld,
                                       int og, int rows, int len, float[] y, int yo) {
        int ub = S.loopBound(len);
        int o = 0;
        for (; o + 4 <= og; o += 4) {
            int w0 = wo + o * rows, w1 = w0 + rows, w2 = w1 + rows, w3 = w2 + rows;
            int i = 0;
            for (; i < ub; i += S.length()) {
                FloatVector a0 = FloatVector.broadcast(S, bias == null ? 0f : bias[bo + o]);
                FloatVector a1 = FloatVector.broadcast(S, bias == null ? 0f : bias[bo + o + 1]);
                FloatVector a2 = FloatVector.broadcast(S, bias == null ? 0f : bias[bo + o + 2]);
                FloatVector a3 = FloatVector.broadcast(S, bias == null ? 0f : bias[bo + o + 3]);
                for (int r = 0; r < rows; r++) {
                    FloatVector c = FloatVector.fromArray(S, cols, co + r * ld + i);
                    a0 = c.fma(FloatVector.broadcast(S, ws[w0 + r]), a0);
                    a1 = c.fma(FloatVector.broadcast(S, ws[w1 + r]), a1);
                    a2 = c.fma(FloatVector.broadcast(S, ws[w2 + r]), a2);
                    a3 = c.fma(FloatVector.broadcast(S, ws[w3 + r]), a3);
                }
                a0.intoArray(y, yo + o * len + i);
                a1.intoArray(y, yo + (o + 1) * len + i);
                a2.intoArray(y, yo + (o + 2) * len + i);
                a3.intoArray(y, yo + (o + 3) * len + i);
            }
            for (int k = o; k < o + 4; k++) {
                forwardTail(ws, wo + k * rows, bias == null ? 0f : bias[bo + k], cols, co, ld, rows, i, len, y,
                        yo + k * len);
            }
        }
        for (; o < og; o++) {
            forwardTail(ws, wo + o * rows, bias == null ? 0f : bias[bo + o], cols, co, ld, rows, 0, len, y,
                    yo + o * len);
        }
    }

    /** One output row of {@link #forwardFewRows} from column {@code from} on, one element at a time. */
    private static void forwardTail(float[] ws, int wo, float b, float[] cols, int co, int ld, int rows, int from,
                                    int len, float[] y, int yo) {
        for (int i = from; i < len; i++) {
            float s = b;
            for (int r = 0; r < rows; r++) {
                s += ws[wo + r] * cols[co + r * ld + i];
            }
            y[yo + i] = s;
        }
    }

    /** {@code dst[d + t] = src[s + t] + b} for {@code t < len}. */
    private static void addBias(float[] src, int s, float[] dst, int d, int len, float b) {
        int t = 0;
        FloatVector bv = FloatVector.broadcast(S, b);
        for (int ub = S.loopBound(len); t < ub; t += S.length()) {
            FloatVector.fromArray(S, src, s + t).add(bv).intoArray(dst, d + t);
        }
        for (; t < len; t++) {
            dst[d + t] = src[s + t] + b;
        }
    }

    /**
     * {@code dw[o][r] (+)= sum_l gy[o][l] * cols[r][l]} (both {@code len} long rows) for a
     * kernel of few rows, four rows of cols at a time against one row of gy (an SGEMM with a
     * side this short runs far below speed).
     */
    private static void weightGradDots(float[] gs, float[] cols, int og, int rows, int len,
                                       float[] dw, int dwo, boolean add) {
        int ub = S.loopBound(len);
        for (int o = 0; o < og; o++) {
            int go = o * len;
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                int c0 = r * len, c1 = c0 + len, c2 = c1 + len, c3 = c2 + len;
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
                int i = 0;
                for (; i < ub; i += S.length()) {
                    FloatVector gv = FloatVector.fromArray(S, gs, go + i);
                    a0 = gv.fma(FloatVector.fromArray(S, cols, c0 + i), a0);
                    a1 = gv.fma(FloatVector.fromArray(S, cols, c1 + i), a1);
                    a2 = gv.fma(FloatVector.fromArray(S, cols, c2 + i), a2);
                    a3 = gv.fma(FloatVector.fromArray(S, cols, c3 + i), a3);
                }
                float s0 = Lanes.sum(a0), s1 = Lanes.sum(a1);
                float s2 = Lanes.sum(a2), s3 = Lanes.sum(a3);
                for (; i < len; i++) {
                    float gv = gs[go + i];
                    s0 += gv * cols[c0 + i];
                    s1 += gv * cols[c1 + i];
                    s2 += gv * cols[c2 + i];
                    s3 += gv * cols[c3 + i];
                }
                store(dw, dwo + o * rows + r, s0, add);
                store(dw, dwo + o * rows + r + 1, s1, add);
                store(dw, dwo + o * rows + r + 2, s2, add);
                store(dw, dwo + o * rows + r + 3, s3, add);
            }
            for (; r < rows; r++) {
                int c0 = r * len;
                FloatVector a0 = FloatVector.zero(S);
                int i = 0;
                for (; i < ub; i += S.length()) {
                    a0 = FloatVector.fromArray(S, gs, go + i).fma(FloatVector.fromArray(S, cols, c0 + i), a0);
                }
                float s0 = Lanes.sum(a0);
                for (; i < len; i++) {
                    s0 += gs[go + i] * cols[c0 + i];
                }
                store(dw, dwo + o * rows + r, s0, add);
            }
        }
    }

    private static void store(float[] c, int at, float v, boolean add) {
        c[at] = add ? c[at] + v : v;
    }

    /** Per group, {@code [rows, og]} blocks into {@code [og, rows]}. */
    private static float[] untranspose(float[] t, Geometry q) {
        float[] out = HeapBudget.floats(t.length);
        int rows = q.rows();
        for (int gi = 0; gi < q.groups; gi++) {
            int base = gi * q.og() * rows;
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < q.og(); o++) {
                    out[base + o * rows + r] = t[base + r * q.og() + o];
                }
            }
        }
        return out;
    }

    /** {@code db[o] = sum over images and positions of gy[n][o][l]}, summed image by image. */
    private static float[] biasGrad(float[] gs, int go, Geometry q) {
        int l = q.g.windows();
        float[] db = HeapBudget.floats(q.out);
        for (int ni = 0; ni < q.n; ni++) {
            for (int o = 0; o < q.out; o++) {
                int at = go + (ni * q.out + o) * l;
                FloatVector acc = FloatVector.zero(S);
                int i = 0;
                for (int ub = S.loopBound(l); i < ub; i += S.length()) {
                    acc = acc.add(FloatVector.fromArray(S, gs, at + i));
                }
                float s = Lanes.sum(acc);
                for (; i < l; i++) {
                    s += gs[at + i];
                }
                db[o] += s;
            }
        }
        return db;
    }

    private static int bound(int n, int i, int t) {
        return (int) ((long) n * i / t);
    }

    private static float[] scratch(int which, int size) {
        float[][] holder = SCRATCH.get();
        float[] t = holder[which];
        return t.length >= size ? t : (holder[which] = new float[size]);
    }
}
