package dev.nabla.tensor;

import dev.nabla.autograd.Engine;
import dev.nabla.autograd.GradMode;
import dev.nabla.autograd.Node;
import dev.nabla.backend.ArrayPool;
import dev.nabla.backend.Backend;
import dev.nabla.backend.BackendGraph;
import dev.nabla.backend.Backends;
import dev.nabla.backend.DType;
import dev.nabla.backend.Device;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.ops.Copy;
import java.util.Arrays;

/**
 * An n-dimensional array of numbers on a backend, with automatic differentiation.
 *
 * <p>A tensor is a strided view ({@link NDArray}) of a storage; views such as {@code transpose}
 * or {@code narrow} share the storage. Ops on tensors that {@linkplain #requiresGrad() require
 * grad} are recorded, and {@link #backward()} computes gradients by the chain rule. The API
 * follows PyTorch; it is grouped by theme in the interfaces this class implements:
 * {@link TensorViews}, {@link TensorMath}, {@link TensorProducts}, {@link TensorFunctions}, {@link TensorActivations},
 * {@link TensorReductions}, {@link TensorIndexing}, {@link TensorRearrange}, {@link TensorLogic}, {@link TensorInPlace}.
 * Static factories are in this class (zeros, ones, of, randn, ...).
 *
 * <pre>{@code
 * Tensor w = Tensor.randn(gen, 3, 2).requiresGrad(true);
 * Tensor loss = x.matmul(w).sigmoid().sub(y).pow(2).mean();
 * loss.backward();          // w.grad() now holds d loss / d w
 * }</pre>
 *
 * <p>The class is {@code non-sealed} so that the nn layer can define {@code Parameter} as a
 * tensor (as PyTorch does); other subclasses are not intended.
 */
