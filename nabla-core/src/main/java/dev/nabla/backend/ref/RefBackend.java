package dev.nabla.backend.ref;

import dev.nabla.backend.AdamStep;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.Conv2dGrads;
import dev.nabla.backend.DType;
import dev.nabla.backend.HostBackend;
import dev.nabla.backend.LstmCellGrads;
import dev.nabla.backend.LstmCellOutput;
import dev.nabla.backend.LayerNormGrads;
import dev.nabla.backend.LayerNormOutput;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.Shape;
import dev.nabla.backend.Storage;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.MaxPoolOutput;
import dev.nabla.backend.Window2d;

/**
 * The executable specification: every primitive written as the plainest loop over multi-indices,
 * computing in float64 and storing in the output's dtype. Slow by design; the tests check every
 * other backend against it.
 */
public final class RefBackend implements HostBackend {

    @Override
    public String name() {
        return "ref";
    }

    @Override
    public DType floatType() {
        return DType.FLOAT64;
    }

    @Override
    public NDArray unary(UnaryOp op, NDArray x) {
        NDArray out = NDArray.zeros(x.dtype(), x.shapeRef());
        boolean exact = !x.dtype().isFloatingPoint();
        for (int i = 0; i < x.numel(); i++) {
            int xi = x.indexOfFlat(i);
            if (exact) {
                out.storage().setLong(i, op.applyLong(x.storage().getLong(xi)));
            } else {
                out.storage().set(i, op.apply(x.storage().get(xi)));
            }
        }
        return out;
    }

    @Override
    public NDArray binary(BinaryOp op, NDArray a, NDArray b) {
        int[] shape = Shape.broadcast(op.label(), a.shapeRef(), b.shapeRef());
        DType type = op.isComparison() ? DType.BOOL : DType.promote(a.dtype(), b.dtype());
        NDArray out = NDArray.zeros(type, shape);
        NDArray ab = a.broadcastTo(shape);
        NDArray bb = b.broadcastTo(shape);
        boolean exact = !a.dtype().isFloatingPoint() && !b.dtype().isFloatingPoint(); // int64 beyond 2^53
        for (int i = 0; i < out.numel(); i++) {
            int ai = ab.indexOfFlat(i);
            int bi = bb.indexOfFlat(i);
            if (exact) {
                out.storage().setLong(i, op.applyLong(ab.storage().getLong(ai), bb.storage().getLong(bi)));
            } else {
                out.storage().set(i, op.apply(ab.storage().get(ai), bb.storage().get(bi)));
            }
        }
        return out;
    }

    @Override
    public NDArray where(NDArray cond, NDArray a, NDArray b) {
        int[] shape = Shape.broadcast("where", Shape.broadcast("where", cond.shapeRef(), a.shapeRef()), b.shapeRef());
        NDArray out = NDArray.zeros(DType.promote(a.dtype(), b.dtype()), shape);
        NDArray cb = cond.broadcastTo(shape);
        NDArray ab = a.broadcastTo(shape);
        NDArray bb = b.broadcastTo(shape);
        for (int i = 0; i < out.numel(); i++) {
            boolean c = cb.storage().get(cb.indexOfFlat(i)) != 0;
            NDArray src = c ? ab : bb;
            transfer(src.storage(), src.indexOfFlat(i), out.storage(), i);
        }
        return out;
    }

