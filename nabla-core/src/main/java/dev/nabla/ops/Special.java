package dev.nabla.ops;

import dev.nabla.backend.DType;
import dev.nabla.tensor.Tensor;

/**
 * Special functions as {@code torch.special}: {@code lgamma}, {@code digamma}, {@code erfinv},
 * {@code erfc}, {@code ndtr}, {@code ndtri}, {@code logNdtr}, {@code xlogy}, {@code xlog1py},
 * composed of the primitive ops (so they run on every backend and their gradients come from
 * those, xlogy's and xlog1py's excepted). In float64 they agree with PyTorch's to 1e-9 (lgamma
 * and erfinv 1e-12) on [-10, 50] and (-1, 1); in float32, to its precision.
 */
public final class Special {
    private Special() {
    }

    /**
     * {@code log|Gamma(x)|}: Lanczos' series (g = 7, 9 terms) for {@code x >= 0.5}, the reflection
     * {@code log(pi / |sin(pi x)|) - lgamma(1 - x)} below ({@code +inf} at 0 and the negative
     * integers); the gradient (digamma) is the series' own.
     */
    public static Tensor lgamma(Tensor input) {
        Tensor x = asFloat(input);
        Tensor reflect = x.lt(0.5);
        Tensor z = Tensor.where(reflect, x.rsub(1), x).sub(1);
        Tensor a = Tensor.fullLike(z, LANCZOS[0]);
        for (int i = 1; i < LANCZOS.length; i++) {
            a = a.add(z.add(i).reciprocal().mul(LANCZOS[i]));
        }
        Tensor t = z.add(7.5);
        Tensor series = z.add(0.5).mul(t.log()).sub(t).add(a.log()).add(0.5 * Math.log(2 * Math.PI));
        Tensor reflected = x.mul(Math.PI).sin().abs().reciprocal().mul(Math.PI).log().sub(series);
        return Tensor.where(reflect, reflected, series);
    }

    /**
     * {@code d/dx log Gamma(x)}: the asymptotic series at {@code x + 6} less {@code sum 1/(x + i)},
     * reflected as {@code digamma(1 - x) - pi / tan(pi x)} below 0.5 ({@code -inf} at 0).
     */
    public static Tensor digamma(Tensor input) {
        Tensor x = asFloat(input);
        Tensor reflect = x.lt(0.5);
        Tensor xr = Tensor.where(reflect, x.rsub(1), x);
        Tensor y = xr.add(6);
        Tensor inv2 = y.square().reciprocal();
        // log y - 1/(2y) - 1/(12 y^2) + 1/(120 y^4) - 1/(252 y^6) + 1/(240 y^8) - 1/(132 y^10)
        Tensor tail = inv2.mul(-1.0 / 132).add(1.0 / 240).mul(inv2).sub(1.0 / 252).mul(inv2).add(1.0 / 120).mul(inv2)
                .sub(1.0 / 12).mul(inv2);
        Tensor psi = y.log().sub(y.reciprocal().mul(0.5)).add(tail);
        for (int i = 0; i < 6; i++) {
            psi = psi.sub(xr.add(i).reciprocal());
        }
        return Tensor.where(reflect, psi.sub(x.mul(Math.PI).tan().reciprocal().mul(Math.PI)), psi);
    }

    /**
     * The inverse of {@code erf} on {@code (-1, 1)} ({@code ±inf} at ±1, NaN beyond): Giles'
     * single-precision polynomial, refined by two Newton steps in float64; the gradient is
     * {@code sqrt(pi) / 2 * exp(y^2)}.
     */
    public static Tensor erfinv(Tensor input) {
        Tensor x = asFloat(input);
        Tensor inside = x.abs().lt(1);
        Tensor y;
        try (var off = Tensor.noGrad()) {
            Tensor xs = Tensor.where(inside, x.detach(), 0);
            Tensor w = xs.rsub(1).mul(xs.add(1)).log().neg();
            Tensor central = polynomial(w.sub(2.5), ERFINV_CENTRAL);
            Tensor tails = polynomial(w.sqrt().sub(3), ERFINV_TAILS);
            y = Tensor.where(w.lt(5), central, tails).mul(xs);
            // Newton's steps make float64 exact; in float32, erf's rounding near ±1 would undo Giles' accuracy
            for (int step = 0; step < (x.dtype() == DType.FLOAT64 ? 2 : 0); step++) {
                y = y.sub(y.erf().sub(xs).div(y.square().neg().exp().mul(2 / Math.sqrt(Math.PI))));
            }
        }
        Tensor slope = y.square().exp().mul(Math.sqrt(Math.PI) / 2);
        Tensor value = x.sub(x.detach()).mul(slope).add(y); // y, with the exact derivative
        Tensor edge = Tensor.where(x.abs().eq(1), x.detach().mul(Double.POSITIVE_INFINITY), Double.NaN);
        return Tensor.where(inside, value, edge);
    }

