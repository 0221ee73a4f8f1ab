package dev.nabla.backend;

import static dev.nabla.backend.BinaryOp.ADD;
import static dev.nabla.backend.BinaryOp.DIV;
import static dev.nabla.backend.BinaryOp.MUL;
import static dev.nabla.backend.BinaryOp.SUB;

import java.util.Arrays;

/**
 * The fused primitives of {@link Backend} composed from its core primitives (the formulas are on
 * the {@code Backend} methods): what a new backend gets until it overrides them with one-pass
 * kernels. Burn's backend trait with default methods is the model.
 */
final class FusedDefaults {
    private FusedDefaults() {
    }

    static NDArray unaryBackward(Backend b, UnaryOp op, NDArray x, NDArray y, NDArray g) {
        return as(b, b.binary(MUL, g, derivative(b, op, x, y)), g.dtype());
    }

    /** {@code op'(x)} as an array that broadcasts to {@code x}'s shape. */
    private static NDArray derivative(Backend b, UnaryOp op, NDArray x, NDArray y) {
        Ops o = new Ops(b, x.dtype());
        return switch (op) {
            case NEG -> o.c(-1);
            case EXP -> y;
            case LOG -> o.div(o.c(1), x);
            case LOG1P -> o.div(o.c(1), o.add(x, o.c(1)));
            case SQRT -> o.div(o.c(0.5), y);
            case RSQRT -> o.mul(o.c(-0.5), o.mul(o.mul(y, y), y));
            case ABS -> b.unary(UnaryOp.SIGN, x);
            case SIGN, FLOOR, CEIL, ROUND, TRUNC -> o.c(0);
            case SIGMOID -> o.mul(y, o.oneMinus(y));
            case TANH -> o.oneMinus(o.mul(y, y));
            case RELU -> b.where(b.binary(BinaryOp.LE, y, o.c(0)), o.c(0), o.c(1));
            case ERF -> o.mul(o.c(2 / Math.sqrt(Math.PI)), o.expMinusSquare(x, 1));
            case GELU -> o.add(o.mul(o.c(0.5), o.add(o.c(1), b.unary(UnaryOp.ERF, o.mul(x, o.c(UnaryOp.INV_SQRT2))))),
                    o.mul(o.mul(x, o.expMinusSquare(x, 0.5)), o.c(UnaryOp.INV_SQRT_2PI)));
            case SIN -> b.unary(UnaryOp.COS, x);
            case COS -> b.unary(UnaryOp.NEG, b.unary(UnaryOp.SIN, x));
        };
    }

    static NDArray linear(Backend b, NDArray x, NDArray w, NDArray bias, UnaryOp activation) {
        int[] ws = w.shapeRef();
        NDArray wt = w.view(new int[] {ws[1], ws[0]}, new int[] {w.stridesRef()[1], w.stridesRef()[0]}, w.offset());
        NDArray y = b.matmul(x, wt);
        if (bias != null) {
            y = b.binary(ADD, y, bias);
        }
        return activation == null ? y : b.unary(activation, y);
    }

    static LstmCellOutput lstmCell(Backend b, NDArray inputGates, NDArray hiddenGates, NDArray c) {
        Ops o = new Ops(b, c.dtype());
        NDArray z = b.binary(ADD, inputGates, hiddenGates);
        NDArray i = b.unary(UnaryOp.SIGMOID, block(z, 0));
        NDArray f = b.unary(UnaryOp.SIGMOID, block(z, 1));
        NDArray g = b.unary(UnaryOp.TANH, block(z, 2));
        NDArray og = b.unary(UnaryOp.SIGMOID, block(z, 3));
        NDArray cNew = o.add(o.mul(f, c), o.mul(i, g));
        NDArray h = o.mul(og, b.unary(UnaryOp.TANH, cNew));
        int[] bh = c.shapeRef();
        NDArray hc = b.zeros(c.dtype(), new int[] {2, bh[0], bh[1]});
        b.assign(hc.view(bh.clone(), new int[] {bh[1], 1}, 0), h);
        b.assign(hc.view(bh.clone(), new int[] {bh[1], 1}, bh[0] * bh[1]), cNew);
        return new LstmCellOutput(hc, stackBlocks(b, c.dtype(), i, f, g, og));
    }

