package dev.nabla.ops;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.DType;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writing by index: {@code scatter} (PyTorch's {@code Tensor.scatter}, with {@code reduce}) and
 * {@code indexPut} (advanced-index assignment {@code x[i0, i1, ...] = values}, optionally
 * accumulating). Backward of scatter: {@code dx = dy} with the written positions zeroed,
 * {@code dsrc = dy.gather(dim, index)}.
 */
public final class Scatter {
    private Scatter() {
    }

    /**
     * A copy of {@code x} with {@code out[i][index[i][j]] = src[i][j]} for {@code dim = 1} (likewise
     * for any dim). {@code reduce} is null, {@code "add"} or {@code "multiply"} (then the written
     * elements are added or multiplied in). Shape: {@code index} has {@code x}'s rank, no larger
     * than {@code src} in any dim nor than {@code x} off {@code dim}; only {@code src}'s
     * index-shaped corner is read.
     */
    public static Tensor scatter(Tensor x, int dim, Tensor index, Tensor src, String reduce) {
        int d = Shape.dim("scatter", dim, Math.max(x.dim(), 1));
        OpSupport.sameBackend("scatter", x, src);
        if (src.dtype() != x.dtype()) {
            throw new IllegalArgumentException("scatter: expected self and src to have the same dtype, got "
                    + x.dtype().shortName() + " and " + src.dtype().shortName());
        }
        Tensor part = corner("scatter", src, index);
        Indexing.checkCompatible("scatter", x, d, index);
        if (reduce == null || reduce.equals("none")) {
            Tensor s = part;
            var out = x.backend().scatter(x.data(), d, index.data(), s.data(), null);
            return OpSupport.saving(OpSupport.result("scatter", out, x, g -> new Tensor[] {
                x.requiresGrad() ? scatter(g, d, index, OpSupport.scalarLike(g, 0)) : null,
                s.requiresGrad() ? g.gather(d, index) : null}, x, s), index.data());
        }
        return switch (reduce) {
            case "add" -> x.scatterAdd(d, index, part);
            case "multiply" -> {
                var out = x.backend().scatter(x.data(), d, index.data(), part.data(), BinaryOp.MUL);
                yield OpSupport.result("scatter_multiply", out, x, g -> {
                    throw new UnsupportedOperationException(
                            "scatter: the derivative of reduce='multiply' is not implemented (as in PyTorch)");
                }, x, part);
            }
            default -> throw new IllegalArgumentException("scatter: reduce must be 'add' or 'multiply', got '"
                    + reduce + "'");
        };
    }

    /** The index-shaped corner of {@code src} that a scatter reads; refused when {@code index} does not fit in it. */
    static Tensor corner(String op, Tensor src, Tensor index) {
        int[] is = index.data().shapeRef();
        int[] ss = src.data().shapeRef();
        if (ss.length != is.length) {
            throw new IllegalArgumentException(op + ": index " + Shape.str(is) + " and src " + Shape.str(ss)
                    + " must have the same number of dims");
        }
        Tensor part = src;
        for (int k = 0; k < is.length; k++) {
            if (is[k] > ss[k]) {
                throw new IllegalArgumentException(op + ": index shape " + Shape.str(is) + " exceeds src shape "
                        + Shape.str(ss) + " at dim " + k);
            }
            part = is[k] < ss[k] ? part.narrow(k, 0, is[k]) : part;
        }
        return part;
    }

    /** {@link #scatter(Tensor, int, Tensor, Tensor, String)} writing the number {@code value} (a zero-dim {@code src}). */
    public static Tensor scatter(Tensor x, int dim, Tensor index, Tensor value) {
        Tensor v = value.dtype() == x.dtype() ? value : value.to(x.dtype());
        return scatter(x, dim, index, v.expand(index.shape()), null);
    }

    /**
     * {@code x[indices[0], indices[1], ...] = values} on a copy ({@code torch.Tensor.index_put}):
     * the INT64 index tensors (negative counting from the end) are broadcast together to a shape
     * {@code B} and address the first {@code indices.length} dims; a BOOL mask stands for the
     * indices of its true elements over as many dims as it has. {@code values} is broadcast to
     * {@code [B..., remaining dims of x]}; with {@code accumulate} they are added (duplicates sum),
     * else written (for duplicates the last wins).
     */
    public static Tensor indexPut(Tensor x, Tensor[] indices, Tensor values, boolean accumulate) {
        OpSupport.sameBackend("indexPut", x, values);
        List<Tensor> idx = new ArrayList<>();
        for (Tensor t : indices) {
            if (t.dtype() == DType.BOOL) {
                idx.addAll(nonzero(t));
            } else if (t.dtype() == DType.INT64) {
                idx.add(t);
            } else {
                throw new IllegalArgumentException("indexPut: indices must be int64 or bool tensors, got "
                        + t.dtype().shortName());
            }
        }
        int k = idx.size();
        int[] xs = x.shape();
        if (k == 0 || k > xs.length) {
            throw new IllegalArgumentException("indexPut: " + k + " index tensors for a tensor of shape " + Shape.str(xs));
        }
        int[] b = idx.get(0).shape();
        for (Tensor t : idx) {
            b = Shape.broadcast("indexPut", b, t.shape());
        }
        Tensor lin = null;
        int stride = 1;
        for (int i = k - 1; i >= 0; i--) {
            Tensor t = idx.get(i).to(x.backend());
            checkRange(t, xs[i], i);
            Tensor wrapped = Tensor.where(t.lt(0), t.add(xs[i]), t);
            Tensor term = wrapped.mul(stride);
            lin = lin == null ? term : term.add(lin);
            stride *= xs[i];
        }
        int[] rest = Arrays.copyOfRange(xs, k, xs.length);
        int n = Shape.numel(b);
        int[] flatShape = concat(new int[] {stride}, rest);
        int[] rows = concat(new int[] {n}, rest);
        Tensor v = values.dtype() == x.dtype() ? values : values.to(x.dtype());
        v = v.expand(concat(b, rest)).reshape(rows);
        int[] unit = new int[rows.length];
        Arrays.fill(unit, 1);
        unit[0] = n;
        Tensor where = lin.expand(b).reshape(unit).expand(rows);
        Tensor flat = x.reshape(flatShape);
        Tensor out = accumulate ? flat.scatterAdd(0, where, v) : scatter(flat, 0, where, v, null);
        return out.reshape(xs);
    }

    private static void checkRange(Tensor index, int size, int dim) {
        for (long v : index.toLongArray()) {
            if (v < -size || v >= size) {
                throw new IndexOutOfBoundsException("indexPut: index " + v + " is out of bounds for dimension " + dim
                        + " with size " + size);
            }
        }
    }

    /** The coordinates of the true elements of {@code mask}, one 1-D INT64 tensor per dim. */
    private static List<Tensor> nonzero(Tensor mask) {
        boolean[] m = mask.toBooleanArray();
        int[] shape = mask.shape();
        int count = 0;
        for (boolean v : m) {
            count += v ? 1 : 0;
        }
        long[][] coords = new long[shape.length][count];
        for (int i = 0, j = 0; i < m.length; i++) {
            if (m[i]) {
                int[] at = dev.nabla.backend.NDArray.unravel(i, shape);
                for (int d = 0; d < shape.length; d++) {
                    coords[d][j] = at[d];
                }
                j++;
            }
        }
        List<Tensor> out = new ArrayList<>();
        for (long[] c : coords) {
            out.add(Tensor.of(c, count).to(mask.backend()));
        }
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
