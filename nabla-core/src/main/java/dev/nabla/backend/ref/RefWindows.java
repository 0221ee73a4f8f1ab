package dev.nabla.backend.ref;

import dev.nabla.backend.Conv2dGrads;
import dev.nabla.backend.DType;
import dev.nabla.backend.MaxPoolOutput;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Window2d;

/** The reference sliding-window primitives: plain loops over every window position, in float64. */
final class RefWindows {
    private RefWindows() {
    }

    /** Calls {@code body(n, c, a, b, i, j, row, col)} for every window element, padding included. */
    private interface Visit {
        void at(int n, int c, int a, int b, int i, int j, int row, int col);
    }

    private static void forEach(int batch, int channels, Window2d g, Visit v) {
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                for (int a = 0; a < g.kh(); a++) {
                    for (int b = 0; b < g.kw(); b++) {
                        for (int i = 0; i < g.oh(); i++) {
                            for (int j = 0; j < g.ow(); j++) {
                                v.at(n, c, a, b, i, j, i * g.sh() - g.ph() + a * g.dh(), j * g.sw() - g.pw() + b * g.dw());
                            }
                        }
                    }
                }
            }
        }
    }

    private static boolean inside(Window2d g, int row, int col) {
        return row >= 0 && row < g.h() && col >= 0 && col < g.w();
    }

    static NDArray unfold(NDArray x, Window2d g) {
        int n = x.shapeRef()[0];
        int c = x.shapeRef()[1];
        NDArray out = NDArray.zeros(x.dtype(), new int[] {n, c * g.kernelSize(), g.windows()});
        forEach(n, c, g, (ni, ci, a, b, i, j, row, col) -> {
            if (inside(g, row, col)) {
                out.storage().set(out.index(ni, (ci * g.kh() + a) * g.kw() + b, i * g.ow() + j),
                        x.storage().get(x.index(ni, ci, row, col)));
            }
        });
        return out;
    }

    static NDArray fold(NDArray cols, Window2d g) {
        int n = cols.shapeRef()[0];
        int c = cols.shapeRef()[1] / g.kernelSize();
        NDArray out = NDArray.zeros(cols.dtype(), new int[] {n, c, g.h(), g.w()});
        forEach(n, c, g, (ni, ci, a, b, i, j, row, col) -> {
            if (inside(g, row, col)) {
                int o = out.index(ni, ci, row, col);
                double v = cols.storage().get(cols.index(ni, (ci * g.kh() + a) * g.kw() + b, i * g.ow() + j));
                out.storage().set(o, out.storage().get(o) + v);
            }
        });
        return out;
    }

    static MaxPoolOutput maxPool2d(NDArray x, Window2d g) {
        int n = x.shapeRef()[0];
        int c = x.shapeRef()[1];
        int[] shape = {n, c, g.oh(), g.ow()};
        NDArray values = NDArray.zeros(x.dtype(), shape);
        NDArray indices = NDArray.zeros(DType.INT64, shape);
        int planes = n * c;
        double[] best = new double[planes * g.windows()];
        long[] where = new long[best.length];
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(where, -1);
        // Windows are visited kernel position by kernel position, so the scan order within one
        // window is row-major (a, b), as in PyTorch's kernel.
        forEach(n, c, g, (ni, ci, a, b, i, j, row, col) -> {
            if (inside(g, row, col)) {
                int o = (ni * c + ci) * g.windows() + i * g.ow() + j;
                double v = x.storage().get(x.index(ni, ci, row, col));
                if (where[o] < 0 || v > best[o] || Double.isNaN(v)) {
                    best[o] = v;
                    where[o] = (long) row * g.w() + col;
                }
            }
        });
        for (int o = 0; o < best.length; o++) {
            values.storage().set(o, best[o]);
            indices.storage().set(o, where[o]);
        }
        return new MaxPoolOutput(values, indices);
    }

    static NDArray maxPool2dBackward(NDArray g, NDArray indices, Window2d geometry) {
        int n = g.shapeRef()[0];
        int c = g.shapeRef()[1];
        NDArray out = NDArray.zeros(g.dtype(), new int[] {n, c, geometry.h(), geometry.w()});
        for (int ni = 0; ni < n; ni++) {
            for (int ci = 0; ci < c; ci++) {
                for (int i = 0; i < geometry.oh(); i++) {
                    for (int j = 0; j < geometry.ow(); j++) {
                        int at = (int) indices.storage().get(indices.index(ni, ci, i, j));
                        int o = out.index(ni, ci, at / geometry.w(), at % geometry.w());
                        out.storage().set(o, out.storage().get(o) + g.storage().get(g.index(ni, ci, i, j)));
                    }
                }
            }
        }
        return out;
    }

    /** conv2d as {@code w [O, C/groups * kh * kw] @ unfold(x)} per group, summed in float64. */
    static NDArray conv2d(NDArray x, NDArray w, NDArray b, Window2d g, int groups) {
        int n = x.shapeRef()[0];
        int out = w.shapeRef()[0];
        int rows = w.shapeRef()[1] * g.kernelSize();
        NDArray cols = unfold(x, g);
        NDArray y = NDArray.zeros(x.dtype(), new int[] {n, out, g.oh(), g.ow()});
        for (int ni = 0; ni < n; ni++) {
            for (int o = 0; o < out; o++) {
                int r0 = o / (out / groups) * rows;
                for (int l = 0; l < g.windows(); l++) {
                    double sum = b == null ? 0 : b.storage().get(b.index(o));
                    for (int r = 0; r < rows; r++) {
                        sum += weight(w, g, o, r) * cols.storage().get(cols.index(ni, r0 + r, l));
                    }
                    y.storage().set((ni * out + o) * g.windows() + l, sum);
                }
            }
        }
        return y;
    }

    /** The gradients of {@link #conv2d}: {@code dx = fold(w^T @ gy)}, {@code dw = sum_n gy @ unfold(x)^T}. */
    static Conv2dGrads conv2dBackward(NDArray gy, NDArray x, NDArray w, Window2d g, int groups,
                                      boolean inputGrad, boolean weightGrad, boolean biasGrad) {
        int n = x.shapeRef()[0];
        int c = x.shapeRef()[1];
        int out = w.shapeRef()[0];
        int rows = w.shapeRef()[1] * g.kernelSize();
        NDArray cols = unfold(x, g);
        NDArray dcols = inputGrad ? NDArray.zeros(gy.dtype(), new int[] {n, c * g.kernelSize(), g.windows()}) : null;
        NDArray dw = weightGrad ? NDArray.zeros(gy.dtype(), w.shapeRef().clone()) : null;
        NDArray db = biasGrad ? NDArray.zeros(gy.dtype(), new int[] {out}) : null;
        for (int ni = 0; ni < n; ni++) {
            for (int o = 0; o < out; o++) {
                int r0 = o / (out / groups) * rows;
                for (int l = 0; l < g.windows(); l++) {
                    double d = gy.storage().get(gy.index(ni, o, l / g.ow(), l % g.ow()));
                    if (db != null) {
                        db.storage().set(o, db.storage().get(o) + d);
                    }
                    for (int r = 0; r < rows; r++) {
                        if (dcols != null) {
                            int at = dcols.index(ni, r0 + r, l);
                            dcols.storage().set(at, dcols.storage().get(at) + weight(w, g, o, r) * d);
                        }
                        if (dw != null) {
                            int at = o * rows + r;
                            dw.storage().set(at, dw.storage().get(at) + d * cols.storage().get(cols.index(ni, r0 + r, l)));
                        }
                    }
                }
            }
        }
        return new Conv2dGrads(dcols == null ? null : fold(dcols, g), dw, db);
    }

    /** {@code w[o][r / (kh*kw)][r / kw % kh][r % kw]}: row r of output channel o's flattened kernel. */
    private static double weight(NDArray w, Window2d g, int o, int r) {
        return w.storage().get(w.index(o, r / g.kernelSize(), r / g.kw() % g.kh(), r % g.kw()));
    }
}