    static LstmCellGrads lstmCellBackward(Backend b, NDArray dh, NDArray dc, NDArray c, NDArray cNew, NDArray gates) {
        Ops o = new Ops(b, dh.dtype());
        NDArray i = block(gates, 0);
        NDArray f = block(gates, 1);
        NDArray g = block(gates, 2);
        NDArray og = block(gates, 3);
        NDArray tc = b.unary(UnaryOp.TANH, cNew);
        NDArray total = o.add(o.mul(o.mul(dh, og), o.oneMinus(o.mul(tc, tc))), dc);
        NDArray di = o.mul(o.mul(total, g), o.mul(i, o.oneMinus(i)));
        NDArray df = o.mul(o.mul(total, c), o.mul(f, o.oneMinus(f)));
        NDArray dg = o.mul(o.mul(total, i), o.oneMinus(o.mul(g, g)));
        NDArray dout = o.mul(o.mul(dh, tc), o.mul(og, o.oneMinus(og)));
        return new LstmCellGrads(stackBlocks(b, dh.dtype(), di, df, dg, dout), as(b, o.mul(total, f), dh.dtype()));
    }

    static LstmSequenceOutput lstmSequence(Backend b, NDArray xProj, NDArray w, NDArray bias, NDArray h0, NDArray c0) {
        int steps = xProj.shapeRef()[0];
        int[] bh = h0.shapeRef();
        NDArray states = b.zeros(h0.dtype(), new int[] {2, steps + 1, bh[0], bh[1]});
        NDArray gates = b.zeros(h0.dtype(), new int[] {steps, bh[0], 4 * bh[1]});
        b.assign(at(states, 0, 0), h0);
        b.assign(at(states, 1, 0), c0);
        for (int t = 0; t < steps; t++) {
            NDArray hidden = linear(b, at(states, 0, t), w, bias, null);
            LstmCellOutput cell = b.lstmCell(at(xProj, t), hidden, at(states, 1, t));
            b.assign(at(states, 0, t + 1), at(cell.hc(), 0));
            b.assign(at(states, 1, t + 1), at(cell.hc(), 1));
            b.assign(at(gates, t), cell.gates());
        }
        return new LstmSequenceOutput(states, gates);
    }

    static LstmSequenceGrads lstmSequenceBackward(Backend b, NDArray g, NDArray w, boolean bias, NDArray states,
                                                  NDArray gates) {
        int[] gs = gates.shapeRef();
        int h = gs[2] / 4;
        NDArray dz = b.zeros(gates.dtype(), gs.clone());
        NDArray dh = at(g, 0, gs[0]);
        NDArray dc = at(g, 1, gs[0]);
        for (int t = gs[0] - 1; t >= 0; t--) {
            LstmCellGrads d = b.lstmCellBackward(dh, dc, at(states, 1, t), at(states, 1, t + 1), at(gates, t));
            b.assign(at(dz, t), d.dGates());
            dh = b.binary(ADD, at(g, 0, t), b.matmul(d.dGates(), w));
            dc = b.binary(ADD, at(g, 1, t), d.dc());
        }
        NDArray dzRows = reshape(dz, gs[0] * gs[1], gs[2]);
        NDArray dzT = dzRows.view(new int[] {gs[2], gs[0] * gs[1]}, new int[] {1, gs[2]}, dzRows.offset());
        NDArray hs = states.view(new int[] {gs[0] * gs[1], h}, new int[] {h, 1}, states.offset());
        NDArray db = bias ? b.reduce(ReduceOp.SUM, dzRows, new int[] {0}, false) : null;
        return new LstmSequenceGrads(dz, b.matmul(dzT, hs), db, dh, dc);
    }

    /** {@code a[idx[0]][idx[1]]...}, a view. */
    private static NDArray at(NDArray a, int... idx) {
        int k = idx.length;
        int[] sh = a.shapeRef();
        int[] st = a.stridesRef();
        int offset = a.offset();
        for (int d = 0; d < k; d++) {
            offset += idx[d] * st[d];
        }
        return a.view(Arrays.copyOfRange(sh, k, sh.length), Arrays.copyOfRange(st, k, st.length), offset);
    }

