package dev.nabla.tensor;

/**
 * More of PyTorch's elementwise functions, composed of the primitive ops (so their gradients,
 * and gradients of gradients, come from those): powers and logarithms in other bases, hyperbolic
 * and inverse trigonometric functions, interpolation, fused multiply-adds, NaN replacement and
 * differences. Where the obvious composition loses precision ({@code expm1} near 0, {@code asin}
 * near ±1) an exact rewriting is used.
 */
public sealed interface TensorFunctions permits Tensor {

    private Tensor self() {
        return (Tensor) this;
    }

    /** {@code x * x} (integers stay integers). */
    default Tensor square() { return self().mul(self()); }

    /** {@code 2^x}. */
    default Tensor exp2() { return self().mul(Math.log(2)).exp(); }

    /**
     * {@code exp(x) - 1}, precise near 0: {@code 2 t / (1 - t)} with {@code t = tanh(x / 2)} for
     * {@code |x| < 1}, {@code exp(x) - 1} elsewhere.
     */
    default Tensor expm1() {
        Tensor x = self();
        Tensor t = x.clamp(-1, 1).mul(0.5).tanh();
        Tensor small = t.mul(2).div(t.rsub(1));
        return Tensor.where(x.abs().lt(1), small, x.exp().sub(1));
    }

    /** {@code log(x) / log(2)}. */
    default Tensor log2() { return self().log().mul(1 / Math.log(2)); }

    /** {@code log(x) / log(10)}. */
    default Tensor log10() { return self().log().mul(1 / Math.log(10)); }

    /** {@code (exp(x) - exp(-x)) / 2}, as {@code (expm1(x) - expm1(-x)) / 2} (precise near 0). */
    default Tensor sinh() { return self().expm1().sub(self().neg().expm1()).mul(0.5); }

    /** {@code (exp(x) + exp(-x)) / 2}. */
    default Tensor cosh() { return self().exp().add(self().neg().exp()).mul(0.5); }

    /** {@code sin(x) / cos(x)}. */
    default Tensor tan() { return self().sin().div(self().cos()); }

    /** {@code atan(x)}, in {@code (-pi/2, pi/2)}: {@code atan2(x, 1)}. */
    default Tensor atan() { return self().atan2(Tensor.onesLike(self())); }

    /** {@code asin(x)} for {@code |x| <= 1} (NaN outside): {@code atan2(x, sqrt((1 - x)(1 + x)))}. */
    default Tensor asin() { return self().atan2(cosine(self())); }

    /** {@code acos(x)} for {@code |x| <= 1} (NaN outside): {@code atan2(sqrt((1 - x)(1 + x)), x)}. */
    default Tensor acos() { return cosine(self()).atan2(self()); }

    /**
     * {@code asinh(x) = sign(x) log(|x| + sqrt(x^2 + 1))}, as
     * {@code log1p(|x| + x^2 / (1 + sqrt(1 + x^2)))} (precise near 0).
     */
    default Tensor asinh() {
        Tensor x = floating(self());
        Tensor sign = signOf(x);
        Tensor a = x.mul(sign); // |x|, with gradient 1 at 0
        Tensor s = a.clampMax(1e18);
        Tensor small = s.add(s.square().div(s.square().add(1).sqrt().add(1))).log1p();
        return Tensor.where(a.gt(1e18), a.clampMin(1e18).log().add(Math.log(2)), small).mul(sign);
    }

    /**
     * {@code acosh(x) = log(x + sqrt(x^2 - 1))} for {@code x >= 1} (NaN below), as
     * {@code log1p(t + sqrt(t (t + 2)))} with {@code t = x - 1}.
     */
    default Tensor acosh() {
        Tensor x = floating(self());
        Tensor t = x.sub(1).clampMax(1e18);
        return Tensor.where(x.gt(1e18), x.clampMin(1e18).log().add(Math.log(2)), t.add(t.mul(t.add(2)).sqrt()).log1p());
    }

    /** {@code atanh(x) = log((1 + x) / (1 - x)) / 2}, as {@code log1p(2x / (1 - x)) / 2}. */
    default Tensor atanh() {
        Tensor x = floating(self());
        return x.mul(2).div(x.rsub(1)).log1p().mul(0.5);
    }

    /** {@link #asin()} (NumPy's name). */
    default Tensor arcsin() { return asin(); }

    /** {@link #acos()} (NumPy's name). */
    default Tensor arccos() { return acos(); }

