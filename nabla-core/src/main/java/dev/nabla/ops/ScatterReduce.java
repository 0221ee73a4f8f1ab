package dev.nabla.ops;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;

/**
 * {@code torch.Tensor.scatter_reduce}: a copy of {@code x} where each position that {@code index}
 * names along {@code dim} becomes the reduction ({@code "sum"}, {@code "prod"}, {@code "mean"},
 * {@code "amax"}, {@code "amin"}) of the {@code src} values sent to it, with the position's own
 * value when {@code includeSelf}. Gradients are PyTorch's: for amax/amin shared evenly among the
 * values equal to the result (a position's own value counted even when left out, as PyTorch
 * does); for prod the product of the others (exact where values are zero).
 */
public final class ScatterReduce {
    private ScatterReduce() {
    }

    /** See the class comment; {@code index} has {@code x}'s rank, {@code src} is read in its index-shaped corner. */
    public static Tensor apply(Tensor x, int dim, Tensor index, Tensor src, String reduce, boolean includeSelf) {
        int d = Shape.dim("scatterReduce", dim, Math.max(x.dim(), 1));
        OpSupport.sameBackend("scatterReduce", x, src);
        if (src.dtype() != x.dtype()) {
            throw new IllegalArgumentException("scatterReduce: expected self and src to have the same dtype, got "
                    + x.dtype().shortName() + " and " + src.dtype().shortName());
        }
        Tensor s = Scatter.corner("scatterReduce", src, index);
        Indexing.checkCompatible("scatterReduce", x, d, index);
        Tensor count = Tensor.zerosLike(x).scatterAdd(d, index, x.newOnes(index.shape()));
        Tensor touched = count.gt(0);
        return switch (reduce) {
            case "sum" -> base(x, touched, 0, includeSelf).scatterAdd(d, index, s);
            case "mean" -> mean(x, d, index, s, count, touched, includeSelf);
            case "prod" -> prod(x, d, index, s, touched, includeSelf);
            case "amax", "amin" -> extreme(x, d, index, s, touched, includeSelf, reduce);
            default -> throw new IllegalArgumentException("scatterReduce: reduce must be one of sum, prod, mean, amax, amin, got '"
                    + reduce + "'");
        };
    }

    private static Tensor mean(Tensor x, int d, Tensor index, Tensor s, Tensor count, Tensor touched, boolean includeSelf) {
        Tensor sum = base(x, touched, 0, includeSelf).scatterAdd(d, index, s);
        Tensor n = includeSelf ? count.add(1) : Tensor.where(touched, count, 1);
        return x.dtype().isFloatingPoint() ? sum.div(n) : sum.floorDivide(n);
    }

    /**
     * Products; the gradient of each factor is the product of the others at its position, taken
     * with that factor set to 1 when it is the position's only zero (else {@code result / factor}).
     */
    private static Tensor prod(Tensor x, int d, Tensor index, Tensor s, Tensor touched, boolean includeSelf) {
        Tensor b = base(x, touched, 1, includeSelf);
        var out = x.backend().scatter(b.data(), d, index.data(), s.data(), BinaryOp.MUL);
        return OpSupport.saving(OpSupport.result("scatterReduce_prod", out, x, g -> {
            Tensor result = new Tensor(out, x.backend());
            Tensor bx = x.detach();
            Tensor sx = s.detach();
            Tensor ownSelf = reduceProd(base(bx.maskedFill(bx.eq(0), 1), touched, 1, includeSelf), d, index, sx);
            Tensor gx = g.mul(ownSelf).div(bx.maskedFill(bx.eq(0), 1));
            Tensor srcZero = sx.eq(0);
            Tensor zeros = Tensor.zerosLike(bx).scatterAdd(d, index, srcZero.to(x.dtype())).gather(d, index);
            Tensor single = srcZero.logicalAnd(zeros.eq(1));
            Tensor withoutZero = reduceProd(base(bx, touched, 1, includeSelf), d, index, sx.maskedFill(single, 1));
            Tensor gs = Tensor.where(single, g.mul(withoutZero).gather(d, index),
                    g.mul(result).gather(d, index).div(sx.maskedFill(srcZero, 1)));
            return new Tensor[] {includeSelf ? gx : gx.maskedFill(touched, 0), gs};
        }, x, s), out);
    }

    /** amax/amin; the gradient goes in equal shares to the self and src values that equal the result. */
    private static Tensor extreme(Tensor x, int d, Tensor index, Tensor s, Tensor touched, boolean includeSelf, String reduce) {
        boolean max = reduce.equals("amax");
        Tensor b = base(x, touched, max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, includeSelf);
        var out = x.backend().scatter(b.data(), d, index.data(), s.data(), max ? BinaryOp.MAXIMUM : BinaryOp.MINIMUM);
        return OpSupport.saving(OpSupport.result("scatterReduce_" + reduce, out, x, g -> {
            Tensor result = new Tensor(out, x.backend());
            Tensor selfIs = x.detach().eq(result); // counted in the shares even when left out, as PyTorch
            Tensor srcIs = s.detach().eq(result.gather(d, index));
            Tensor shares = selfIs.to(g.dtype()).scatterAdd(d, index, srcIs.to(g.dtype()));
            Tensor each = g.div(shares);
            Tensor gx = Tensor.where(selfIs, each, 0);
            return new Tensor[] {includeSelf ? gx : gx.maskedFill(touched, 0), Tensor.where(srcIs, each.gather(d, index), 0)};
        }, x, s), out);
    }

    private static Tensor reduceProd(Tensor b, int d, Tensor index, Tensor s) {
        return b.scatter(d, index, s, "multiply");
    }

    /** {@code x}, or {@code fill} at the touched positions when self is left out. */
    private static Tensor base(Tensor x, Tensor touched, double fill, boolean includeSelf) {
        if (includeSelf) {
            return x;
        }
        double f = x.dtype().isFloatingPoint() || Double.isFinite(fill) ? fill : fill > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        return x.maskedFill(touched, f);
    }
}
