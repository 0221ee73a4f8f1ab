package dev.nabla.backend.cpu;

import dev.nabla.backend.Conv2dGrads;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Storage;
import dev.nabla.backend.Window2d;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 conv2d and its gradients, image by image, the images spread over threads. Per image and
 * group: the im2col columns {@code [C/groups*kh*kw, oh*ow]} go into a per-thread scratch buffer
 * (a 1×1 kernel at stride 1 without padding reads the input in place), then one {@link Sgemm}
 * each: {@code y = w @ cols} (onto rows preset to the bias), {@code dcols = w^T @ gy} folded into
 * dx, and {@code dw += gy @ cols^T}. The weight gradient is summed in a fixed number of image
 * chunks, each with its own partial sum, added in order at the end: the result does not depend
 * on the thread count.
 */
final class Convolution {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    /** Image chunks of the weight gradient (partial sums): fixed, so sums do not depend on threads. */
    private static final int CHUNKS = 8;

    /** Per-thread scratch: [0] im2col columns, [1] column gradients. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private Convolution() {
    }

    /** Shapes and operands of one convolution. */
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

        boolean pointwise() {
            return g.kernelSize() == 1 && g.sh() == 1 && g.sw() == 1 && g.ph() == 0 && g.pw() == 0;
        }

        /** Multiply-adds of one product over one image (all groups). */
        long workPerImage() {
            return (long) out * rows() * g.windows();
        }
    }

    static NDArray conv2d(NDArray x, NDArray w, NDArray b, Window2d g, int groups) {
        Geometry q = new Geometry(g, x.shapeRef()[0], x.shapeRef()[1], w.shapeRef()[0], groups);
        NDArray xc = StridedCopy.contiguous(x);
        float[] xs = StridedCopy.data(xc);
        float[] ws = StridedCopy.toArray(w);
        float[] bias = b == null ? null : StridedCopy.toArray(b);
        int l = g.windows();
        int rows = q.rows();
        float[] y = new float[q.n * q.out * l];
        forImages(q, (from, to) -> {
            float[] cols = q.pointwise() ? null : scratch(0, rows * l);
            for (int ni = from; ni < to; ni++) {
                for (int gi = 0; gi < groups; gi++) {
                    int xo = xc.offset() + (ni * q.c + gi * q.cg()) * q.plane();
                    int yo = (ni * q.out + gi * q.og()) * l;
                    if (bias != null) {
                        for (int o = 0; o < q.og(); o++) {
                            Arrays.fill(y, yo + o * l, yo + (o + 1) * l, bias[gi * q.og() + o]);
                        }
                    }
                    if (q.pointwise()) {
                        Sgemm.sgemm(false, false, q.og(), l, rows, ws, gi * q.og() * rows, rows, xs, xo, l,
                                y, yo, l, bias != null);
                    } else {
                        im2col(xs, xo, cols, q);
                        Sgemm.sgemm(false, false, q.og(), l, rows, ws, gi * q.og() * rows, rows, cols, 0, l,
                                y, yo, l, bias != null);
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
        float[] dx = inputGrad ? new float[q.n * q.c * q.plane()] : null;
        int chunks = Math.min(q.n, CHUNKS);
        // dw = gy @ cols^T, or when it has fewer rows than columns dw^T = cols @ gy^T: the
        // wider side goes along SGEMM's columns (its short-n paths are slow).
        boolean transposed = rows < q.og();
        float[][] partial = weightGrad ? new float[chunks][q.out * rows] : null;
        long work = q.workPerImage() * q.n * ((inputGrad ? 1 : 0) + (weightGrad ? 1 : 0));
        int parallelChunks = work >= Sgemm.PARALLEL_MIN ? chunks : 1;
        if (inputGrad || weightGrad) {
            Parallel.forChunks(chunks, parallelChunks, (c0, c1) -> {
                float[] cols = weightGrad && !q.pointwise() ? scratch(0, rows * l) : null;
                float[] dcols = inputGrad && !q.pointwise() ? scratch(1, rows * l) : null;
                for (int ch = c0; ch < c1; ch++) {
                    for (int ni = bound(q.n, ch, chunks); ni < bound(q.n, ch + 1, chunks); ni++) {
                        boolean first = ni == bound(q.n, ch, chunks);
                        for (int gi = 0; gi < groups; gi++) {
                            int gyo = go + (ni * q.out + gi * q.og()) * l;
                            int xo = (ni * q.c + gi * q.cg()) * q.plane();
                            if (inputGrad && q.pointwise()) {
                                Sgemm.sgemm(true, false, rows, l, q.og(), ws, gi * q.og() * rows, rows, gs, gyo, l,
                                        dx, xo, l, false);
                            } else if (inputGrad) {
                                Sgemm.sgemm(true, false, rows, l, q.og(), ws, gi * q.og() * rows, rows, gs, gyo, l,
                                        dcols, 0, l, false);
                                col2im(dcols, dx, xo, q);
                            }
                            if (weightGrad) {
                                float[] src = xs;
                                int so = xc.offset() + xo;
                                if (!q.pointwise()) {
                                    im2col(xs, so, cols, q);
                                    src = cols;
                                    so = 0;
                                }
                                if (transposed) {
                                    Sgemm.sgemm(false, true, rows, q.og(), l, src, so, l, gs, gyo, l,
                                            partial[ch], gi * q.og() * rows, q.og(), !first);
                                } else {
                                    Sgemm.sgemm(false, true, q.og(), rows, l, gs, gyo, l, src, so, l,
                                            partial[ch], gi * q.og() * rows, rows, !first);
                                }
                            }
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

    /** Per group, {@code [rows, og]} blocks into {@code [og, rows]}. */
    private static float[] untranspose(float[] t, Geometry q) {
        float[] out = new float[t.length];
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
        float[] db = new float[q.out];
        for (int ni = 0; ni < q.n; ni++) {
            for (int o = 0; o < q.out; o++) {
                int at = go + (ni * q.out + o) * l;
                FloatVector acc = FloatVector.zero(S);
                int i = 0;
                for (int ub = S.loopBound(l); i < ub; i += S.length()) {
                    acc = acc.add(FloatVector.fromArray(S, gs, at + i));
                }
                float s = acc.reduceLanes(VectorOperators.ADD);
                for (; i < l; i++) {
                    s += gs[at + i];
                }
                db[o] += s;
            }
        }
        return db;
    }

    /** Runs {@code body} over the images, split over threads when the work is large enough. */
    private static void forImages(Geometry q, Parallel.RangeBody body) {
        long work = Math.max(1, q.workPerImage());
        Parallel.forRange(q.n, (int) Math.max(1, Math.min(q.n, Sgemm.PARALLEL_MIN / work)), body);
    }

    /** One group's columns {@code [cg*kh*kw, L]} of the image planes starting at {@code xo}. */
    private static void im2col(float[] xs, int xo, float[] cols, Geometry q) {
        int per = q.g.kernelSize() * q.g.windows();
        for (int c = 0; c < q.cg(); c++) {
            if (shifts(q.g)) {
                shifted(xs, xo + c * q.plane(), cols, c * per, q.g, false);
            } else {
                Windows.planeCopy(xs, xo + c * q.plane(), cols, c * per, q.g, false);
            }
        }
    }

    /** Adds one group's column gradients into the image planes of dx starting at {@code xo}; clobbers dcols. */
    private static void col2im(float[] dcols, float[] dx, int xo, Geometry q) {
        int per = q.g.kernelSize() * q.g.windows();
        for (int c = 0; c < q.cg(); c++) {
            if (shifts(q.g)) {
                shifted(dx, xo + c * q.plane(), dcols, c * per, q.g, true);
            } else {
                Windows.planeCopy(dx, xo + c * q.plane(), dcols, c * per, q.g, true);
            }
        }
    }

    /** Stride 1 and output as wide as the input: each kernel offset's columns are the plane, shifted. */
    private static boolean shifts(Window2d g) {
        return g.sh() == 1 && g.sw() == 1 && g.ow() == g.w();
    }

    /**
     * {@link Windows#planeCopy} when {@link #shifts}: for kernel offset (a, b) the columns are the
     * plane shifted by {@code dr = a*dh - ph} rows and {@code dc = b*dw - pw} columns, so one copy
     * (or one vector add, for {@code fold}) covers all rows; the {@code |dc|} entries of each row
     * that wrap to a neighbouring row are then zeroed (for {@code fold}, zeroed in {@code cols}
     * first, which is why fold clobbers it).
     */
    private static void shifted(float[] img, int io, float[] cols, int co, Window2d g, boolean fold) {
        int ow = g.ow();
        int oh = g.oh();
        for (int a = 0; a < g.kh(); a++) {
            for (int b = 0; b < g.kw(); b++) {
                int dr = a * g.dh() - g.ph();
                int dc = b * g.dw() - g.pw();
                int base = co + (a * g.kw() + b) * g.windows();
                int s = Math.max(0, -dc);
                int e = Math.max(0, dc);
                int i0 = Math.min(oh, Math.max(0, -dr));
                int i1 = s + e >= ow ? i0 : Math.max(i0, Math.min(oh, g.h() - dr));
                if (!fold) {
                    Arrays.fill(cols, base, base + i0 * ow, 0f);
                    Arrays.fill(cols, base + i1 * ow, base + g.windows(), 0f);
                }
                if (i1 == i0) {
                    continue;
                }
                int from = i0 * ow + s;
                int to = i1 * ow - e;
                int src = io + dr * g.w() + dc;
                if (!fold) {
                    System.arraycopy(img, src + from, cols, base + from, to - from);
                }
                for (int i = i0; i < i1; i++) {
                    int r = base + i * ow;
                    for (int j = 0; j < s; j++) {
                        cols[r + j] = 0f;
                    }
                    for (int j = ow - e; j < ow; j++) {
                        cols[r + j] = 0f;
                    }
                }
                if (fold) {
                    addInto(img, src + from, cols, base + from, to - from);
                }
            }
        }
    }

    /** {@code dst[d + t] += src[s + t]} for {@code t < len}. */
    private static void addInto(float[] dst, int d, float[] src, int s, int len) {
        int t = 0;
        for (int ub = S.loopBound(len); t < ub; t += S.length()) {
            FloatVector.fromArray(S, dst, d + t).add(FloatVector.fromArray(S, src, s + t)).intoArray(dst, d + t);
        }
        for (; t < len; t++) {
            dst[d + t] += src[s + t];
        }
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