    @Override
    public NDArray reduce(ReduceOp op, NDArray x, int[] dims, boolean keepDim) {
        int[] kept = x.shapeRef().clone();
        for (int d : dims) {
            kept[d] = 1;
        }
        NDArray out = NDArray.zeros(x.dtype(), kept);
        if (x.dtype() == DType.INT64) {
            reduceLongs(op, x, dims, kept, out.storage());
            return keepDim ? out : new NDArray(out.storage(), removeDims(kept, dims));
        }
        double init = switch (op) {
            case SUM -> 0;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
        double[] acc = new double[out.numel()];
        java.util.Arrays.fill(acc, init);
        for (int i = 0; i < x.numel(); i++) {
            int o = outIndex(NDArray.unravel(i, x.shapeRef()), dims, kept);
            double v = x.storage().get(x.indexOfFlat(i));
            acc[o] = switch (op) {
                case SUM -> acc[o] + v;
                case MAX -> Double.isNaN(v) || v > acc[o] ? v : acc[o];
                case MIN -> Double.isNaN(v) || v < acc[o] ? v : acc[o];
            };
        }
        for (int o = 0; o < acc.length; o++) {
            out.storage().set(o, acc[o]);
        }
        return keepDim ? out : new NDArray(out.storage(), removeDims(kept, dims));
    }

    @Override
    public NDArray argReduce(boolean max, NDArray x, int dim, boolean keepDim) {
        int[] kept = x.shapeRef().clone();
        kept[dim] = 1;
        NDArray out = NDArray.zeros(DType.INT64, kept);
        double[] best = new double[out.numel()];
        long[] bestLong = new long[out.numel()];
        boolean[] seen = new boolean[out.numel()];
        for (int i = 0; i < x.numel(); i++) {
            int[] idx = NDArray.unravel(i, x.shapeRef());
            int o = outIndex(idx, new int[] {dim}, kept);
            int xi = x.indexOfFlat(i);
            double v = x.storage().get(xi);
            long lv = x.storage().getLong(xi);
            boolean better = !seen[o] || (x.dtype() == DType.INT64
                    ? (max ? lv > bestLong[o] : lv < bestLong[o])
                    : !Double.isNaN(best[o]) && (Double.isNaN(v) || (max ? v > best[o] : v < best[o])));
            if (better) {
                bestLong[o] = lv;
                best[o] = v;
                seen[o] = true;
                out.storage().set(o, idx[dim]);
            }
        }
        return keepDim ? out : new NDArray(out.storage(), removeDims(kept, new int[] {dim}));
    }

    @Override
    public NDArray softmax(NDArray x, int dim, boolean log) {
        int[] d = {dim};
        NDArray shifted = binary(BinaryOp.SUB, x, reduce(ReduceOp.MAX, x, d, true));
        NDArray sum = reduce(ReduceOp.SUM, unary(UnaryOp.EXP, shifted), d, true);
        return log ? binary(BinaryOp.SUB, shifted, unary(UnaryOp.LOG, sum))
                : binary(BinaryOp.DIV, unary(UnaryOp.EXP, shifted), sum);
    }

    @Override
    public NDArray matmul(NDArray a, NDArray b) {
        int r = a.rank();
        int m = a.shapeRef()[r - 2];
        int k = a.shapeRef()[r - 1];
        int n = b.shapeRef()[r - 1];
        int[] shape = a.shapeRef().clone();
        shape[r - 1] = n;
        NDArray out = NDArray.zeros(DType.promote(a.dtype(), b.dtype()), shape);
        int batches = out.numel() / Math.max(m * n, 1);
        for (int bi = 0; bi < batches; bi++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += a.storage().get(a.indexOfFlat((bi * m + i) * k + p))
                                * b.storage().get(b.indexOfFlat((bi * k + p) * n + j));
                    }
                    out.storage().set((bi * m + i) * n + j, s);
                }
            }
        }
        return out;
    }

    @Override
    public NDArray copy(NDArray x, DType dtype) {
        NDArray out = NDArray.zeros(dtype, x.shapeRef());
        for (int i = 0; i < x.numel(); i++) {
            transfer(x.storage(), x.indexOfFlat(i), out.storage(), i);
        }
        return out;
    }

    @Override
    public void assign(NDArray dst, NDArray src) {
        NDArray s = src.broadcastTo(dst.shapeRef());
        for (int i = 0; i < dst.numel(); i++) {
            transfer(s.storage(), s.indexOfFlat(i), dst.storage(), dst.indexOfFlat(i));
        }
    }

    @Override
    public void addInPlace(NDArray dst, NDArray src) {
        NDArray s = src.broadcastTo(dst.shapeRef());
        for (int i = 0; i < dst.numel(); i++) {
            addInto(s.storage(), s.indexOfFlat(i), dst.storage(), dst.indexOfFlat(i));
        }
    }

    @Override
    public NDArray indexSelect(NDArray x, int dim, NDArray index) {
        int[] shape = x.shapeRef().clone();
        shape[dim] = index.numel();
        NDArray out = NDArray.zeros(x.dtype(), shape);
        for (int i = 0; i < out.numel(); i++) {
            int[] idx = NDArray.unravel(i, shape);
            idx[dim] = (int) index.storage().get(index.indexOfFlat(idx[dim]));
            transfer(x.storage(), x.index(idx), out.storage(), i);
        }
        return out;
    }

    @Override
    public NDArray indexAdd(NDArray x, int dim, NDArray index, NDArray src) {
        NDArray out = copy(x, x.dtype());
        for (int i = 0; i < src.numel(); i++) {
            int[] idx = NDArray.unravel(i, src.shapeRef());
            idx[dim] = (int) index.storage().get(index.indexOfFlat(idx[dim]));
            addInto(src.storage(), src.indexOfFlat(i), out.storage(), out.index(idx));
        }
        return out;
    }

    @Override
    public NDArray gather(NDArray x, int dim, NDArray index) {
        NDArray out = NDArray.zeros(x.dtype(), index.shapeRef());
        for (int i = 0; i < out.numel(); i++) {
            int[] idx = NDArray.unravel(i, index.shapeRef());
            idx[dim] = (int) index.storage().get(index.indexOfFlat(i));
            transfer(x.storage(), x.index(idx), out.storage(), i);
        }
        return out;
    }

    @Override
    public NDArray scatterAdd(NDArray x, int dim, NDArray index, NDArray src) {
        NDArray out = copy(x, x.dtype());
        for (int i = 0; i < index.numel(); i++) {
            int[] idx = NDArray.unravel(i, index.shapeRef());
            int si = src.index(idx);
            idx[dim] = (int) index.storage().get(index.indexOfFlat(i));
            addInto(src.storage(), si, out.storage(), out.index(idx));
        }
        return out;
    }

    @Override
    public NDArray unaryBackward(UnaryOp op, NDArray x, NDArray y, NDArray g) {
        NDArray out = NDArray.zeros(g.dtype(), g.shapeRef());
        for (int i = 0; i < out.numel(); i++) {
            double xi = x.storage().get(x.indexOfFlat(i));
            double yi = y.storage().get(y.indexOfFlat(i));
            // relu masks the gradient (0 where y <= 0, even for a NaN g), as PyTorch's threshold_backward
            double gi = g.storage().get(g.indexOfFlat(i));
            out.storage().set(i, op == UnaryOp.RELU && yi <= 0 ? 0 : gi * op.derivative(xi, yi));
        }
        return out;
    }

    @Override
    public NDArray linear(NDArray x, NDArray w, NDArray b, UnaryOp activation) {
        int n = x.shapeRef()[0];
        int in = x.shapeRef()[1];
        int outF = w.shapeRef()[0];
        NDArray out = NDArray.zeros(DType.promote(x.dtype(), w.dtype()), new int[] {n, outF});
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < outF; j++) {
                double s = b == null ? 0 : b.storage().get(b.index(j));
                for (int p = 0; p < in; p++) {
                    s += x.storage().get(x.index(i, p)) * w.storage().get(w.index(j, p));
                }
                out.storage().set(i * outF + j, activation == null ? s : activation.apply(s));
            }
        }
        return out;
    }

    @Override
    public LstmCellOutput lstmCell(NDArray inputGates, NDArray hiddenGates, NDArray c) {
        int b = c.shapeRef()[0];
        int h = c.shapeRef()[1];
        NDArray hc = NDArray.zeros(c.dtype(), new int[] {2, b, h});
        NDArray gates = NDArray.zeros(c.dtype(), new int[] {b, 4 * h});
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < h; j++) {
                double i = UnaryOp.SIGMOID.apply(sum(inputGates, hiddenGates, r, j));
                double f = UnaryOp.SIGMOID.apply(sum(inputGates, hiddenGates, r, h + j));
                double g = Math.tanh(sum(inputGates, hiddenGates, r, 2 * h + j));
                double o = UnaryOp.SIGMOID.apply(sum(inputGates, hiddenGates, r, 3 * h + j));
                double cNew = f * c.storage().get(c.index(r, j)) + i * g;
                hc.storage().set(hc.index(0, r, j), o * Math.tanh(cNew));
                hc.storage().set(hc.index(1, r, j), cNew);
                double[] act = {i, f, g, o};
                for (int k = 0; k < 4; k++) {
                    gates.storage().set(gates.index(r, k * h + j), act[k]);
                }
            }
        }
        return new LstmCellOutput(hc, gates);
    }

    @Override
    public LstmCellGrads lstmCellBackward(NDArray dh, NDArray dc, NDArray c, NDArray cNew, NDArray gates) {
        int b = c.shapeRef()[0];
        int h = c.shapeRef()[1];
        NDArray dGates = NDArray.zeros(dh.dtype(), new int[] {b, 4 * h});
        NDArray dcPrev = NDArray.zeros(dh.dtype(), new int[] {b, h});
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < h; j++) {
                double i = gates.storage().get(gates.index(r, j));
                double f = gates.storage().get(gates.index(r, h + j));
                double g = gates.storage().get(gates.index(r, 2 * h + j));
                double o = gates.storage().get(gates.index(r, 3 * h + j));
                double tc = Math.tanh(cNew.storage().get(cNew.index(r, j)));
                double dhv = dh.storage().get(dh.index(r, j));
                double dTotal = dhv * o * (1 - tc * tc) + dc.storage().get(dc.index(r, j));
                dGates.storage().set(dGates.index(r, j), dTotal * g * i * (1 - i));
                dGates.storage().set(dGates.index(r, h + j), dTotal * c.storage().get(c.index(r, j)) * f * (1 - f));
                dGates.storage().set(dGates.index(r, 2 * h + j), dTotal * i * (1 - g * g));
                dGates.storage().set(dGates.index(r, 3 * h + j), dhv * tc * o * (1 - o));
                dcPrev.storage().set(dcPrev.index(r, j), dTotal * f);
            }
        }
        return new LstmCellGrads(dGates, dcPrev);
    }

    @Override
    public LayerNormOutput layerNorm(NDArray x, NDArray weight, NDArray bias, double eps) {
        int rows = x.shapeRef()[0];
        int n = x.shapeRef()[1];
        NDArray y = NDArray.zeros(x.dtype(), new int[] {rows, n});
        NDArray mean = NDArray.zeros(x.dtype(), new int[] {rows});
        NDArray rstd = NDArray.zeros(x.dtype(), new int[] {rows});
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += x.storage().get(x.index(r, j));
            }
            double mu = sum / n;
            double squares = 0;
            for (int j = 0; j < n; j++) {
                double d = x.storage().get(x.index(r, j)) - mu;
                squares += d * d;
            }
            double rs = 1 / Math.sqrt(squares / n + eps);
            for (int j = 0; j < n; j++) {
                double xhat = (x.storage().get(x.index(r, j)) - mu) * rs;
                y.storage().set(r * n + j, xhat * valueOr(weight, j, 1) + valueOr(bias, j, 0));
            }
            mean.storage().set(r, mu);
            rstd.storage().set(r, rs);
        }
        return new LayerNormOutput(y, mean, rstd);
    }

    @Override
    public LayerNormGrads layerNormBackward(NDArray g, NDArray x, NDArray mean, NDArray rstd, NDArray weight,
                                            boolean inputGrad, boolean weightGrad, boolean biasGrad) {
        int rows = x.shapeRef()[0];
        int n = x.shapeRef()[1];
        NDArray dx = inputGrad ? NDArray.zeros(g.dtype(), new int[] {rows, n}) : null;
        NDArray dw = weightGrad ? NDArray.zeros(g.dtype(), new int[] {n}) : null;
        NDArray db = biasGrad ? NDArray.zeros(g.dtype(), new int[] {n}) : null;
        for (int r = 0; r < rows; r++) {
            double mu = mean.storage().get(mean.index(r));
            double rs = rstd.storage().get(rstd.index(r));
            double[] xhat = new double[n];
            double[] gy = new double[n];
            double sumGy = 0;
            double sumGyXhat = 0;
            for (int j = 0; j < n; j++) {
                double gj = g.storage().get(g.index(r, j));
                xhat[j] = (x.storage().get(x.index(r, j)) - mu) * rs;
                gy[j] = gj * valueOr(weight, j, 1);
                sumGy += gy[j];
                sumGyXhat += gy[j] * xhat[j];
                if (dw != null) {
                    dw.storage().set(j, dw.storage().get(j) + gj * xhat[j]);
                }
                if (db != null) {
                    db.storage().set(j, db.storage().get(j) + gj);
                }
            }
            for (int j = 0; dx != null && j < n; j++) {
                dx.storage().set(r * n + j, rs * (gy[j] - sumGy / n - xhat[j] * sumGyXhat / n));
            }
        }
        return new LayerNormGrads(dx, dw, db);
    }

    @Override
    public void adamStep(NDArray p, NDArray g, NDArray m, NDArray v, NDArray vMax, AdamStep h) {
        double bc1 = h.biasCorrection1();
        double bc2 = h.biasCorrection2();
        for (int i = 0; i < p.numel(); i++) {
            int pi = p.indexOfFlat(i);
            int mi = m.indexOfFlat(i);
            int vi = v.indexOfFlat(i);
            double pv = p.storage().get(pi);
            double gv = g.storage().get(g.indexOfFlat(i));
            if (h.decoupled()) {
                pv *= 1 - h.lr() * h.weightDecay();
            } else {
                gv += h.weightDecay() * pv;
            }
            double mv = h.beta1() * m.storage().get(mi) + (1 - h.beta1()) * gv;
            double vv = h.beta2() * v.storage().get(vi) + (1 - h.beta2()) * gv * gv;
            m.storage().set(mi, mv);
            v.storage().set(vi, vv);
            if (vMax != null) {
                int xi = vMax.indexOfFlat(i);
                vv = Math.max(vMax.storage().get(xi), vv);
                vMax.storage().set(xi, vv);
            }
            p.storage().set(pi, pv - h.lr() / bc1 * mv / (Math.sqrt(vv / bc2) + h.eps()));
        }
    }

    /** {@code a[r, col] + b[r, col]}. */
    // ---- scans, sorting and scatter ---------------------------------------------------------

    @Override
    public NDArray cumulative(NDArray x, int dim, boolean product) {
        NDArray out = NDArray.zeros(x.dtype(), x.shapeRef());
        int stride = Shape.contiguousStrides(x.shapeRef())[dim];
        for (int i = 0; i < out.numel(); i++) {
            int[] idx = NDArray.unravel(i, x.shapeRef());
            int xi = x.index(idx);
            if (out.storage() instanceof Storage.Longs) { // exact beyond 2^53, wrapping like PyTorch's int64
                long v = x.storage().getLong(xi);
                long prev = idx[dim] > 0 ? out.storage().getLong(i - stride) : (product ? 1 : 0);
                out.storage().setLong(i, product ? prev * v : prev + v);
                continue;
            }
            double v = x.storage().get(xi);
            if (idx[dim] > 0) {
                double prev = out.storage().get(i - stride);
                v = product ? prev * v : prev + v;
            }
            out.storage().set(i, v);
        }
        return out;
    }

    @Override
    public NDArray argsort(NDArray x, int dim, boolean descending) {
        int[] shape = x.shapeRef();
        NDArray out = NDArray.zeros(DType.INT64, shape);
        int n = shape[dim];
        int stride = Shape.contiguousStrides(shape)[dim];
        for (int i = 0; i < out.numel(); i++) {
            int[] idx = NDArray.unravel(i, shape);
            if (idx[dim] != 0) {
                continue;
            }
            double[] row = new double[n];
            long[] rowLong = new long[n];
            java.util.List<Integer> order = new java.util.ArrayList<>();
            for (int k = 0; k < n; k++) {
                idx[dim] = k;
                row[k] = x.storage().get(x.index(idx));
                rowLong[k] = x.storage().getLong(x.index(idx));
                order.add(k);
            }
            boolean exact = x.dtype() == DType.INT64; // longs beyond 2^53 that doubles cannot tell apart
            java.util.Comparator<Integer> ascending = exact ? (p, q) -> Long.compare(rowLong[p], rowLong[q])
                    : (p, q) -> compareForSort(row[p], row[q]);
            order.sort(descending ? ascending.reversed() : ascending); // List.sort is stable
            for (int k = 0; k < n; k++) {
                out.storage().set(i + k * stride, order.get(k));
            }
        }
        return out;
    }

    /** Sorting order: numbers as usual with -0 equal to 0, every NaN equal and above all numbers. */
    private static int compareForSort(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Boolean.compare(Double.isNaN(a), Double.isNaN(b));
        }
        return a < b ? -1 : a > b ? 1 : 0;
    }

    @Override
    public NDArray scatter(NDArray x, int dim, NDArray index, NDArray src, BinaryOp reduce) {
        NDArray out = copy(x, x.dtype());
        for (int i = 0; i < index.numel(); i++) {
            int[] idx = NDArray.unravel(i, index.shapeRef());
            int si = src.index(idx);
            idx[dim] = (int) index.storage().get(index.indexOfFlat(i));
            int o = out.index(idx);
            if (reduce == null) {
                transfer(src.storage(), si, out.storage(), o);
            } else if (out.storage() instanceof Storage.Longs) {
                out.storage().setLong(o, reduce.applyLong(out.storage().getLong(o), src.storage().getLong(si)));
            } else {
                out.storage().set(o, reduce.apply(out.storage().get(o), src.storage().get(si)));
            }
        }
        return out;
    }

    private static double sum(NDArray a, NDArray b, int r, int col) {
        return a.storage().get(a.index(r, col)) + b.storage().get(b.index(r, col));
    }

    /** {@code a[j]} of a 1-D array, or {@code otherwise} when {@code a} is null. */
    private static double valueOr(NDArray a, int j, double otherwise) {
        return a == null ? otherwise : a.storage().get(a.index(j));
    }

    /** Flat index into the keep-dim output of the input element at {@code idx}. */
    /** Sum, max or min of int64 {@code x} over {@code dims} into {@code out} (shape {@code kept}), in long arithmetic. */
    private static void reduceLongs(ReduceOp op, NDArray x, int[] dims, int[] kept, Storage out) {
        long[] acc = new long[out.size()];
        java.util.Arrays.fill(acc, switch (op) {
            case SUM -> 0;
            case MAX -> Long.MIN_VALUE;
            case MIN -> Long.MAX_VALUE;
        });
        for (int i = 0; i < x.numel(); i++) {
            int o = outIndex(NDArray.unravel(i, x.shapeRef()), dims, kept);
            long v = x.storage().getLong(x.indexOfFlat(i));
            acc[o] = switch (op) {
                case SUM -> acc[o] + v;
                case MAX -> Math.max(acc[o], v);
                case MIN -> Math.min(acc[o], v);
            };
        }
        for (int o = 0; o < acc.length; o++) {
            out.setLong(o, acc[o]);
        }
    }

    /** {@code dst[di] = src[si]}, exact between int64 storages (a trip through double is not beyond 2^53). */
    private static void transfer(Storage src, int si, Storage dst, int di) {
        if (dst instanceof Storage.Longs) {
            dst.setLong(di, src.getLong(si));
        } else {
            dst.set(di, src.get(si));
        }
    }

    /** {@code dst[di] += src[si]}, in long arithmetic for an int64 {@code dst}. */
    private static void addInto(Storage src, int si, Storage dst, int di) {
        if (dst instanceof Storage.Longs) {
            dst.setLong(di, dst.getLong(di) + src.getLong(si));
        } else {
            dst.set(di, dst.get(di) + src.get(si));
        }
    }

    private static int outIndex(int[] idx, int[] dims, int[] kept) {
        int o = 0;
        for (int i = 0; i < idx.length; i++) {
            int v = idx[i];
            for (int d : dims) {
                if (d == i) {
                    v = 0;
                }
            }
            o = o * kept[i] + v;
        }
        return o;
    }

    private static int[] removeDims(int[] shape, int[] dims) {
        int n = 0;
        int[] out = new int[shape.length - dims.length];
        for (int i = 0; i < shape.length; i++) {
            boolean drop = false;
            for (int d : dims) {
                drop |= d == i;
            }
            if (!drop) {
                out[n++] = shape[i];
            }
        }
        return out;
    }

    // ---- sliding windows (RefWindows)

    @Override
    public NDArray unfold(NDArray x, Window2d g) {
        return RefWindows.unfold(x, g);
    }

    @Override
    public NDArray fold(NDArray cols, Window2d g) {
        return RefWindows.fold(cols, g);
    }

    @Override
    public MaxPoolOutput maxPool2d(NDArray x, Window2d g) {
        return RefWindows.maxPool2d(x, g);
    }

    @Override
    public NDArray maxPool2dBackward(NDArray g, NDArray indices, Window2d geometry) {
        return RefWindows.maxPool2dBackward(g, indices, geometry);
    }

    // ---- convolution (RefWindows)

    @Override
    public NDArray conv2d(NDArray x, NDArray w, NDArray b, Window2d g, int groups) {
        return RefWindows.conv2d(x, w, b, g, groups);
    }

    @Override
    public Conv2dGrads conv2dBackward(NDArray gy, NDArray x, NDArray w, Window2d g, int groups,
                                      boolean inputGrad, boolean weightGrad, boolean biasGrad) {
        return RefWindows.conv2dBackward(gy, x, w, g, groups, inputGrad, weightGrad, biasGrad);
    }
}
