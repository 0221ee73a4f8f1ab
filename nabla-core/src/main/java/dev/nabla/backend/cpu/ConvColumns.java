package dev.nabla.backend.cpu;

import dev.nabla.backend.Window2d;
import java.util.Arrays;

/**
 * im2col and col2im for {@link Convolution}: the columns of several images side by side in one
 * matrix (row stride {@code ld}), into scratch memory that may hold anything before. At stride 1
 * with the output as wide as the input ("same" padding), each kernel offset's columns are the
 * plane shifted, one copy per offset instead of one per output row.
 */
final class ConvColumns {
    private ConvColumns() {
    }

    /**
     * im2col of the {@code planes} planes at {@code xo}: plane c's rows {@code c*kh*kw...} of
     * cols, in columns {@code co...} (row stride ld); padding entries are written as 0.
     */
    static void im2col(float[] xs, int xo, int planes, float[] cols, int co, int ld, Window2d g) {
        int per = g.kernelSize() * ld;
        int plane = g.h() * g.w();
        for (int c = 0; c < planes; c++) {
            if (shifts(g)) {
                shifted(xs, xo + c * plane, cols, co + c * per, ld, g, false);
            } else {
                Windows.planeCopy(xs, xo + c * plane, cols, co + c * per, ld, g, false);
            }
        }
    }

    /** The adjoint of {@link #im2col}: adds the columns into the planes of dx at {@code xo}; clobbers dcols. */
    static void col2im(float[] dcols, int co, int ld, float[] dx, int xo, int planes, Window2d g) {
        int per = g.kernelSize() * ld;
        int plane = g.h() * g.w();
        for (int c = 0; c < planes; c++) {
            if (shifts(g)) {
                shifted(dx, xo + c * plane, dcols, co + c * per, ld, g, true);
            } else {
                Windows.planeCopy(dx, xo + c * plane, dcols, co + c * per, ld, g, true);
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
    private static void shifted(float[] img, int io, float[] cols, int co, int ld, Window2d g, boolean fold) {
        int ow = g.ow();
        int oh = g.oh();
        for (int a = 0; a < g.kh(); a++) {
            for (int b = 0; b < g.kw(); b++) {
                int dr = a * g.dh() - g.ph();
                int dc = b * g.dw() - g.pw();
                int base = co + (a * g.kw() + b) * ld;
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
                    Elementwise.addInto(img, src + from, cols, base + from, to - from);
                }
            }
        }
    }
}
