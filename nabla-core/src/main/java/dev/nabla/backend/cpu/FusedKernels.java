package dev.nabla.backend.cpu;

import dev.nabla.backend.HeapBudget;
import dev.nabla.backend.AdamStep;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Storage;
import dev.nabla.backend.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 kernels of the fused primitives that replace chains of elementwise ops: the backward
 * of unary functions ({@code g * f'(x)} in one pass instead of three to five ops) and the Adam
 * update (one pass over the parameter and its two moments instead of about fifteen ops, each
 * allocating a parameter-sized array).
 */
final class FusedKernels {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();
    /** Elements per parallel chunk. */
    private static final int GRAIN = 1 << 15;

    private FusedKernels() {
    }

    // ---------------------------------------------------------------- unary backward

    /** See {@code Backend.unaryBackward}; all three operands float32. */
    static NDArray unaryBackward(UnaryOp op, NDArray x, NDArray y, NDArray g) {
        NDArray xc = x.isContiguous() ? x : StridedCopy.contiguous(x);
        NDArray yc = y.isContiguous() ? y : StridedCopy.contiguous(y);
        NDArray gc = g.isContiguous() ? g : StridedCopy.contiguous(g);
        float[] xd = StridedCopy.data(xc);
        float[] yd = StridedCopy.data(yc);
        float[] gd = StridedCopy.data(gc);
        int xo = xc.offset();
        int yo = yc.offset();
        int go = gc.offset();
        int n = g.numel();
        float[] out = HeapBudget.emptyFloats(n);
        Parallel.forRange(n, GRAIN, (from, to) ->
                unaryBackwardRun(op, xd, xo + from, yd, yo + from, gd, go + from, out, from, to - from));
        return new NDArray(new Storage.Floats(out), g.shapeRef().clone());
    }

    private static void unaryBackwardRun(UnaryOp op, float[] x, int xo, float[] y, int yo, float[] g, int go,
                                         float[] o, int oo, int n) {
        int ub = S.loopBound(n);
        switch (op) {
            case RELU -> reluBackward(y, yo, g, go, o, oo, ub);
            case SIGMOID -> sigmoidBackward(y, yo, g, go, o, oo, ub);
            case TANH -> tanhBackward(y, yo, g, go, o, oo, ub);
            case EXP -> expBackward(y, yo, g, go, o, oo, ub);
            case ERF -> erfBackward(x, xo, g, go, o, oo, ub);
            case GELU -> geluBackward(x, xo, g, go, o, oo, ub);
            default -> ub = 0;
        }
        for (int i = ub; i < n; i++) {
            o[oo + i] = op == UnaryOp.RELU && y[yo + i] <= 0 ? 0 // masked, as the vector loop
                    : (float) (g[go + i] * op.derivative(x[xo + i], y[yo + i]));
        }
    }

    /** {@code g * 2/sqrt(pi) * exp(-x^2)}, x^2 kept exact (see {@link VectorMath#gaussian}). */
    private static void erfBackward(float[] x, int xo, float[] g, int go, float[] o, int oo, int ub) {
        VectorMath.gaussian(x, xo, 1f, o, oo, ub);
        FloatVector twoOverSqrtPi = FloatVector.broadcast(S, (float) (2 / Math.sqrt(Math.PI)));
        for (int i = 0; i < ub; i += L) {
            FloatVector d = FloatVector.fromArray(S, o, oo + i).mul(twoOverSqrtPi);
            FloatVector.fromArray(S, g, go + i).mul(d).intoArray(o, oo + i);
        }
    }

    /**
     * {@code g * (Phi(x) + x phi(x))} (see {@link UnaryOp#GELU}), Phi as in GELU's forward kernel,
     * in blocks: the tails {@code Phi(-|x|)} into o, {@code exp(-x^2/2)} into a scratch block, then
     * the sum.
     */
    private static void geluBackward(float[] x, int xo, float[] g, int go, float[] o, int oo, int ub) {
        float[] pdf = new float[Math.min(ub, UnaryKernels.TAIL_BLOCK)];
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector norm = FloatVector.broadcast(S, (float) UnaryOp.INV_SQRT_2PI);
        for (int b = 0; b < ub; b += UnaryKernels.TAIL_BLOCK) {
            int len = Math.min(UnaryKernels.TAIL_BLOCK, ub - b);
            UnaryKernels.normalTails(x, xo + b, o, oo + b, len);
            VectorMath.gaussian(x, xo + b, 0.5f, pdf, 0, len);
            for (int i = 0; i < len; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xo + b + i);
                FloatVector tail = FloatVector.fromArray(S, o, oo + b + i);
                FloatVector cdf = tail.blend(one.sub(tail), v.compare(VectorOperators.GT, 0f));
                FloatVector p = FloatVector.fromArray(S, pdf, i).mul(norm);
                FloatVector.fromArray(S, g, go + b + i).mul(v.fma(p, cdf)).intoArray(o, oo + b + i);
            }
        }
    }

    /** {@code y <= 0 ? 0 : g} from the output {@code y} (as PyTorch's threshold_backward). */
    private static void reluBackward(float[] y, int yo, float[] g, int go, float[] o, int oo, int ub) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < ub; i += L) {
            FloatVector.fromArray(S, g, go + i).blend(zero, FloatVector.fromArray(S, y, yo + i)
                    .compare(VectorOperators.LE, 0f)).intoArray(o, oo + i);
        }
    }

    private static void sigmoidBackward(float[] y, int yo, float[] g, int go, float[] o, int oo, int ub) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < ub; i += L) {
            FloatVector yv = FloatVector.fromArray(S, y, yo + i);
            FloatVector.fromArray(S, g, go + i).mul(yv.mul(one.sub(yv))).intoArray(o, oo + i);
        }
    }

    private static void tanhBackward(float[] y, int yo, float[] g, int go, float[] o, int oo, int ub) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < ub; i += L) {
            FloatVector yv = FloatVector.fromArray(S, y, yo + i);
            FloatVector.fromArray(S, g, go + i).mul(one.sub(yv.mul(yv))).intoArray(o, oo + i);
        }
    }

    private static void expBackward(float[] y, int yo, float[] g, int go, float[] o, int oo, int ub) {
        for (int i = 0; i < ub; i += L) {
            FloatVector.fromArray(S, g, go + i).mul(FloatVector.fromArray(S, y, yo + i)).intoArray(o, oo + i);
        }
    }

    // ---------------------------------------------------------------- Adam

    /** Whether {@code adam} can run on these operands: float32, contiguous, each of p's size. */
    static boolean adamApplies(NDArray p, NDArray g, NDArray m, NDArray v, NDArray vMax) {
        return dense(p) && dense(g) && dense(m) && dense(v) && (vMax == null || dense(vMax))
                && g.numel() == p.numel() && m.numel() == p.numel() && v.numel() == p.numel()
                && (vMax == null || vMax.numel() == p.numel());
    }

    private static boolean dense(NDArray a) {
        return a.dtype() == dev.nabla.backend.DType.FLOAT32 && a.isContiguous();
    }

    /** See {@code Backend.adamStep}; operands as checked by {@link #adamApplies}. */
    static void adam(NDArray p, NDArray g, NDArray m, NDArray v, NDArray vMax, AdamStep h) {
        float[] pd = StridedCopy.data(p);
        float[] gd = StridedCopy.data(g);
        float[] md = StridedCopy.data(m);
        float[] vd = StridedCopy.data(v);
        float[] xd = vMax == null ? null : StridedCopy.data(vMax);
        int po = p.offset();
        int go = g.offset();
        int mo = m.offset();
        int vo = v.offset();
        int xo = vMax == null ? 0 : vMax.offset();
        // Several chunks per thread, handed out as threads become free: a core slowed by other
        // work takes fewer of them (the update is elementwise, so results do not change).
        int n = p.numel();
        Parallel.forChunks(n, Math.max(1, Math.min(n / GRAIN, Parallel.threads() * 4)), (from, to) ->
                adamRun(pd, po + from, gd, go + from, md, mo + from, vd, vo + from, xd, xo + from, to - from, h));
    }

    private static void adamRun(float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo,
                                float[] vMax, int xo, int n, AdamStep h) {
        float decay = h.decoupled() ? (float) (1 - h.lr() * h.weightDecay()) : 1f;
        float l2 = h.decoupled() ? 0f : (float) h.weightDecay();
        float b1 = (float) h.beta1();
        float b2 = (float) h.beta2();
        float c1 = (float) (1 - h.beta1());
        float c2 = (float) (1 - h.beta2());
        // sqrt(v / bc2) as sqrt(v) * (1 / sqrt(bc2)), PyTorch's form: one sqrt and one division
        // per element (the division and square root units, not memory, bound this loop).
        float invSqrtBc2 = (float) (1 / Math.sqrt(h.biasCorrection2()));
        float stepSize = (float) (h.lr() / h.biasCorrection1());
        float eps = (float) h.eps();
        int ub = S.loopBound(n);
        int i = 0;
        if (vMax == null) {
            for (; i < ub; i += L) {
                FloatVector pv = FloatVector.fromArray(S, p, po + i).mul(decay);
                FloatVector gv = FloatVector.fromArray(S, g, go + i);
                gv = pv.mul(l2).add(gv);
                FloatVector mv = FloatVector.fromArray(S, m, mo + i).mul(b1).add(gv.mul(c1));
                FloatVector vv = FloatVector.fromArray(S, v, vo + i).mul(b2).add(gv.mul(gv).mul(c2));
                mv.intoArray(m, mo + i);
                vv.intoArray(v, vo + i);
                FloatVector denom = vv.sqrt().fma(invSqrtBc2, eps);
                pv.sub(mv.div(denom).mul(stepSize)).intoArray(p, po + i);
            }
        }
        for (; i < n; i++) {
            float pv = p[po + i] * decay;
            float gv = g[go + i] + l2 * pv;
            float mv = b1 * m[mo + i] + c1 * gv;
            float vv = b2 * v[vo + i] + c2 * gv * gv;
            m[mo + i] = mv;
            v[vo + i] = vv;
            if (vMax != null) {
                vv = Math.max(vMax[xo + i], vv);
                vMax[xo + i] = vv;
            }
            p[po + i] = pv - mv / Math.fma((float) Math.sqrt(vv), invSqrtBc2, eps) * stepSize;
        }
    }
}