    /**
     * {@code 1 - erf(x)}, precise where it is tiny: below 2 as {@code 1 - erf(x)}, from 2 on by its
     * continued fraction {@code exp(-x^2) / (sqrt(pi) (x + (1/2) / (x + (2/2) / (x + ...))))}, 60
     * terms, in float64; the gradient is {@code -2 / sqrt(pi) exp(-x^2)}.
     */
    public static Tensor erfc(Tensor input) {
        Tensor x = asFloat(input);
        Tensor near = x.erf().rsub(1); // differentiable, and exact enough below 2
        Tensor precise;
        try (var off = Tensor.noGrad()) {
            Tensor wide = x.detach().to(DType.FLOAT64);
            Tensor far = wide.clampMin(2);
            Tensor t = far;
            for (int k = 60; k > 0; k--) {
                t = far.add(t.reciprocal().mul(k / 2.0));
            }
            Tensor fraction = far.square().neg().exp().div(t.mul(Math.sqrt(Math.PI)));
            precise = Tensor.where(wide.ge(2), fraction, wide.erf().rsub(1)).to(x.dtype());
        }
        return near.sub(near.detach()).add(precise);
    }

    /**
     * The standard normal's distribution function {@code (1 + erf(x / sqrt 2)) / 2}, computed as
     * {@code erfc(-x / sqrt 2) / 2} so that the lower tail keeps its digits ({@code torch.special.ndtr}).
     */
    public static Tensor ndtr(Tensor input) {
        return asFloat(input).mul(-Math.sqrt(0.5)).erfc().mul(0.5);
    }

    /** The inverse of {@link #ndtr}: {@code sqrt 2 * erfinv(2p - 1)}, in float64 ({@code ±inf} at 0 and 1, NaN outside). */
    public static Tensor ndtri(Tensor input) {
        Tensor p = asFloat(input);
        return p.to(DType.FLOAT64).mul(2).sub(1).erfinv().mul(Math.sqrt(2)).to(p.dtype());
    }

    /**
     * {@code log(ndtr(x))}, in float64: directly down to -20, below by the asymptotic series
     * {@code -x^2/2 - log(-x) - log(2 pi)/2 + log(1 - 1/x^2 + 3/x^4 - 15/x^6 + 105/x^8)}, which
     * stays finite where {@code ndtr} underflows ({@code torch.special.log_ndtr}).
     */
    public static Tensor logNdtr(Tensor input) {
        Tensor in = asFloat(input);
        Tensor x = in.to(DType.FLOAT64);
        Tensor tail = x.lt(-20);
        Tensor near = ndtr(x.clampMin(-20)).log();
        Tensor far = x.clampMax(-20);
        Tensor inv2 = far.square().reciprocal();
        Tensor series = inv2.mul(105).sub(15).mul(inv2).add(3).mul(inv2).sub(1).mul(inv2).add(1).log();
        Tensor asymptotic = far.square().mul(-0.5).sub(far.neg().log()).sub(0.5 * Math.log(2 * Math.PI)).add(series);
        return Tensor.where(tail, asymptotic, near).to(in.dtype());
    }

    /**
     * {@code x * log(y)}, 0 where x is 0 and y is not NaN, as {@code torch.xlogy} (broadcast).
     * Gradients PyTorch's: {@code dx = xlogy(g, y)}, 0 where x is 0 and y at most 0;
     * {@code dy = g * x / y} (NaN where both are 0).
     */
    public static Tensor xlogy(Tensor x, Tensor y) {
        return xlog("xlogy", x, y, 0);
    }

    /** {@code x * log1p(y)}, as {@link #xlogy} with {@code 1 + y} for {@code y} ({@code torch.special.xlog1py}). */
    public static Tensor xlog1py(Tensor x, Tensor y) {
        return xlog("xlog1py", x, y, 1);
    }

    /** {@code x * log(shift + y)} with xlogy's zeros and gradients. */
    private static Tensor xlog(String op, Tensor x, Tensor y, double shift) {
        OpSupport.sameBackend(op, x, y);
        Tensor value;
        try (var off = Tensor.noGrad()) {
            value = xlogValue(x.detach(), y.detach(), shift);
        }
        return OpSupport.result(op, value.data(), value, g -> new Tensor[] {
            OpSupport.sumTo(xlogValue(g, y, shift).maskedFill(x.eq(0).logicalAnd(y.le(-shift)), 0), x.shape()),
            OpSupport.sumTo(g.mul(x).div(y.add(shift)), y.shape())}, x, y);
    }

    private static Tensor xlogValue(Tensor x, Tensor y, double shift) {
        Tensor zero = x.eq(0).logicalAnd(y.isNan().logicalNot());
        Tensor safe = Tensor.where(zero, 1 - shift, y);
        return Tensor.where(zero, 0, x.mul(shift == 0 ? safe.log() : safe.log1p()));
    }

    private static Tensor polynomial(Tensor w, double[] coefficients) {
        Tensor p = Tensor.fullLike(w, coefficients[0]);
        for (int i = 1; i < coefficients.length; i++) {
            p = p.mul(w).add(coefficients[i]);
        }
        return p;
    }

    private static Tensor asFloat(Tensor x) {
        return x.dtype().isFloatingPoint() ? x : x.to(x.backend().floatType());
    }

    /** Lanczos' coefficients for g = 7 (Numerical Recipes, Godfrey). */
    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
    /** Giles' erfinv polynomial in {@code w - 2.5} for {@code w = -log(1 - x^2) < 5}, highest power first. */
    private static final double[] ERFINV_CENTRAL = {2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087,
        -0.00125372503, -0.00417768164, 0.246640727, 1.50140941};
    /** The same in {@code sqrt(w) - 3} for {@code w >= 5}. */
    private static final double[] ERFINV_TAILS = {-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
        -0.0076224613, 0.00943887047, 1.00167406, 2.83297682};
}