public non-sealed class Tensor extends TensorFactories
        implements TensorViews, TensorMath, TensorProducts, TensorActivations, TensorReductions, TensorIndexing,
        TensorInPlace, TensorFunctions, TensorLogic, TensorRearrange {
    private NDArray data;
    private Backend backend;
    private boolean requiresGrad;
    private boolean retainsGrad;
    private Tensor grad;
    /**
     * Whether {@link #grad} may be referenced outside backward and the optimizers: handed out by
     * {@link #grad()}, set by {@link #setGrad}, or made by a recorded backward pass
     * ({@code createGraph}, whose graph may keep it). While it is not, {@link #zeroGrad()}
     * recycles its memory.
     */
    private boolean gradShared;
    private Node gradFn;
    /** This tensor's history before its last in-place update recorded by autograd, or null. */
    private Tensor previous;
    /**
     * The tensor this one is a view of, where its {@link #gradFn()} does not link them: a view op
     * took it from one that did not require grad, or an update recorded by autograd gave it the
     * history of a view of it. Updates recorded by autograd go through it.
     */
    private Tensor viewed;
    /** {@link #viewed}'s {@code gradFn} when this tensor's history was taken from it (stale once it changes). */
    private Node viewedAt;
    /** The storage's {@link #version()} when this tensor got its history: while it holds, no view of it is stale. */
    private int historyVersion;

    /** Wraps {@code data} living on {@code backend}; no gradient is recorded. */
    public Tensor(NDArray data, Backend backend) {
        this.data = data;
        this.backend = BackendGraph.unwrap(backend);
        this.historyVersion = data.version();
    }

    /**
     * The result of an op: wraps {@code data} and, if gradient recording is on and some input
     * requires grad, records {@code node} as its {@link #gradFn()}.
     */
    public static Tensor fromOp(NDArray data, Backend backend, Node node) {
        Tensor t = new Tensor(data, backend);
        if (GradMode.isEnabled()) {
            for (Tensor in : node.inputs()) {
                if (in != null && in.requiresGrad) {
                    t.gradFn = node;
                    t.requiresGrad = true;
                    return t;
                }
            }
        }
        for (Tensor in : node.inputs()) {
            if (in != null && !in.requiresGrad && in.data.sharesStorage(data)) {
                t.viewed = in;
                break;
            }
        }
        return t;
    }

    /**
     * Gives this tensor, if it is a view whose base has been updated in place under autograd since
     * the view was taken, the history of the same view of the base as it is now (PyTorch
     * regenerates such a view's {@code grad_fn}); ops that read the view before keep the old
     * history. Called, with the name of the op about to read it, when gradients are recorded.
     */
    public void refreshView(String op) {
        Tensor base = updatedBase();
        if (base != null && GradMode.isEnabled()) {
            base.refreshView(op);
            InPlaceUpdate.refresh(this, base, op);
        }
    }

    /** The tensor this one views, when it (or one it views) was updated in place under autograd since; else null. */
    Tensor updatedBase() {
        if (data.version() == historyVersion) {
            return null;
        }
        if (gradFn != null) {
            Tensor base = gradFn.updatedBase(this);
            if (base != null) {
                return base;
            }
            for (Tensor in : gradFn.inputs()) { // a view of a view that is stale
                if (in != null && in.data.sharesStorage(data) && in.updatedBase() != null) {
                    return in;
                }
            }
        }
        return viewed != null && (viewed.gradFn != viewedAt || viewed.updatedBase() != null) ? viewed : null;
    }

    /** The tensor this one views, where its {@code gradFn} does not link them (see {@link #viewed}), or null. */
    Tensor viewed() { return viewed; }

    // ---- structure ------------------------------------------------------------------------

    /** The underlying strided array (shared, not copied). */
    public NDArray data() { return data; }

    /** The backend the tensor lives on. */
    public Backend backend() { return BackendGraph.intercept(backend); }

    /** The device the tensor's data lives on ({@code cpu}, {@code cuda:0}), its backend's. */
    public Device device() { return backend.device(); }

    public DType dtype() { return data.dtype(); }

    /** A copy of the sizes, outermost first; {@code []} for a scalar. */
    public int[] shape() { return data.shapeRef().clone(); }

    /** Size of dim {@code d} (negative counts from the end). */
    public int size(int d) { return data.shapeRef()[Shape.dim("size", d, dim())]; }

    /** Number of dims (rank). */
    public int dim() { return data.rank(); }

    /** Number of elements. */
    public int numel() { return data.numel(); }

    public boolean isContiguous() { return data.isContiguous(); }

    // ---- autograd -------------------------------------------------------------------------

    /** Whether gradients flow to (or through) this tensor. */
    public boolean requiresGrad() { return requiresGrad; }

    /**
     * Marks a leaf tensor as needing a gradient in {@link #grad()}; returns {@code this}.
     *
     * @throws IllegalStateException for non-float tensors or for a non-leaf when turning it off
     */
    public Tensor requiresGrad(boolean flag) {
        if (flag && !dtype().isFloatingPoint()) {
            throw new IllegalStateException("requiresGrad: only floating-point tensors can require gradients, not "
                    + dtype().shortName());
        }
        if (!flag && gradFn != null) {
            throw new IllegalStateException("requiresGrad: cannot turn off gradients of a non-leaf tensor; use detach()");
        }
        requiresGrad = flag;
        return this;
    }

    /**
     * The accumulated gradient, or {@code null} if none has been computed. Later backward passes
     * add into this tensor in place (as PyTorch's {@code .grad}); clone it to keep a snapshot.
     */
    public Tensor grad() {
        gradShared = true;
        return grad;
    }

    /**
     * The gradient, as {@link #grad()}, for code that keeps no reference to it (nor to a view of it)
     * once it returns, as the optimizers' steps: unlike {@link #grad()}, it leaves
     * {@link #zeroGrad()} free to give the gradient's memory to the next backward pass.
     */
    public Tensor peekGrad() { return grad; }

    /** Replaces the gradient (e.g. an optimizer clipping it); {@code null} clears it. */
    public void setGrad(Tensor g) {
        grad = g;
        gradShared = true;
    }

    /**
     * Clears the accumulated gradient (PyTorch's {@code zero_grad(set_to_none=True)}). A gradient
     * that backward made and that no one was handed by {@link #grad()} goes back to the memory
     * pool, so the next backward pass reuses it instead of allocating (as PyTorch's caching
     * allocator reuses a freed gradient's block).
     */
    public void zeroGrad() {
        if (grad != null && !gradShared) {
            ArrayPool.recycle(grad.data());
        }
        grad = null;
    }

    /**
     * Adds {@code g} into the gradient as backward does (PyTorch's {@code AccumulateGrad}): the
     * first time {@code g} itself when {@code owned} (backward made it and nothing else refers to
     * it), else a private copy; then in place, or into a new tensor when the existing gradient is
     * a strided view, of another shape or type, or on another backend.
     */
    public void accumulateGrad(Tensor g, boolean owned) {
        Tensor cast = g.dtype() == dtype() ? g : g.to(dtype());
        Tensor acc = grad;
        if (acc == null) {
            grad = owned && !cast.requiresGrad() ? cast : cast.clone();
            gradShared = GradMode.isEnabled();
        } else if (acc.isContiguous() && acc.dtype() == cast.dtype() && acc.backend() == cast.backend()
                && !acc.requiresGrad() && !cast.requiresGrad() && Arrays.equals(acc.shape(), cast.shape())) {
            acc.backend().addInPlace(acc.data(), cast.data());
            acc.data().bumpVersion();
        } else {
            grad = acc.add(cast);
            gradShared = GradMode.isEnabled();
        }
    }

    /** The op that produced this tensor, or {@code null} for a leaf. */
    public Node gradFn() { return gradFn; }

    /** Whether this tensor is a leaf of the graph (created by the user, not by a recorded op). */
    public boolean isLeaf() { return gradFn == null; }

    /** Makes a non-leaf tensor keep its gradient in {@link #grad()} during backward. */
    public Tensor retainGrad() {
        if (!requiresGrad) {
            throw new IllegalStateException("retainGrad: the tensor does not require grad");
        }
        retainsGrad = true;
        return this;
    }

    /** Whether {@link #retainGrad()} was called on this tensor. */
    public boolean retainsGrad() { return retainsGrad; }

    /** Computes the gradients of this one-element tensor with respect to the graph's leaves. */
    public void backward() { Engine.backward(this, null, false); }

    /** Backpropagates {@code gradient} (same shape as this tensor) through the graph. */
    public void backward(Tensor gradient) { Engine.backward(this, gradient, false); }

    /** As {@link #backward(Tensor)}; {@code retainGraph} allows another backward through the same graph. */
    public void backward(Tensor gradient, boolean retainGraph) { Engine.backward(this, gradient, retainGraph); }

    /**
     * As {@link #backward(Tensor, boolean)}; with {@code createGraph} the backward pass is recorded,
     * so the gradients in {@link #grad()} can be differentiated again (higher-order gradients).
     */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Engine.backward(this, gradient, retainGraph, createGraph);
    }

    /** A view of the same data that is cut from the graph (never requires grad). */
    public Tensor detach() { return new Tensor(data, backend); }

    /**
     * A scope in which ops record no graph: {@code try (var g = Tensor.noGrad()) { ... }}.
     */
    public static GradMode.NoGrad noGrad() { return GradMode.noGrad(); }

    // ---- in-place updates (PyTorch's copy_ and fill_) ----------------------------------------

    /**
     * Overwrites this tensor's elements with {@code src} (broadcast to this shape, converted to
     * this dtype); views see the change (PyTorch's {@code copy_}). Recorded by autograd as PyTorch
     * records it when this tensor or {@code src} requires grad (see {@link #priorVersion()}):
     * {@code src} gets the gradient, the old values none. A leaf that requires grad is updated
     * under {@link #noGrad()}, as optimizers do.
     */
    public Tensor assign(Tensor src) {
        if (!java.util.Arrays.equals(Shape.broadcast("assign", src.data.shapeRef(), data.shapeRef()), data.shapeRef())) {
            throw new IllegalArgumentException("assign: source of shape " + Shape.str(src.data.shapeRef())
                    + " cannot be broadcast to " + Shape.str(data.shapeRef()));
        }
        if (src.backend != backend) {
            throw new IllegalArgumentException("assign: tensors on " + device() + " and " + src.device());
        }
        if (recordsUpdate(src)) {
            return update("assign", old -> where(old.newZeros(DType.BOOL, old.data.shapeRef()), old, src.to(dtype())), src);
        }
        backend().assign(data, src.data);
        data.bumpVersion();
        return this;
    }

    /** Sets every element to {@code value} in place (PyTorch's {@code fill_}); see {@link #assign(Tensor)}. */
    public Tensor fill(double value) {
        if (recordsUpdate()) {
            return update("fill", old -> where(old.newZeros(DType.BOOL, old.data.shapeRef()), old, value));
        }
        backend().fill(data, value);
        data.bumpVersion();
        return this;
    }

    /**
     * This tensor's place in the autograd graph before its last in-place update that autograd
     * recorded, or null: a tensor holding the values and history it had then. As PyTorch rebases
     * the {@code grad_fn} of a tensor updated in place, {@code y.mul_(w)} gives {@code y} the
     * history of {@code old_y * w}, while ops recorded on {@code y} before the update keep
     * {@code old_y}'s (the backward pass follows them here).
     */
    public Tensor priorVersion() { return previous; }

    /** Whether an in-place update of this tensor that reads {@code operands} is recorded by autograd. */
    boolean recordsUpdate(Tensor... operands) {
        if (!GradMode.isEnabled()) {
            return false;
        }
        boolean any = requiresGrad;
        for (Tensor o : operands) {
            any |= o.requiresGrad;
        }
        return any;
    }

    /** Writes {@code result.apply(this)}, which also reads {@code operands}, in place; see {@code InPlaceUpdate}. */
    Tensor update(String op, java.util.function.UnaryOperator<Tensor> result, Tensor... operands) {
        return InPlaceUpdate.apply(this, op, result, operands);
    }

    /** A tensor of this one's values and history, for {@code InPlaceUpdate} to hand to the update. */
    Tensor historyCopy() {
        Tensor old;
        try (GradMode.NoGrad off = GradMode.noGrad()) {
            old = detach().clone();
        }
        old.requiresGrad = requiresGrad;
        old.gradFn = gradFn;
        old.previous = previous;
        return old;
    }

    /** Takes {@code history}'s place in the graph after an update recorded by autograd; {@code old} keeps the one before. */
    void rebase(Tensor old, Tensor history) {
        previous = old;
        gradFn = history.gradFn;
        requiresGrad = history.requiresGrad;
        historyVersion = data.version();
    }

    /** {@link #rebase} for a view of {@code base}: {@code history} copies its elements from the base as it is now. */
    void rebaseView(Tensor old, Tensor history, Tensor base) {
        rebase(old, history);
        viewed = base;
        viewedAt = base.gradFn;
    }

    /**
     * How many in-place updates ({@link #assign}, {@link #fill}, optimizer steps) the storage of
     * this tensor has had, counted for all views of it (PyTorch's {@code _version}). A tensor an op
     * saved for backward must still be at the version it had then, else backward throws.
     */
    public int version() { return data.version(); }

    // ---- copies and conversion -------------------------------------------------------------

    /** A contiguous copy with the same values (differentiable). */
    @Override
    public Tensor clone() { return Copy.apply(this, dtype(), backend()); }

    /** This tensor if contiguous, else a contiguous copy (differentiable). */
    public Tensor contiguous() { return isContiguous() ? this : clone(); }

    /** Converted to {@code other}'s dtype (as {@code type_as}). */
    public Tensor typeAs(Tensor other) { return to(other.dtype()); }

    /** Converted to {@code dtype} (this tensor if already of that type; differentiable between float types). */
    public Tensor to(DType dtype) { return dtype == dtype() ? this : Copy.apply(this, dtype, backend()); }

    /**
     * Moved to {@code target}, converting floats to the target's float type ({@code ref}: float64,
     * {@code cpu}: float32); differentiable (the gradient moves back).
     */
    public Tensor to(Backend target) {
        if (BackendGraph.unwrap(target) == backend) {
            return this;
        }
        DType type = dtype().isFloatingPoint() ? target.floatType() : dtype();
        return Copy.apply(this, type, target);
    }

    /** Moved to the backend serving {@code device}; see {@link #to(Backend)}. */
    public Tensor to(Device device) { return to(Backends.byDevice(device)); }

    /** Moved to {@code device}, e.g. {@code "cpu"} or {@code "cuda:0"}; see {@link #to(Backend)}. */
    public Tensor to(String device) { return to(Backends.byName(device)); }

    /**
     * Makes this tensor use the data of {@code src} (its view, dtype and device), keeping its
     * identity, gradient flag and gradient, as PyTorch's {@code t.data = src}: how
     * {@code Module.to} moves parameters in place, so that optimizers holding them see the move.
     * Not recorded by autograd.
     */
    public Tensor setData(Tensor src) {
        this.data = src.data;
        this.backend = src.backend;
        return this;
    }

    // ---- new tensors on this tensor's device, of its dtype (PyTorch's new_zeros, new_tensor) ----

    /** Zeros of {@code shape}, with this tensor's dtype and device. */
    public Tensor newZeros(int... shape) { return newFull(0, shape); }

    /** Zeros of {@code shape} and type {@code dtype}, on this tensor's device. */
    public Tensor newZeros(DType dtype, int... shape) {
        return new Tensor(backend().zeros(dtype, checkedShape(shape)), backend);
    }

    /** Ones of {@code shape}, with this tensor's dtype and device. */
    public Tensor newOnes(int... shape) { return newFull(1, shape); }

    /** {@code value} everywhere in {@code shape}, with this tensor's dtype and device. */
    public Tensor newFull(double value, int... shape) {
        return new Tensor(backend().full(dtype(), checkedShape(shape), value), backend);
    }

    /** A copy of {@code values} with {@code shape} (1-D if none), with this tensor's dtype and device. */
    public Tensor newTensor(float[] values, int... shape) { return newTensorOf(values.clone(), values.length, shape); }

    /** A copy of {@code values} with {@code shape} (1-D if none), with this tensor's dtype and device. */
    public Tensor newTensor(double[] values, int... shape) { return newTensorOf(values.clone(), values.length, shape); }

    /** A copy of {@code values} with {@code shape} (1-D if none), with this tensor's dtype and device. */
    public Tensor newTensor(long[] values, int... shape) { return newTensorOf(values.clone(), values.length, shape); }

    private Tensor newTensorOf(Object values, int n, int[] shape) {
        NDArray a = upload(backend, values, shape.length == 0 ? new int[] {n} : shape);
        return new Tensor(a.dtype() == dtype() ? a : backend().copy(a, dtype()), backend);
    }

    /** The single value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: only one-element tensors can be converted to a number, but shape is "
                    + Shape.str(data.shapeRef()));
        }
        return ((double[]) backend().download(data, DType.FLOAT64))[0];
    }

    /** The elements in row-major order as floats. */
    public float[] toFloatArray() {
        return (float[]) backend().download(data, DType.FLOAT32);
    }

    /** The elements in row-major order as doubles. */
    public double[] toDoubleArray() {
        return (double[]) backend().download(data, DType.FLOAT64);
    }

    /** The elements in row-major order as longs (floats truncated toward zero). */
    public long[] toLongArray() {
        return (long[]) backend().download(data, DType.INT64);
    }

    /** The elements in row-major order as booleans (non-zero is true). */
    public boolean[] toBooleanArray() {
        return (boolean[]) backend().download(data, DType.BOOL);
    }

    /**
     * Whether both tensors have the same shape and {@code |a - b| <= atol + rtol * |b|}
     * elementwise (NaNs never match).
     */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!java.util.Arrays.equals(data.shapeRef(), other.data.shapeRef())) {
            return false;
        }
        double[] a = toDoubleArray();
        double[] b = other.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i])) && a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@link #allClose(Tensor, double, double)} with PyTorch's defaults rtol=1e-5, atol=1e-8. */
    public boolean allClose(Tensor other) { return allClose(other, 1e-5, 1e-8); }

    /** PyTorch-style printout, abbreviated for large tensors. */
    @Override
    public String toString() { return TensorFormat.format(this); }
}
