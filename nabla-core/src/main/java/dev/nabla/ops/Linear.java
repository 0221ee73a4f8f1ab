package dev.nabla.ops;

import dev.nabla.backend.Backend;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.Shape;
import dev.nabla.backend.UnaryOp;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A fully connected layer as one op, {@code y = x W^T + b} ({@code torch.nn.functional.linear}):
 * one backend call instead of a transpose view, a matrix product and a broadcast addition, and
 * one graph node whose backward needs no copies of transposed operands.
 *
 * <p>Shape: {@code x [*, in]}, {@code weight [out, in]}, {@code bias [out]} (or null); result
 * {@code [*, out]}. Backward, with {@code x} and {@code g} viewed as matrices {@code [N, in]} and
 * {@code [N, out]}: {@code dx = g W}, {@code dW = g^T x}, {@code db = sum of g over its rows}.
 *
 * <p>With an activation, {@code y = act(x W^T + b)} is still one op (bias and activation fused
 * into the product's output); the activation must be one whose derivative follows from its
 * output ({@link #FUSIBLE}), so the backward starts from {@code g * act'(y)} and no
 * pre-activation tensor is kept.
 */
public final class Linear {
    private Linear() {
    }

    /** The activations {@link #apply(Tensor, Tensor, Tensor, UnaryOp)} fuses. */
    public static final Set<UnaryOp> FUSIBLE = Collections.unmodifiableSet(EnumSet.of(UnaryOp.RELU, UnaryOp.SIGMOID, UnaryOp.TANH));
    /** The op's name in graphs for each fused activation ({@code linear_relu}, ...). */
    private static final Map<UnaryOp, String> NAMES = FUSIBLE.stream().collect(Collectors.toMap(a -> a,
            a -> "linear_" + a.label(), (a, b) -> a, () -> new EnumMap<>(UnaryOp.class)));

    /** {@code x W^T + b}. */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias) {
        return apply(x, weight, bias, null);
    }

    /** {@code act(x W^T + b)}; {@code activation} is null for none or one of {@link #FUSIBLE}. */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias, UnaryOp activation) {
        if (activation != null && !FUSIBLE.contains(activation)) {
            throw new IllegalArgumentException("linear: cannot fuse activation " + activation + "; fusible: " + FUSIBLE);
        }
        OpSupport.sameBackend("linear", x, weight);
        OpSupport.requireFloat("linear", x);
        int[] xs = x.data().shapeRef();
        int[] ws = weight.data().shapeRef();
        if (ws.length != 2 || xs.length == 0 || xs[xs.length - 1] != ws[1]) {
            throw new IllegalArgumentException("linear: input " + Shape.str(xs) + " and weight " + Shape.str(ws)
                    + " do not match (expected input [*, in] and weight [out, in])");
        }
        if (bias != null) {
            OpSupport.sameBackend("linear", x, bias);
            if (bias.dim() != 1 || bias.size(0) != ws[0]) {
                throw new IllegalArgumentException("linear: bias of shape " + Shape.str(bias.data().shapeRef())
                        + " does not match " + ws[0] + " output features");
            }
        }
        if (x.dtype() != weight.dtype() || (bias != null && bias.dtype() != x.dtype())) {
            throw new IllegalArgumentException("linear: dtypes differ");
        }
        int in = ws[1];
        int outF = ws[0];
        int rows = Shape.numel(Arrays.copyOf(xs, xs.length - 1));
        Backend be = x.backend();
        NDArray x2 = matrix(x.data(), rows, in, be);
        NDArray y = be.linear(x2, weight.data(), bias == null ? null : bias.data(), activation);
        int[] outShape = xs.clone();
        outShape[outShape.length - 1] = outF;
        NDArray out = y.view(outShape, Shape.contiguousStrides(outShape), 0);
        String name = activation == null ? "linear" : NAMES.get(activation);
        return OpSupport.saving(OpSupport.result(name, out, x, g -> {
            if (dev.nabla.autograd.GradMode.isEnabled()) {
                return OpSupport.viaComposite(g, t -> composite(t[0], t[1], t[2], activation), x, weight, bias);
            }
            NDArray gy = matrix(g.data(), rows, outF, be);
            // act'(z) from y = act(z): RELU's (y > 0), SIGMOID's and TANH's are functions of y.
            NDArray g2 = activation == null ? gy : be.unaryBackward(activation, y, y, gy);
            NDArray gx = null;
            if (x.requiresGrad()) {
                NDArray dx = be.matmul(g2, weight.data());
                gx = dx.view(xs.clone(), Shape.contiguousStrides(xs), 0);
            }
            NDArray gw = weight.requiresGrad() ? be.matmul(transpose(g2), x2) : null;
            NDArray gb = bias != null && bias.requiresGrad() ? be.reduce(ReduceOp.SUM, g2, new int[] {0}, false) : null;
            return new Tensor[] {wrap(gx, be), wrap(gw, be), wrap(gb, be)};
        }, x, weight, bias), x.data(), weight.data(), activation == null ? null : out);
    }

    /** {@code act(x W^T + b)} in plain tensor ops (the recorded backward differentiates it). */
    private static Tensor composite(Tensor x, Tensor w, Tensor b, UnaryOp activation) {
        Tensor z = x.matmul(w.t());
        z = b == null ? z : z.add(b);
        return activation == null ? z : Unary.apply(activation, z);
    }

    private static Tensor wrap(NDArray a, Backend be) {
        return a == null ? null : new Tensor(a, be);
    }

    /** {@code a} ({@code [*, cols]}, any strides) as a {@code [rows, cols]} matrix: a view if possible, else a copy. */
    private static NDArray matrix(NDArray a, int rows, int cols, Backend be) {
        int r = a.rank();
        if (r == 2) {
            return a;
        }
        int[] sh = a.shapeRef();
        int[] st = a.stridesRef();
        // The leading dims merge into one when each (of size > 1) steps over whole inner ones.
        int rowStride = Math.max(cols, 1);
        int inner = -1;
        for (int d = r - 2; d >= 0; d--) {
            if (sh[d] == 1) {
                continue;
            }
            if (inner >= 0 && st[d] != st[inner] * sh[inner]) {
                NDArray c = be.copy(a, a.dtype());
                return c.view(new int[] {rows, cols}, new int[] {cols, 1}, 0);
            }
            if (inner < 0) {
                rowStride = st[d];
            }
            inner = d;
        }
        return a.view(new int[] {rows, cols}, new int[] {rowStride, r == 0 ? 1 : st[r - 1]}, a.offset());
    }

    private static NDArray transpose(NDArray a) {
        int[] sh = a.shapeRef();
        int[] st = a.stridesRef();
        return a.view(new int[] {sh[1], sh[0]}, new int[] {st[1], st[0]}, a.offset());
    }
}