    /** {@link #atan()} (NumPy's name). */
    default Tensor arctan() { return atan(); }

    /** {@code atan2(this, other)} (NumPy's name). */
    default Tensor arctan2(Tensor other) { return self().atan2(other); }

    /** {@link #asinh()} (NumPy's name). */
    default Tensor arcsinh() { return asinh(); }

    /** {@link #acosh()} (NumPy's name). */
    default Tensor arccosh() { return acosh(); }

    /** {@link #atanh()} (NumPy's name). */
    default Tensor arctanh() { return atanh(); }

    /** {@code x}, or for integers and bools {@code x} in the backend's float type (as PyTorch promotes them). */
    private static Tensor floating(Tensor x) {
        return x.dtype().isFloatingPoint() ? x : x.to(x.backend().floatType());
    }

    /** 1 where the sign bit is clear, -1 where it is set (so -1 for -0). */
    private static Tensor signOf(Tensor x) {
        return x.signbit().to(x.dtype()).mul(-2).add(1);
    }

    private static Tensor cosine(Tensor x) {
        return x.rsub(1).mul(x.add(1)).sqrt();
    }

    /**
     * {@code this + weight * (end - this)}, as PyTorch computes it: from {@code end} backwards
     * ({@code end - (end - this) * (1 - weight)}) where {@code |weight| >= 0.5}.
     */
    default Tensor lerp(Tensor end, Tensor weight) {
        Tensor start = self();
        Tensor diff = end.sub(start);
        return Tensor.where(weight.abs().lt(0.5), start.add(weight.mul(diff)), end.sub(diff.mul(weight.rsub(1))));
    }

    default Tensor lerp(Tensor end, double weight) {
        Tensor diff = end.sub(self());
        return Math.abs(weight) < 0.5 ? self().add(diff.mul(weight)) : end.sub(diff.mul(1 - weight));
    }

    /** {@code this + value * t1 * t2}. */
    default Tensor addcmul(Tensor t1, Tensor t2, double value) { return self().add(t1.mul(t2).mul(value)); }

    /** {@code this + value * t1 / t2}. */
    default Tensor addcdiv(Tensor t1, Tensor t2, double value) { return self().add(t1.div(t2).mul(value)); }

    /**
     * {@code min(max(x, min), max)} with tensor bounds (broadcast; null for none), as PyTorch's:
     * the gradient goes to x where it lies within the bounds, to the bound that applies
     * elsewhere; where {@code min > max} the result is {@code max}; NaN passes.
     */
    default Tensor clamp(Tensor min, Tensor max) {
        Tensor x = self();
        Tensor y = min == null ? x : Tensor.where(x.lt(min), min, x);
        return max == null ? y : Tensor.where(y.gt(max), max, y);
    }

    /** {@link TensorMath#clamp}'s other name. */
    default Tensor clip(double min, double max) { return self().clamp(min, max); }

    /**
     * NaN, +inf and -inf replaced by {@code nan}, {@code posinf} and {@code neginf} (PyTorch's
     * defaults: 0 and the type's largest and lowest finite values); the gradient passes where x is
     * finite.
     */
    default Tensor nanToNum(double nan, double posinf, double neginf) {
        Tensor x = self();
        if (!x.dtype().isFloatingPoint()) {
            return x;
        }
        Tensor y = Tensor.where(x.ne(x), Tensor.fullLike(x, nan), x);
        y = Tensor.where(x.eq(Double.POSITIVE_INFINITY), Tensor.fullLike(x, posinf), y);
        return Tensor.where(x.eq(Double.NEGATIVE_INFINITY), Tensor.fullLike(x, neginf), y);
    }

    /** NaN to 0 and the infinities to the dtype's extreme finite values. */
    default Tensor nanToNum() {
        double max = self().dtype() == dev.nabla.backend.DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
        return nanToNum(0, max, -max);
    }

    /** Differences of neighbours along {@code dim}, {@code n} times: {@code x[i + 1] - x[i]}. */
    default Tensor diff(int n, int dim) {
        if (n < 0) {
            throw new IllegalArgumentException("diff: order must be non-negative, got " + n);
        }
        Tensor x = self();
        int d = dev.nabla.backend.Shape.dim("diff", dim, x.dim());
        for (int i = 0; i < n && x.size(d) > 0; i++) {
            int len = x.size(d) - 1;
            x = x.dtype() == dev.nabla.backend.DType.BOOL ? x.narrow(d, 1, len).ne(x.narrow(d, 0, len))
                    : x.narrow(d, 1, len).sub(x.narrow(d, 0, len));
        }
        return x;
    }