    /** Gate block {@code k} ({@code [B, H]}) of a {@code [B, 4H]} array, a view. */
    private static NDArray block(NDArray z, int k) {
        int h = z.shapeRef()[1] / 4;
        return z.view(new int[] {z.shapeRef()[0], h}, new int[] {z.stridesRef()[0], z.stridesRef()[1]},
                z.offset() + k * h * z.stridesRef()[1]);
    }

    /** The four {@code [B, H]} blocks side by side in a new {@code [B, 4H]} array. */
    private static NDArray stackBlocks(Backend b, DType dtype, NDArray... blocks) {
        int[] bh = blocks[0].shapeRef();
        NDArray out = b.zeros(dtype, new int[] {bh[0], 4 * bh[1]});
        for (int k = 0; k < 4; k++) {
            b.assign(block(out, k), blocks[k]);
        }
        return out;
    }

    static LayerNormOutput layerNorm(Backend b, NDArray x, NDArray weight, NDArray bias, double eps) {
        Ops o = new Ops(b, x.dtype());
        int rows = x.shapeRef()[0];
        double n = x.shapeRef()[1];
        NDArray mean = o.div(b.reduce(ReduceOp.SUM, x, new int[] {1}, true), o.c(n));
        NDArray xc = o.sub(x, mean);
        NDArray var = o.div(b.reduce(ReduceOp.SUM, o.mul(xc, xc), new int[] {1}, true), o.c(n));
        NDArray rstd = b.unary(UnaryOp.RSQRT, o.add(var, o.c(eps)));
        NDArray y = o.mul(xc, rstd);
        y = weight == null ? y : o.mul(y, weight);
        y = bias == null ? y : o.add(y, bias);
        return new LayerNormOutput(as(b, y, x.dtype()), column(mean, rows), column(rstd, rows));
    }

    static LayerNormGrads layerNormBackward(Backend b, NDArray g, NDArray x, NDArray mean, NDArray rstd,
                                            NDArray weight, boolean inputGrad, boolean weightGrad, boolean biasGrad) {
        Ops o = new Ops(b, g.dtype());
        int rows = x.shapeRef()[0];
        int[] col = {rows, 1};
        NDArray rs = rstd.view(col, new int[] {rstd.stridesRef()[0], 1}, rstd.offset());
        NDArray xhat = o.mul(o.sub(x, mean.view(col, new int[] {mean.stridesRef()[0], 1}, mean.offset())), rs);
        NDArray dx = null;
        if (inputGrad) {
            NDArray gy = weight == null ? g : o.mul(g, weight);
            NDArray n = o.c(x.shapeRef()[1]);
            NDArray meanGy = o.div(b.reduce(ReduceOp.SUM, gy, new int[] {1}, true), n);
            NDArray meanGyXhat = o.div(b.reduce(ReduceOp.SUM, o.mul(gy, xhat), new int[] {1}, true), n);
            dx = as(b, o.mul(rs, o.sub(o.sub(gy, meanGy), o.mul(xhat, meanGyXhat))), g.dtype());
        }
        NDArray dw = weightGrad ? as(b, b.reduce(ReduceOp.SUM, o.mul(g, xhat), new int[] {0}, false), g.dtype()) : null;
        NDArray db = biasGrad ? as(b, b.reduce(ReduceOp.SUM, g, new int[] {0}, false), g.dtype()) : null;
        return new LayerNormGrads(dx, dw, db);
    }

    /** A {@code [rows, 1]} contiguous array as {@code [rows]}. */
    private static NDArray column(NDArray a, int rows) {
        return a.view(new int[] {rows}, new int[] {1}, a.offset());
    }

    static AttentionOutput attention(Backend b, NDArray q, NDArray k, NDArray v, boolean causal, double scale) {
        Ops o = new Ops(b, q.dtype());
        int[] last = {q.shapeRef().length - 1};
        NDArray s = scores(b, o, q, k, causal, scale);
        NDArray m = b.reduce(ReduceOp.MAX, s, last, true);
        NDArray lse = o.add(m, b.unary(UnaryOp.LOG, b.reduce(ReduceOp.SUM, b.unary(UnaryOp.EXP, o.sub(s, m)), last, true)));
        NDArray out = b.matmul(b.unary(UnaryOp.EXP, o.sub(s, lse)), v);
        int[] qs = q.shapeRef();
        int[] lseShape = java.util.Arrays.copyOf(qs, qs.length - 1);
        return new AttentionOutput(out, lse.view(lseShape, Shape.contiguousStrides(lseShape), lse.offset()));
    }

