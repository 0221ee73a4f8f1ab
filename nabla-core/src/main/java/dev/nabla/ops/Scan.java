package dev.nabla.ops;

import dev.nabla.autograd.GradMode;
import dev.nabla.backend.DType;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Running sums and products along one dim, and {@code prod} (the last running product). Shape:
 * the input's. Backward: cumsum {@code dx = reverse cumsum of dy}; cumprod
 * {@code dx_k = sum over j >= k of dy_j * prod over i <= j, i != k of x_i}, computed without
 * dividing by zero (PyTorch's formula: elements before the first zero divide by {@code x_k}, the
 * first zero uses the running product with itself replaced by 1, later ones get 0).
 */
public final class Scan {
    private Scan() {
    }

    /** Running sums along {@code dim}; BOOL and INT64 inputs give INT64, as in PyTorch. */
    public static Tensor cumsum(Tensor x, int dim) {
        return scan("cumsum", x, dim, false);
    }

    /** Running products along {@code dim}. */
    public static Tensor cumprod(Tensor x, int dim) {
        return scan("cumprod", x, dim, true);
    }

    /** Product of all elements, as a zero-dim tensor (1 for an empty tensor). */
    public static Tensor prod(Tensor x) {
        Tensor flat = x.reshape(-1);
        return flat.numel() == 0 ? Tensor.ones(integral(x) ? DType.INT64 : x.dtype()).to(x.backend())
                : cumprod(flat, 0).select(0, -1);
    }

    /** Product along {@code dim}, kept with size 1 when {@code keepDim}. */
    public static Tensor prod(Tensor x, int dim, boolean keepDim) {
        if (x.dim() == 0) {
            Shape.dim("prod", dim, 0);
            return prod(x);
        }
        int d = Shape.dim("prod", dim, x.dim());
        Tensor p;
        if (x.size(d) == 0) {
            int[] shape = x.shape();
            shape[d] = 1;
            p = Tensor.ones(integral(x) ? DType.INT64 : x.dtype(), shape).to(x.backend()).select(d, 0);
        } else {
            p = cumprod(x, d).select(d, -1);
        }
        return keepDim ? p.unsqueeze(d) : p;
    }

    private static boolean integral(Tensor x) {
        return !x.dtype().isFloatingPoint();
    }

    private static Tensor scan(String name, Tensor x, int dim, boolean product) {
        if (x.dim() == 0) {
            Shape.dim(name, dim, 0);
            return scan(name, x.reshape(1), 0, product).reshape();
        }
        int d = Shape.dim(name, dim, x.dim());
        Tensor in = integral(x) && x.dtype() != DType.INT64 ? x.to(DType.INT64) : x;
        var out = in.backend().cumulative(in.data(), d, product);
        Tensor y = OpSupport.result(name, out, in, g -> new Tensor[] {product
                ? cumprodBackward(in, d, g, GradMode.isEnabled() ? cumprod(in, d) : new Tensor(out, in.backend()))
                : reverseCumsum(g, d)}, in);
        return product ? OpSupport.saving(y, in.data(), out) : y; // cumsum's backward reads nothing saved
    }

    /** {@code out_k = sum over j >= k of g_j}. */
    private static Tensor reverseCumsum(Tensor g, int d) {
        return Rearrange.flip(cumsum(Rearrange.flip(g, d), d), d);
    }

    private static Tensor cumprodBackward(Tensor x, int d, Tensor g, Tensor y) {
        Tensor zero = x.eq(0);
        if (zero.to(DType.INT64).sum().item() == 0) {
            return reverseCumsum(g.mul(y), d).div(x);
        }
        Tensor seen = zero.to(DType.INT64).cumsum(d);           // zeros at or before k
        Tensor before = seen.eq(0);                               // k precedes the first zero
        Tensor first = zero.to(DType.INT64).mul(seen).eq(1);      // k is the first zero
        Tensor safe = Tensor.where(before, x, OpSupport.scalarLike(x, 1));
        Tensor lead = Tensor.where(before, reverseCumsum(g.mul(y), d).div(safe), OpSupport.scalarLike(x, 0));
        Tensor skipped = cumprod(Tensor.where(first, OpSupport.scalarLike(x, 1), x), d);
        Tensor atZero = Tensor.where(first, reverseCumsum(g.mul(skipped), d), OpSupport.scalarLike(x, 0));
        return lead.add(atZero);
    }
}