    /** First differences along the last dim. */
    default Tensor diff() { return diff(1, -1); }

    /** {@code x^exponent} in float64 ({@code torch.float_power}). */
    default Tensor floatPower(double exponent) { return self().to(dev.nabla.backend.DType.FLOAT64).pow(exponent); }

    /** {@code x^exponent} in float64, broadcast. */
    default Tensor floatPower(Tensor exponent) {
        return self().to(dev.nabla.backend.DType.FLOAT64).pow(exponent.to(dev.nabla.backend.DType.FLOAT64));
    }

    /** The trapezoid rule along {@code dim} with samples {@code dx} apart ({@code torch.trapezoid}). */
    default Tensor trapezoid(double dx, int dim) { return trapezoids(self(), null, dx, dim).sum(new int[] {dim}, false); }

    /** The trapezoid rule along {@code dim} at the points {@code x} (1-D, or shaped as this). */
    default Tensor trapezoid(Tensor x, int dim) { return trapezoids(self(), x, 1, dim).sum(new int[] {dim}, false); }

    /** The running trapezoid rule along {@code dim}, one fewer element ({@code torch.cumulative_trapezoid}). */
    default Tensor cumulativeTrapezoid(double dx, int dim) { return trapezoids(self(), null, dx, dim).cumsum(dim); }

    /** The running trapezoid rule along {@code dim} at the points {@code x}. */
    default Tensor cumulativeTrapezoid(Tensor x, int dim) { return trapezoids(self(), x, 1, dim).cumsum(dim); }

    /** The areas {@code (y[i] + y[i + 1]) / 2 * (x[i + 1] - x[i])} along {@code dim} (or {@code * dx}). */
    private static Tensor trapezoids(Tensor y, Tensor x, double dx, int dim) {
        int d = dev.nabla.backend.Shape.dim("trapezoid", dim, y.dim());
        int len = Math.max(y.size(d) - 1, 0);
        Tensor mid = y.narrow(d, 1, len).add(y.narrow(d, 0, len)).mul(0.5);
        if (x == null) {
            return mid.mul(dx);
        }
        Tensor steps;
        if (x.dim() == 1) {
            if (x.size(0) != y.size(d)) {
                throw new IllegalArgumentException("trapezoid: " + x.size(0) + " points for " + y.size(d)
                        + " samples along dim " + d);
            }
            int[] shape = new int[y.dim()];
            java.util.Arrays.fill(shape, 1);
            shape[d] = len;
            steps = x.diff().reshape(shape);
        } else {
            steps = x.diff(1, d);
        }
        return mid.mul(steps);
    }

    /**
     * {@code log(e^x + e^y)} without overflow, as {@code max(x, y) + log1p(e^-|x - y|)} (an
     * infinity met by the same infinity is kept); at {@code x = y} each side gets half the gradient.
     */
    default Tensor logaddexp(Tensor other) {
        Tensor x = self();
        Tensor general = x.maximum(other).add(x.sub(other).abs().neg().exp().log1p());
        return Tensor.where(x.eq(other).logicalAnd(x.isInf()), x, general);
    }

    /** {@code log2(2^x + 2^y)}, as {@link #logaddexp} in base 2. */
    default Tensor logaddexp2(Tensor other) {
        double ln2 = Math.log(2);
        return self().mul(ln2).logaddexp(other.mul(ln2)).div(ln2);
    }

    /**
     * {@code x * log(y)}, and 0 where {@code x = 0} unless y is NaN, with PyTorch's gradients; see
     * {@link dev.nabla.ops.Special#xlogy}.
     */
    default Tensor xlogy(Tensor other) { return dev.nabla.ops.Special.xlogy(self(), other); }

    /** {@code sqrt(x^2 + y^2)}. */
    default Tensor hypot(Tensor other) { return self().square().add(other.square()).sqrt(); }

    /** {@code log(x / (1 - x))}, as {@code log(x) - log1p(-x)}. */
    default Tensor logit() { return self().log().sub(self().neg().log1p()); }

    /** {@link #logit()} of x clamped to {@code [eps, 1 - eps]} (no gradient outside). */
    default Tensor logit(double eps) { return self().clamp(eps, 1 - eps).logit(); }

    /** The fractional part {@code x - trunc(x)} (sign of x; gradient 1). */
    default Tensor frac() { return self().sub(self().trunc()); }