    static AttentionGrads attentionBackward(Backend b, NDArray g, NDArray q, NDArray k, NDArray v, NDArray out,
                                            NDArray lse, boolean causal, double scale) {
        Ops o = new Ops(b, q.dtype());
        int rank = q.shapeRef().length;
        int[] ls = lse.shapeRef();
        int[] column = java.util.Arrays.copyOf(ls, rank);
        column[rank - 1] = 1;
        int[] columnStrides = java.util.Arrays.copyOf(lse.stridesRef(), rank);
        NDArray p = b.unary(UnaryOp.EXP, o.sub(scores(b, o, q, k, causal, scale), lse.view(column, columnStrides,
                lse.offset())));
        NDArray dv = b.matmul(transposed(p), g);
        NDArray delta = b.reduce(ReduceOp.SUM, o.mul(g, out), new int[] {rank - 1}, true);
        NDArray ds = o.mul(o.mul(p, o.sub(b.matmul(g, transposed(v)), delta)), o.c(scale));
        return new AttentionGrads(b.matmul(ds, k), b.matmul(transposed(ds), q), dv);
    }

    /** {@code scale * q k^T} ({@code [..., Lq, Lk]}), minus infinity where causal masking hides a key. */
    private static NDArray scores(Backend b, Ops o, NDArray q, NDArray k, boolean causal, double scale) {
        NDArray s = o.mul(b.matmul(q, transposed(k)), o.c(scale));
        if (!causal) {
            return s;
        }
        int lq = q.shapeRef()[q.shapeRef().length - 2];
        int lk = k.shapeRef()[k.shapeRef().length - 2];
        boolean[] visible = new boolean[lq * lk];
        for (int i = 0; i < lq; i++) {
            for (int j = 0; j <= i && j < lk; j++) {
                visible[i * lk + j] = true;
            }
        }
        return b.where(b.upload(visible, new int[] {lq, lk}), s, o.c(Double.NEGATIVE_INFINITY));
    }

    /** The last two dims swapped, a view. */
    private static NDArray transposed(NDArray a) {
        int[] sh = a.shapeRef().clone();
        int[] st = a.stridesRef().clone();
        int n = sh.length;
        int t = sh[n - 1];
        sh[n - 1] = sh[n - 2];
        sh[n - 2] = t;
        t = st[n - 1];
        st[n - 1] = st[n - 2];
        st[n - 2] = t;
        return a.view(sh, st, a.offset());
    }

    static void adamStep(Backend b, NDArray p, NDArray g, NDArray m, NDArray v, NDArray vMax, AdamStep h) {
        Ops o = new Ops(b, p.dtype());
        if (h.decoupled() && h.weightDecay() != 0) {
            b.assign(p, o.mul(p, o.c(1 - h.lr() * h.weightDecay())));
        } else if (!h.decoupled() && h.weightDecay() != 0) {
            g = o.add(g, o.mul(o.c(h.weightDecay()), p));
        }
        b.assign(m, o.add(o.mul(o.c(h.beta1()), m), o.mul(o.c(1 - h.beta1()), g)));
        b.assign(v, o.add(o.mul(o.c(h.beta2()), v), o.mul(o.c(1 - h.beta2()), o.mul(g, g))));
        NDArray vv = v;
        if (vMax != null) {
            b.assign(vMax, b.binary(BinaryOp.MAXIMUM, vMax, v));
            vv = vMax;
        }
        NDArray denom = o.add(b.unary(UnaryOp.SQRT, o.div(vv, o.c(h.biasCorrection2()))), o.c(h.eps()));
        b.assign(p, o.sub(p, o.div(o.mul(o.c(h.lr() / h.biasCorrection1()), m), denom)));
    }

    /** conv2d as one batched product per group: {@code y[n, g] = w[g] @ unfold(x)[n, g]}, plus the bias. */
    static NDArray conv2d(Backend b, NDArray x, NDArray w, NDArray bias, Window2d g, int groups) {
        int n = x.shapeRef()[0];
        int out = w.shapeRef()[0];
        NDArray y = b.matmul(groupedWeight(b, w, g, groups, n, false), groupedColumns(b.unfold(x, g), groups, n));
        y = reshape(y, n, out, g.oh(), g.ow());
        return bias == null ? y : b.binary(ADD, y, bias.view(new int[] {out, 1, 1}, new int[] {bias.stridesRef()[0], 0, 0}, bias.offset()));
    }

