package dev.nabla.backend.cpu;

import dev.nabla.backend.HeapBudget;
import dev.nabla.backend.MaxPoolOutput;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Storage;
import dev.nabla.backend.Window2d;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 sliding-window kernels (im2col, col2im, max pooling) over contiguous {@code [N, C, h, w]}
 * planes, the planes spread over threads. For each kernel offset the columns that land inside the
 * input are computed once, so the inner loops carry no bounds tests (and are plain copies at
 * stride 1).
 */
final class Windows {
    /** Elements of work below which a job is not split further. */
    private static final int GRAIN = 1 << 15;
    private static final VectorSpecies<Float> F = Vectors.FLOAT;
    /** As many int lanes as F has float lanes. */
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    /** Longs at F's width: half of I's lanes each. */
    private static final VectorSpecies<Long> L = VectorSpecies.of(long.class, F.vectorShape());

    private Windows() {
    }

    static NDArray unfold(NDArray x, Window2d g) {
        NDArray xc = StridedCopy.contiguous(x);
        float[] src = StridedCopy.data(xc);
        int planes = x.shapeRef()[0] * x.shapeRef()[1];
        int per = g.kernelSize() * g.windows();
        float[] out = HeapBudget.floats(planes * per);
        Parallel.forRange(planes, Math.max(1, GRAIN / Math.max(per, 1)), (from, to) -> {
            for (int p = from; p < to; p++) {
                planeCopy(src, xc.offset() + p * g.h() * g.w(), out, p * per, g.windows(), g, false);
            }
        });
        return new NDArray(new Storage.Floats(out), new int[] {x.shapeRef()[0], x.shapeRef()[1] * g.kernelSize(), g.windows()});
    }

    static NDArray fold(NDArray cols, Window2d g) {
        NDArray cc = StridedCopy.contiguous(cols);
        float[] src = StridedCopy.data(cc);
        int n = cols.shapeRef()[0];
        int c = cols.shapeRef()[1] / g.kernelSize();
        int per = g.kernelSize() * g.windows();
        int plane = g.h() * g.w();
        float[] out = HeapBudget.floats(n * c * plane);
        Parallel.forRange(n * c, Math.max(1, GRAIN / Math.max(per, 1)), (from, to) -> {
            for (int p = from; p < to; p++) {
                planeCopy(out, p * plane, src, cc.offset() + p * per, g.windows(), g, true);
            }
        });
        return new NDArray(new Storage.Floats(out), new int[] {n, c, g.h(), g.w()});
    }

    /**
     * One plane of im2col ({@code cols[(a*kw + b)*ld + i*ow + j] = img[row*w + col]}, 0 in the
     * padding, so {@code cols} may hold anything before; {@code ld >= L} is the row stride of
     * cols), or with {@code fold} its adjoint ({@code img[row*w + col] += cols[...]}).
     */
    static void planeCopy(float[] img, int io, float[] cols, int co, int ld, Window2d g, boolean fold) {
        int sw = g.sw();
        int ow = g.ow();
        for (int a = 0; a < g.kh(); a++) {
            for (int b = 0; b < g.kw(); b++) {
                int colShift = b * g.dw() - g.pw();
                int j0 = Math.min(ow, Math.max(0, Math.ceilDiv(-colShift, sw)));
                int j1 = Math.max(j0, Math.min(ow, Math.floorDiv(g.w() - 1 - colShift, sw) + 1));
                int rowBase = co + (a * g.kw() + b) * ld;
                for (int i = 0; i < g.oh(); i++) {
                    int row = i * g.sh() - g.ph() + a * g.dh();
                    int ci = rowBase + i * ow;
                    if (row < 0 || row >= g.h()) {
                        if (!fold) {
                            Arrays.fill(cols, ci, ci + ow, 0f);
                        }
                        continue;
                    }
                    int ii = io + row * g.w() + colShift;
                    if (fold) {
                        for (int j = j0; j < j1; j++) {
                            img[ii + j * sw] += cols[ci + j];
                        }
                        continue;
                    }
                    for (int j = 0; j < j0; j++) {
                        cols[ci + j] = 0f;
                    }
                    if (sw == 1) {
                        // j0 == j1 may put ii + j0 before the plane, where even an empty copy throws
                        if (j1 > j0) {
                            System.arraycopy(img, ii + j0, cols, ci + j0, j1 - j0);
                        }
                    } else {
                        for (int j = j0; j < j1; j++) {
                            cols[ci + j] = img[ii + j * sw];
                        }
                    }
                    for (int j = j1; j < ow; j++) {
                        cols[ci + j] = 0f;
                    }
                }
            }
        }
    }

    static MaxPoolOutput maxPool2d(NDArray x, Window2d g) {
        NDArray xc = StridedCopy.contiguous(x);
        float[] src = StridedCopy.data(xc);
        int n = x.shapeRef()[0];
        int c = x.shapeRef()[1];
        int plane = g.h() * g.w();
        int windows = g.windows();
        float[] values = HeapBudget.floats(n * c * windows);
        long[] indices = HeapBudget.longs(values.length);
        int[] starts = inside(g) ? windowStarts(g) : null;
        Parallel.forRange(n * c, Math.max(1, GRAIN / Math.max(windows * g.kernelSize(), 1)), (from, to) -> {
            for (int p = from; p < to; p++) {
                if (starts != null) {
                    maxPlaneInside(src, xc.offset() + p * plane, values, indices, p * windows, g, starts);
                } else {
                    maxPlane(src, xc.offset() + p * plane, values, indices, p * windows, g);
                }
            }
        });
        int[] shape = {n, c, g.oh(), g.ow()};
        return new MaxPoolOutput(new NDArray(new Storage.Floats(values), shape),
                new NDArray(new Storage.Longs(indices), shape.clone()));
    }

