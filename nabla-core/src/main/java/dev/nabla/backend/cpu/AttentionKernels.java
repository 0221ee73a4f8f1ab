package dev.nabla.backend.cpu;

import dev.nabla.backend.AttentionGrads;
import dev.nabla.backend.AttentionOutput;
import dev.nabla.backend.HeapBudget;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.backend.Storage;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 kernels of fused attention ({@code Backend.attention} and {@code attentionBackward}).
 * Each head is taken in blocks of {@link #BLOCK} queries: the block's scores against the keys
 * it may see ({@code [BLOCK, kEnd]}, one {@link Sgemm}), the softmax in place, and one product
 * with V, so the scratch is one block per thread rather than {@code [N, Lq, Lk]}; with causal
 * masking the keys after a block's last query are never touched. The backward recomputes each
 * block's weights from {@code lse}. Q, K, V and the output gradient are read in place, whatever
 * the strides of their leading dims (the heads of a {@code [B, L, H, d]} projection need no copy).
 * Forward blocks are split across threads; the backward splits heads (a head's blocks add into
 * the same dK and dV), in a fixed order, so results are deterministic.
 */
final class AttentionKernels {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();
    /** Lanes 0, 1, ..., L - 1: {@code IOTA.compare(GE, n - j)} marks the lanes of the vector at j from n on. */
    private static final FloatVector IOTA = FloatVector.zero(S).addIndex(1);
    /**
     * Queries per block. With causal masking a smaller block skips more hidden keys: 32 beat 64 by
     * 10-15% on W4's heads (64 x 32) on a Zen 5, and matched it on 256 x 64 heads.
     */
    private static final int BLOCK = 32;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private AttentionKernels() {
    }

    /**
     * A float32 {@code [..., L, d]} operand in place: its backing array, the first element of
     * each head (the leading dims flattened, in row-major order), the row stride and sizes.
     * Copied only when its last dim is not contiguous.
     */
    private record Heads(float[] a, int[] start, int ld, int len, int dim) {
        static Heads of(NDArray x) {
            NDArray d = x.stridesRef()[x.shapeRef().length - 1] == 1 ? x : StridedCopy.contiguous(x);
            int[] sh = d.shapeRef();
            int[] st = d.stridesRef();
            int lead = sh.length - 2;
            int[] start = new int[Shape.numel(java.util.Arrays.copyOf(sh, lead))];
            for (int h = 0; h < start.length; h++) {
                start[h] = d.offset() + MatMul.batchOffset(d, h);
            }
            return new Heads(StridedCopy.data(d), start, st[lead], sh[lead], sh[lead + 1]);
        }

        /** Index of row {@code i} of head {@code h}. */
        int at(int h, int i) {
            return start[h] + i * ld;
        }
    }

    /** See {@code Backend.attention}; all operands float32. */
    static AttentionOutput forward(NDArray q, NDArray k, NDArray v, boolean causal, double scale) {
        Heads qh = Heads.of(q);
        Heads kh = Heads.of(k);
        Heads vh = Heads.of(v);
        int n = qh.start().length;
        int lq = qh.len();
        int[] outShape = q.shapeRef().clone();
        outShape[outShape.length - 1] = vh.dim();
        NDArray out = like(q, outShape);
        Heads oh = Heads.of(out);
        float[] lse = HeapBudget.floats((long) n * lq);
        int blocks = (lq + BLOCK - 1) / BLOCK;
        Parallel.forRange(n * blocks, 1, (from, to) -> {
            for (int u = from; u < to; u++) {
                forwardBlock(qh, kh, vh, causal, (float) scale, u / blocks, u % blocks * BLOCK, oh, lse);
            }
        });
        return new AttentionOutput(out,
                new NDArray(new Storage.Floats(lse), java.util.Arrays.copyOf(q.shapeRef(), q.shapeRef().length - 1)));
    }

    /** See {@code Backend.attentionBackward}; all operands float32. */
    static AttentionGrads backward(NDArray g, NDArray q, NDArray k, NDArray v, NDArray out, NDArray lse,
                                   boolean causal, double scale) {
        Heads gh = Heads.of(g);
        Heads qh = Heads.of(q);
        Heads kh = Heads.of(k);
        Heads vh = Heads.of(v);
        Heads oh = Heads.of(out);
        NDArray lc = StridedCopy.contiguous(lse);
        float[] la = StridedCopy.data(lc);
        int n = qh.start().length;
        NDArray dqa = like(q, q.shapeRef());
        NDArray dka = like(k, k.shapeRef());
        NDArray dva = like(v, v.shapeRef());
        Heads dq = Heads.of(dqa);
        Heads dk = Heads.of(dka);
        Heads dv = Heads.of(dva);
        Parallel.forRange(n, 1, (from, to) -> {
            for (int h = from; h < to; h++) {
                for (int i0 = 0; i0 < qh.len(); i0 += BLOCK) {
                    backwardBlock(gh, qh, kh, vh, oh, la, lc.offset(), causal, (float) scale, h, i0, dq, dk, dv);
                }
            }
        });
        return new AttentionGrads(dqa, dka, dva);
    }

    /**
     * A new zeroed float32 array of {@code shape} (x's shape, perhaps with another last dim) whose
     * dims are laid out in the order of x's strides, as PyTorch's {@code empty_like}: results and
     * gradients of heads cut from a {@code [B, L, H, d]} projection come out as {@code [B, L, H, d]},
     * so merging the heads back is a view. Row-major when x's last dim is not its innermost.
     */
    private static NDArray like(NDArray x, int[] shape) {
        int n = shape.length;
        int[] st = x.stridesRef();
        Integer[] order = new Integer[n];
        for (int d = 0; d < n; d++) {
            order[d] = d;
        }
        java.util.Arrays.sort(order, (a, b) -> st[a] != st[b] ? Integer.compare(st[b], st[a]) : Integer.compare(a, b));
        if (order[n - 1] != n - 1) {
            return new NDArray(new Storage.Floats(HeapBudget.floats(Shape.numel(shape))), shape.clone());
        }
        int[] strides = new int[n];
        int size = 1;
        for (int i = n - 1; i >= 0; i--) {
            strides[order[i]] = size;
            size *= shape[order[i]];
        }
        return new NDArray(new Storage.Floats(HeapBudget.floats(size)), shape.clone(), strides, 0);
    }

    /** Keys that queries {@code [i0, i1)} may see: all of them, or with causal masking up to {@code i1}. */
    private static int keysSeen(boolean causal, int i1, int lk) {
        return causal ? Math.min(i1, lk) : lk;
    }

    /** Keys that query {@code i} may see. */
    private static int keysOf(boolean causal, int i, int lk) {
        return causal ? Math.min(i + 1, lk) : lk;
    }

    private static void forwardBlock(Heads q, Heads k, Heads v, boolean causal, float scale, int h, int i0,
                                     Heads out, float[] lse) {
        int i1 = Math.min(i0 + BLOCK, q.len());
        int rows = i1 - i0;
        int kEnd = keysSeen(causal, i1, k.len());
        float[] s = scratch(0, rows * kEnd);
        Sgemm.sgemm(false, true, rows, kEnd, q.dim(), q.a(), q.at(h, i0), q.ld(), k.a(), k.at(h, 0), k.ld(),
                s, 0, kEnd, false);
        softmaxBlock(s, rows, kEnd, causal, i0, k.len(), scale, lse, h * q.len() + i0);
        Sgemm.sgemm(false, false, rows, v.dim(), kEnd, s, 0, kEnd, v.a(), v.at(h, 0), v.ld(),
                out.a(), out.at(h, i0), out.ld(), false);
    }

    private static void backwardBlock(Heads g, Heads q, Heads k, Heads v, Heads out, float[] lse, int lseOff,
                                      boolean causal, float scale, int h, int i0, Heads dq, Heads dk, Heads dv) {
        int i1 = Math.min(i0 + BLOCK, q.len());
        int rows = i1 - i0;
        int kEnd = keysSeen(causal, i1, k.len());
        float[] p = scratch(0, rows * kEnd);
        float[] ds = scratch(1, rows * kEnd);
        Sgemm.sgemm(false, true, rows, kEnd, q.dim(), q.a(), q.at(h, i0), q.ld(), k.a(), k.at(h, 0), k.ld(),
                p, 0, kEnd, false);
        Sgemm.sgemm(false, true, rows, kEnd, v.dim(), g.a(), g.at(h, i0), g.ld(), v.a(), v.at(h, 0), v.ld(),
                ds, 0, kEnd, false);
        for (int r = 0; r < rows; r++) {
            int i = i0 + r;
            shiftRow(p, r * kEnd, keysOf(causal, i, k.len()), kEnd, scale, lse[lseOff + h * q.len() + i]);
        }
        VectorMath.exp(p, 0, p, 0, rows * kEnd);
        for (int r = 0; r < rows; r++) {
            int i = i0 + r;
            float delta = dot(g.a(), g.at(h, i), out.a(), out.at(h, i), g.dim());
            gradRow(p, ds, r * kEnd, keysOf(causal, i, k.len()), kEnd, scale, delta);
        }
        // dV[0, kEnd) += p^T g;  dQ[i0, i1) = ds K;  dK[0, kEnd) += ds^T Q
        Sgemm.sgemm(true, false, kEnd, v.dim(), rows, p, 0, kEnd, g.a(), g.at(h, i0), g.ld(),
                dv.a(), dv.at(h, 0), dv.ld(), true);
        Sgemm.sgemm(false, false, rows, k.dim(), kEnd, ds, 0, kEnd, k.a(), k.at(h, 0), k.ld(),
                dq.a(), dq.at(h, i0), dq.ld(), false);
        Sgemm.sgemm(true, false, kEnd, q.dim(), rows, ds, 0, kEnd, q.a(), q.at(h, i0), q.ld(),
                dk.a(), dk.at(h, 0), dk.ld(), true);
    }

    /**
     * Turns the raw scores of a block, {@code rows x width} in {@code s}, into the softmax of
     * {@code scale * s} over each row's visible keys, in place, zero for the hidden ones; writes
     * each row's log-sum-exp to {@code lse[lseAt + r]}. One exp pass over the whole block: rows
     * are short (a causal row's visible part is mostly a vector's tail), and per-row calls cost
     * more than the exponentials. Row passes run whole vectors over the row, the hidden keys'
     * lanes masked, rather than a scalar tail after the visible keys.
     */
    private static void softmaxBlock(float[] s, int rows, int width, boolean causal, int i0, int lk, float scale,
                                     float[] lse, int lseAt) {
        float[] max = new float[rows];
        FloatVector sc = FloatVector.broadcast(S, scale);
        int ub = S.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int off = r * width;
            int n = keysOf(causal, i0 + r, lk);
            FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            int j = 0;
            for (; j < ub; j += L) {
                FloatVector t = FloatVector.fromArray(S, s, off + j).mul(sc);
                t.intoArray(s, off + j);
                mv = mv.max(t.blend(Float.NEGATIVE_INFINITY, IOTA.compare(VectorOperators.GE, n - j)));
            }
            float m = mv.reduceLanes(VectorOperators.MAX);
            for (; j < width; j++) {
                s[off + j] *= scale;
                m = j < n ? Math.max(m, s[off + j]) : m;
            }
            max[r] = m;
            shiftRow(s, off, n, width, 1f, m);
        }
        VectorMath.exp(s, 0, s, 0, rows * width);
        for (int r = 0; r < rows; r++) {
            int off = r * width;
            int n = keysOf(causal, i0 + r, lk);
            FloatVector acc = FloatVector.zero(S);
            int j = 0;
            for (; j < ub; j += L) {
                FloatVector e = FloatVector.fromArray(S, s, off + j).blend(0f, IOTA.compare(VectorOperators.GE, n - j));
                e.intoArray(s, off + j);
                acc = acc.add(e);
            }
            float total = Lanes.sum(acc);
            for (; j < width; j++) {
                s[off + j] = j < n ? s[off + j] : 0f;
                total += s[off + j];
            }
            float inv = 1f / total;
            FloatVector iv = FloatVector.broadcast(S, inv);
            for (j = 0; j < ub; j += L) {
                FloatVector.fromArray(S, s, off + j).mul(iv).intoArray(s, off + j);
            }
            for (; j < width; j++) {
                s[off + j] *= inv;
            }
            lse[lseAt + r] = max[r] + (float) Math.log(total);
        }
    }

    /**
     * {@code x[off + j] = a x[off + j] - b} for the {@code n} visible keys of a row, 0 for the rest
     * up to {@code width}, which the caller zeroes after the exp pass: exp of -inf, or of anything
     * whose exp is subnormal, costs a microcode assist per vector (a pass over half-masked
     * causal blocks took 2.5 times as long on a Zen 5).
     */
    private static void shiftRow(float[] x, int off, int n, int width, float a, float b) {
        FloatVector av = FloatVector.broadcast(S, a);
        FloatVector bv = FloatVector.broadcast(S, b);
        int ub = S.loopBound(width);
        int j = 0;
        for (; j < ub; j += L) {
            FloatVector.fromArray(S, x, off + j).mul(av).sub(bv).blend(0f, IOTA.compare(VectorOperators.GE, n - j))
                    .intoArray(x, off + j);
        }
        for (; j < width; j++) {
            x[off + j] = j < n ? x[off + j] * a - b : 0f;
        }
    }

    /**
     * From the weights in {@code p} (one row at {@code off}, exps of 0 for the hidden keys) and
     * {@code dp = g v^T} in {@code ds}: {@code ds = scale * p * (dp - delta)} for the {@code n}
     * visible keys; both rows zero for the rest up to {@code width}.
     */
    private static void gradRow(float[] p, float[] ds, int off, int n, int width, float scale, float delta) {
        FloatVector sc = FloatVector.broadcast(S, scale);
        FloatVector dv = FloatVector.broadcast(S, delta);
        int ub = S.loopBound(width);
        int j = 0;
        for (; j < ub; j += L) {
            VectorMask<Float> hidden = IOTA.compare(VectorOperators.GE, n - j);
            FloatVector pv = FloatVector.fromArray(S, p, off + j).blend(0f, hidden);
            pv.intoArray(p, off + j);
            FloatVector.fromArray(S, ds, off + j).sub(dv).mul(pv).mul(sc).blend(0f, hidden).intoArray(ds, off + j);
        }
        for (; j < width; j++) {
            p[off + j] = j < n ? p[off + j] : 0f;
            ds[off + j] = j < n ? (ds[off + j] - delta) * p[off + j] * scale : 0f;
        }
    }

    private static float dot(float[] a, int ai, float[] b, int bi, int n) {
        FloatVector acc = FloatVector.zero(S);
        int ub = S.loopBound(n);
        int j = 0;
        for (; j < ub; j += L) {
            acc = FloatVector.fromArray(S, a, ai + j).fma(FloatVector.fromArray(S, b, bi + j), acc);
        }
        float sum = Lanes.sum(acc);
        for (; j < n; j++) {
            sum += a[ai + j] * b[bi + j];
        }
        return sum;
    }

    /** This thread's scratch buffer {@code which}, at least {@code size} long. */
    private static float[] scratch(int which, int size) {
        float[][] s = SCRATCH.get();
        if (s[which].length < size) {
            s[which] = new float[size];
        }
        return s[which];
    }
}