    /** {@code dx = fold(w[g]^T @ gy[n, g])}, {@code dw = sum_n gy[n, g] @ unfold(x)[n, g]^T}, {@code db = sum gy}. */
    static Conv2dGrads conv2dBackward(Backend b, NDArray gy, NDArray x, NDArray w, Window2d g, int groups,
                                      boolean inputGrad, boolean weightGrad, boolean biasGrad) {
        int n = x.shapeRef()[0];
        int out = w.shapeRef()[0];
        NDArray gyg = reshape(b.copy(gy, gy.dtype()), n, groups, out / groups, g.windows());
        NDArray dx = null;
        if (inputGrad) {
            NDArray dcols = b.matmul(groupedWeight(b, w, g, groups, n, true), gyg);
            dx = b.fold(reshape(dcols, n, x.shapeRef()[1] * g.kernelSize(), g.windows()), g);
        }
        NDArray dw = null;
        if (weightGrad) {
            NDArray cols = groupedColumns(b.unfold(x, g), groups, n);
            int[] cs = cols.shapeRef();
            int[] st = cols.stridesRef();
            NDArray colsT = cols.view(new int[] {cs[0], cs[1], cs[3], cs[2]}, new int[] {st[0], st[1], st[3], st[2]}, cols.offset());
            NDArray perImage = b.reduce(ReduceOp.SUM, b.matmul(gyg, colsT), new int[] {0}, false);
            dw = reshape(perImage, w.shapeRef().clone());
        }
        NDArray db = biasGrad ? b.reduce(ReduceOp.SUM, gy, new int[] {0, 2, 3}, false) : null;
        return new Conv2dGrads(dx, dw, db);
    }

    /** {@code w [O, C/groups, kh, kw]} as {@code [n, groups, O/groups, C/groups*kh*kw]} (transposed: last two swapped), n broadcast. */
    private static NDArray groupedWeight(Backend b, NDArray w, Window2d g, int groups, int n, boolean transposed) {
        NDArray wc = b.copy(w, w.dtype());
        int og = w.shapeRef()[0] / groups;
        int rows = w.shapeRef()[1] * g.kernelSize();
        return transposed
                ? wc.view(new int[] {n, groups, rows, og}, new int[] {0, og * rows, 1, rows}, wc.offset())
                : wc.view(new int[] {n, groups, og, rows}, new int[] {0, og * rows, rows, 1}, wc.offset());
    }

    /** {@code unfold(x) [n, C*kh*kw, L]} (contiguous) as {@code [n, groups, C/groups*kh*kw, L]}. */
    private static NDArray groupedColumns(NDArray cols, int groups, int n) {
        return reshape(cols, n, groups, cols.shapeRef()[1] / groups, cols.shapeRef()[2]);
    }

    /** A contiguous array seen with another shape of the same size. */
    private static NDArray reshape(NDArray a, int... shape) {
        return a.view(shape, Shape.contiguousStrides(shape), a.offset());
    }

    /** {@code a} converted to {@code dtype} if it has another type. */
    private static NDArray as(Backend b, NDArray a, DType dtype) {
        return a.dtype() == dtype ? a : b.copy(a, dtype);
    }

    /** Arithmetic shorthands on a backend, with scalar constants of one dtype. */
    private record Ops(Backend b, DType dtype) {
        NDArray c(double v) { return b.full(dtype, new int[0], v); }
        NDArray add(NDArray x, NDArray y) { return b.binary(ADD, x, y); }
        NDArray sub(NDArray x, NDArray y) { return b.binary(SUB, x, y); }
        NDArray mul(NDArray x, NDArray y) { return b.binary(MUL, x, y); }
        NDArray div(NDArray x, NDArray y) { return b.binary(DIV, x, y); }
        NDArray oneMinus(NDArray x) { return sub(c(1), x); }

        /** {@code exp(-k x^2)}. */
        NDArray expMinusSquare(NDArray x, double k) { return b.unary(UnaryOp.EXP, mul(c(-k), mul(x, x))); }
    }
}