    /** Whether every window lies wholly inside the plane (no padding, no ceil-mode overhang). */
    private static boolean inside(Window2d g) {
        return g.ph() == 0 && g.pw() == 0 && (g.oh() - 1) * g.sh() + (g.kh() - 1) * g.dh() < g.h()
                && (g.ow() - 1) * g.sw() + (g.kw() - 1) * g.dw() < g.w();
    }

    /** {@code starts[i*ow + j] = i*sh*w + j*sw}: where each window starts in its plane. */
    private static int[] windowStarts(Window2d g) {
        int[] starts = new int[g.windows()];
        for (int i = 0; i < g.oh(); i++) {
            for (int j = 0; j < g.ow(); j++) {
                starts[i * g.ow() + j] = i * g.sh() * g.w() + j * g.sw();
            }
        }
        return starts;
    }

    /**
     * {@link #maxPlane} when every window is {@link #inside} the plane: one lane per window, its
     * elements gathered through {@code starts}, compared and blended without branches (which
     * element wins is data-dependent, so branches would mispredict); the same scan order and
     * ties. Leftover windows go through the same steps one at a time.
     */
    private static void maxPlaneInside(float[] src, int so, float[] values, long[] indices, int o, Window2d g,
                                       int[] starts) {
        int windows = g.windows();
        int k = 0;
        for (int ub = F.loopBound(windows); k < ub; k += F.length()) {
            IntVector start = IntVector.fromArray(I, starts, k);
            FloatVector best = FloatVector.fromArray(F, src, so, starts, k);
            IntVector where = start;
            for (int a = 0; a < g.kh(); a++) {
                for (int b = a == 0 ? 1 : 0; b < g.kw(); b++) {
                    int d = a * g.dh() * g.w() + b * g.dw();
                    FloatVector v = FloatVector.fromArray(F, src, so + d, starts, k);
                    VectorMask<Float> take = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
                    best = best.blend(v, take);
                    where = where.blend(start.add(d), take.cast(I));
                }
            }
            best.intoArray(values, o + k);
            for (int part = 0; part * L.length() < I.length(); part++) {
                ((LongVector) where.convertShape(VectorOperators.I2L, L, part)).intoArray(indices,
                        o + k + part * L.length());
            }
        }
        for (; k < windows; k++) {
            int at = starts[k];
            float best = src[so + at];
            int where = at;
            for (int a = 0; a < g.kh(); a++) {
                for (int b = a == 0 ? 1 : 0; b < g.kw(); b++) {
                    int e = at + a * g.dh() * g.w() + b * g.dw();
                    float v = src[so + e];
                    if (v > best || Float.isNaN(v)) {
                        best = v;
                        where = e;
                    }
                }
            }
            values[o + k] = best;
            indices[o + k] = where;
        }
    }

    private static void maxPlane(float[] src, int so, float[] values, long[] indices, int o, Window2d g) {
        for (int i = 0; i < g.oh(); i++) {
            int r0 = i * g.sh() - g.ph();
            int a0 = Math.max(0, Math.ceilDiv(-r0, g.dh()));
            int a1 = Math.min(g.kh(), Math.floorDiv(g.h() - 1 - r0, g.dh()) + 1);
            for (int j = 0; j < g.ow(); j++) {
                int c0 = j * g.sw() - g.pw();
                int b0 = Math.max(0, Math.ceilDiv(-c0, g.dw()));
                int b1 = Math.min(g.kw(), Math.floorDiv(g.w() - 1 - c0, g.dw()) + 1);
                float best = Float.NEGATIVE_INFINITY;
                int where = (r0 + a0 * g.dh()) * g.w() + c0 + b0 * g.dw();
                for (int a = a0; a < a1; a++) {
                    int rowStart = (r0 + a * g.dh()) * g.w() + c0;
                    for (int b = b0; b < b1; b++) {
                        int at = rowStart + b * g.dw();
                        float v = src[so + at];
                        if (v > best || Float.isNaN(v)) {
                            best = v;
                            where = at;
                        }
                    }
                }
                values[o + i * g.ow() + j] = best;
                indices[o + i * g.ow() + j] = where;
            }
        }
    }

    static NDArray maxPool2dBackward(NDArray g, NDArray indices, Window2d geometry) {
        NDArray gc = StridedCopy.contiguous(g);
        float[] src = StridedCopy.data(gc);
        long[] idx = ((Storage.Longs) indices.storage()).data();
        int n = g.shapeRef()[0];
        int c = g.shapeRef()[1];
        int plane = geometry.h() * geometry.w();
        int windows = geometry.windows();
        float[] out = HeapBudget.floats(n * c * plane);
        Parallel.forRange(n * c, Math.max(1, GRAIN / Math.max(windows, 1)), (from, to) -> {
            for (int p = from; p < to; p++) {
                for (int k = 0; k < windows; k++) {
                    out[p * plane + (int) idx[indices.offset() + p * windows + k]] += src[gc.offset() + p * windows + k];
                }
            }
        });
        return new NDArray(new Storage.Floats(out), new int[] {n, c, geometry.h(), geometry.w()});
    }
}
