package dev.nabla.nn.rnn;

import dev.nabla.autograd.GradMode;
import dev.nabla.autograd.Node;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Views that cut a tensor into many pieces, with a backward pass that costs one buffer for all
 * of them, as {@code torch.unbind} and {@code torch.chunk}.
 *
 * <p>Why: a recurrence reads its precomputed input projection {@code [T, B, G]} one step at a
 * time. With {@code select}, each step's backward would build a zero tensor of the whole
 * {@code [T, B, G]} and autograd would add the T of them: {@code O(T^2 B G)} work that dwarfs the
 * recurrence itself. Here every piece writes its gradient into its own slot of one shared
 * buffer, and the whole buffer flows back to the input once, so the backward is
 * {@code O(T B G)}.
 *
 * <p>How: the pieces are views of a private identity node ("anchor") over the input. The first
 * piece to receive a gradient hands the anchor a free stand-in gradient (a broadcast zero, so
 * autograd schedules the anchor); the others hand it none. Autograd runs every consumer of the
 * anchor before the anchor itself, whose backward then passes the filled buffer to the input.
 */
public final class SequenceOps {
    private SequenceOps() {
    }

    /** The slices of {@code x} along {@code dim}, that dim removed: {@code [.., n, ..]} gives n tensors. */
    public static List<Tensor> unbind(Tensor x, int dim) {
        int d = Shape.dim("unbind", dim, x.dim());
        int n = x.size(d);
        return pieces(x, d, n, 1, true);
    }

    /** {@code chunks} equal views of {@code x} along {@code dim}, whose size must be divisible by {@code chunks}. */
    public static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        int d = Shape.dim("chunk", dim, x.dim());
        if (chunks <= 0 || x.size(d) % chunks != 0) {
            throw new IllegalArgumentException("chunk: dim " + dim + " of size " + x.size(d)
                    + " cannot be cut into " + chunks + " equal chunks");
        }
        return pieces(x, d, chunks, x.size(d) / chunks, false);
    }

    private static List<Tensor> pieces(Tensor x, int d, int n, int size, boolean drop) {
        List<Tensor> out = new ArrayList<>(n);
        Tensor plain = x.detach();
        if (!x.requiresGrad() || !GradMode.isEnabled()) {
            for (int i = 0; i < n; i++) {
                out.add(drop ? plain.select(d, i) : plain.narrow(d, i * size, size));
            }
            return out;
        }
        Shared shared = new Shared();
        Tensor anchor = Tensor.fromOp(x.data(), x.backend(), new Node("unbind", new Tensor[] {x}, g -> {
            Tensor grad = shared.buffer;
            shared.buffer = null;
            shared.scheduled = false;
            return new Tensor[] {grad};
        }));
        for (int i = 0; i < n; i++) {
            int index = i;
            Tensor view = drop ? plain.select(d, i) : plain.narrow(d, i * size, size);
            out.add(Tensor.fromOp(view.data(), x.backend(), new Node(drop ? "unbind" : "chunk", new Tensor[] {anchor},
                    g -> {
                        if (shared.buffer == null) {
                            shared.buffer = Tensor.zerosLike(x);
                        }
                        Tensor slot = drop ? shared.buffer.select(d, index) : shared.buffer.narrow(d, index * size, size);
                        try (var off = Tensor.noGrad()) {
                            slot.assign(g);
                        }
                        if (shared.scheduled) {
                            return new Tensor[] {null};
                        }
                        shared.scheduled = true;
                        return new Tensor[] {broadcastZero(x)};
                    })));
        }
        return out;
    }

    /** A zero of {@code x}'s shape, type and backend that is one stored element (all strides 0). */
    private static Tensor broadcastZero(Tensor x) {
        return x.newZeros().expand(x.shape());
    }

    /** The gradient buffer shared by the pieces of one input during one backward pass. */
    private static final class Shared {
        private Tensor buffer;
        private boolean scheduled;
    }
}