    /** {@code sin(pi x) / (pi x)}, 1 at 0 (with a zero gradient there). */
    default Tensor sinc() {
        Tensor x = floating(self());
        Tensor zero = x.eq(0);
        Tensor px = Tensor.where(zero, 1, x.mul(Math.PI));
        return Tensor.where(zero, 1, px.sin().div(px));
    }

    /** {@code |x|} with the sign (bit) of {@code other}, broadcast; no gradient for {@code other}. */
    default Tensor copysign(Tensor other) {
        Tensor a = self().abs();
        return Tensor.where(other.signbit(), a.neg(), a);
    }

    /** The larger of the two, broadcast, ignoring a NaN (NaN only where both are); ties take this one's gradient. */
    default Tensor fmax(Tensor other) {
        return Tensor.where(self().ge(other).logicalOr(other.isNan()), self(), other);
    }

    /** The smaller of the two, broadcast, ignoring a NaN (NaN only where both are); ties take this one's gradient. */
    default Tensor fmin(Tensor other) {
        return Tensor.where(self().le(other).logicalOr(other.isNan()), self(), other);
    }

    /** {@code x} where {@code |x| > lambda}, else 0 (PyTorch's {@code hardshrink}). */
    default Tensor hardshrink(double lambda) {
        return Tensor.where(self().gt(lambda).logicalOr(self().lt(-lambda)), self(), 0);
    }

    /** {@link #hardshrink(double)} with lambda 0.5. */
    default Tensor hardshrink() { return hardshrink(0.5); }

    /** Degrees to radians. */
    default Tensor deg2rad() { return self().mul(Math.PI / 180); }

    /** Radians to degrees. */
    default Tensor rad2deg() { return self().mul(180 / Math.PI); }

    /** The step function: 0 below 0, 1 above, {@code values} (broadcast) at 0. */
    default Tensor heaviside(Tensor values) {
        Tensor x = self();
        return Tensor.where(x.eq(0), values, x.gt(0).to(x.dtype()));
    }

    /** {@code log|Gamma(x)|}; see {@link dev.nabla.ops.Special#lgamma}. */
    default Tensor lgamma() { return dev.nabla.ops.Special.lgamma(self()); }

    /** {@code d/dx log Gamma(x)}; see {@link dev.nabla.ops.Special#digamma}. */
    default Tensor digamma() { return dev.nabla.ops.Special.digamma(self()); }

    /** The inverse of {@code erf}; see {@link dev.nabla.ops.Special#erfinv}. */
    default Tensor erfinv() { return dev.nabla.ops.Special.erfinv(self()); }

    /** {@code 1 - erf(x)}, precise for large x; see {@link dev.nabla.ops.Special#erfc}. */
    default Tensor erfc() { return dev.nabla.ops.Special.erfc(self()); }

    /** The standard normal's distribution function; see {@link dev.nabla.ops.Special#ndtr}. */
    default Tensor ndtr() { return dev.nabla.ops.Special.ndtr(self()); }

    /** The inverse of {@link #ndtr()}; see {@link dev.nabla.ops.Special#ndtri}. */
    default Tensor ndtri() { return dev.nabla.ops.Special.ndtri(self()); }

    /** {@code log(ndtr(x))}, finite far into the lower tail; see {@link dev.nabla.ops.Special#logNdtr}. */
    default Tensor logNdtr() { return dev.nabla.ops.Special.logNdtr(self()); }

    /** {@code x * log1p(y)}, 0 where x is 0 and y is not NaN; see {@link dev.nabla.ops.Special#xlog1py}. */
    default Tensor xlog1py(Tensor other) { return dev.nabla.ops.Special.xlog1py(self(), other); }

    /** The entropy term {@code -x log x}: 0 at 0, {@code -inf} below 0, as {@code torch.special.entr}. */
    default Tensor entr() {
        Tensor x = self();
        Tensor safe = Tensor.where(x.gt(0), x, 1);
        return Tensor.where(x.lt(0), Double.NEGATIVE_INFINITY, Tensor.where(x.eq(0), 0, safe.log().mul(safe).neg()));
    }

    /** The greatest common divisor, elementwise (int64, broadcast; non-negative), as {@code torch.gcd}. */
    default Tensor gcd(Tensor other) { return dev.nabla.ops.Bitwise.gcd(self(), other); }

    /** The least common multiple, elementwise (int64, broadcast; non-negative), as {@code torch.lcm}. */
    default Tensor lcm(Tensor other) { return dev.nabla.ops.Bitwise.lcm(self(), other); }
}
