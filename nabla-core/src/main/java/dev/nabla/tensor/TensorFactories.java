package dev.nabla.tensor;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.DType;
import dev.nabla.backend.HeapBudget;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Static factories of {@link Tensor} (call them as {@code Tensor.zeros(2, 3)}). New tensors live
 * on the {@linkplain Backends#getDefault() default backend}; float tensors get that backend's
 * float type (float32 on {@code cpu}, float64 on {@code ref}) unless a dtype is given.
 */
public abstract sealed class TensorFactories permits Tensor {

    TensorFactories() {
    }

    /** {@code shape} checked for negative sizes, copied. */
    static int[] checkedShape(int... shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor: negative size in shape " + Shape.str(shape));
            }
        }
        return shape.clone();
    }

    /** A tensor on the default backend over the host array {@code values} (taken over, not copied). */
    private static Tensor upload(Object values, int... shape) {
        Backend b = Backends.getDefault();
        return new Tensor(upload(b, values, shape), b);
    }

    /** {@code values} (a float[], double[], long[] or boolean[]) uploaded to {@code b} with {@code shape}, checked. */
    static NDArray upload(Backend b, Object values, int[] shape) {
        int n = Array.getLength(values);
        if (n != Shape.numel(checkedShape(shape))) {
            throw new IllegalArgumentException("tensor: " + n + " values cannot have shape " + Shape.str(shape)
                    + " (" + Shape.numel(shape) + " elements)");
        }
        return b.upload(values, shape);
    }

    /**
     * A tensor of the default float type on the default backend whose element {@code i} (row-major,
     * computed in order) is {@code value.applyAsDouble(i)}, rounded to that type.
     */
    private static Tensor floats(IntToDoubleFunction value, int... shape) {
        int n = Shape.numel(checkedShape(shape));
        if (defaultFloat() == DType.FLOAT32) {
            float[] v = HeapBudget.floats(n);
            for (int i = 0; i < n; i++) {
                v[i] = (float) value.applyAsDouble(i);
            }
            return upload(v, shape);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = value.applyAsDouble(i);
        }
        return upload(v, shape).to(defaultFloat());
    }

    private static DType defaultFloat() {
        return Backends.getDefault().floatType();
    }

    /** Zeros of the given shape (default float type). */
    public static Tensor zeros(int... shape) { return full(defaultFloat(), 0, shape); }

    /** Zeros of the given type and shape. */
    public static Tensor zeros(DType dtype, int... shape) { return full(dtype, 0, shape); }

    /** Ones of the given shape (default float type). */
    public static Tensor ones(int... shape) { return full(defaultFloat(), 1, shape); }

    /** Ones of the given type and shape. */
    public static Tensor ones(DType dtype, int... shape) { return full(dtype, 1, shape); }

    /** Every element equal to {@code value} (default float type). */
    public static Tensor full(double value, int... shape) { return full(defaultFloat(), value, shape); }

    /** Every element equal to {@code value}, of type {@code dtype}. */
    public static Tensor full(DType dtype, double value, int... shape) {
        Backend b = Backends.getDefault();
        return new Tensor(b.full(dtype, checkedShape(shape), value), b);
    }

    /** Zeros with the shape, type and backend of {@code like}. */
    public static Tensor zerosLike(Tensor like) { return fullLike(like, 0); }

    /** Ones with the shape, type and backend of {@code like}. */
    public static Tensor onesLike(Tensor like) { return fullLike(like, 1); }

    /** {@code value} everywhere, with the shape, type and backend of {@code like}. */
    public static Tensor fullLike(Tensor like, double value) {
        return like.newFull(value, like.data().shapeRef());
    }

    /** A zero-dim tensor holding {@code value} (default float type). */
    public static Tensor scalar(double value) { return full(defaultFloat(), value); }

    /** {@code 0, 1, ..., end-1} as INT64. */
    public static Tensor arange(long end) { return arange(0, end, 1); }

    /** {@code start, start+step, ...} below {@code end} (above, for a negative step) as INT64. */
    public static Tensor arange(long start, long end, long step) {
        int n = checkedSteps(start, end, step);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i * step;
        }
        return of(v, n);
    }

    /** {@code start, start+step, ...} below {@code end} in the default float type. */
    public static Tensor arange(double start, double end, double step) {
        if (step == 0 || Double.isNaN(step)) {
            throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        }
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        return floats(i -> start + i * step, n);
    }

    private static int checkedSteps(long start, long end, long step) {
        if (step == 0) {
            throw new IllegalArgumentException("arange: step must be non-zero");
        }
        long n = Math.max(0, Math.floorDiv(end - start + step - Long.signum(step), step));
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("arange: too many elements (" + n + ")");
        }
        return (int) n;
    }

    /** {@code steps} evenly spaced values from {@code start} to {@code end} inclusive. */
    public static Tensor linspace(double start, double end, int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: steps must be non-negative, got " + steps);
        }
        return floats(i -> steps == 1 ? start : start + (end - start) * i / (steps - 1), steps);
    }

    /** {@code steps} values {@code base^e} for exponents evenly spaced from {@code start} to {@code end} (as {@code torch.logspace}). */
    public static Tensor logspace(double start, double end, int steps, double base) {
        return linspace(start, end, steps).mul(Math.log(base)).exp();
    }

    /** The {@code n x n} identity matrix. */
    public static Tensor eye(int n) {
        return floats(k -> k % (n + 1) == 0 ? 1 : 0, n, n);
    }

    /** A float32 tensor over a copy of {@code data} with {@code shape} (1-D if no shape is given). */
    public static Tensor of(float[] data, int... shape) {
        return upload(data.clone(), shape.length == 0 ? new int[] {data.length} : shape);
    }

    /** A float64 tensor over a copy of {@code data} with {@code shape} (1-D if no shape is given). */
    public static Tensor of(double[] data, int... shape) {
        return upload(data.clone(), shape.length == 0 ? new int[] {data.length} : shape);
    }

    /** An INT64 tensor over a copy of {@code data} with {@code shape} (1-D if no shape is given). */
    public static Tensor of(long[] data, int... shape) {
        return upload(data.clone(), shape.length == 0 ? new int[] {data.length} : shape);
    }

    /** A BOOL tensor over a copy of {@code data} with {@code shape} (1-D if no shape is given). */
    public static Tensor of(boolean[] data, int... shape) {
        return upload(data.clone(), shape.length == 0 ? new int[] {data.length} : shape);
    }

    /** A float32 matrix from rows of equal length. */
    public static Tensor of(float[][] rows) { return fromArray(rows); }

    /** A float64 matrix from rows of equal length. */
    public static Tensor of(double[][] rows) { return fromArray(rows); }

    /**
     * A tensor from a nested Java array of any depth ({@code float[][][]}, {@code long[][]}, ...);
     * the element type picks the dtype. Ragged arrays are rejected.
     */
    public static Tensor fromArray(Object nested) {
        List<Integer> shape = new ArrayList<>();
        Object probe = nested;
        while (probe != null && probe.getClass().isArray() && probe.getClass().getComponentType().isArray()) {
            shape.add(Array.getLength(probe));
            probe = Array.getLength(probe) > 0 ? Array.get(probe, 0) : null;
        }
        if (probe == null || !probe.getClass().isArray()) {
            throw new IllegalArgumentException("fromArray: expected a non-empty nested primitive array");
        }
        shape.add(Array.getLength(probe));
        DType dtype = switch (probe.getClass().getComponentType().getName()) {
            case "float" -> DType.FLOAT32;
            case "double" -> DType.FLOAT64;
            case "long", "int" -> DType.INT64;
            case "boolean" -> DType.BOOL;
            default -> throw new IllegalArgumentException("fromArray: unsupported element type "
                    + probe.getClass().getComponentType());
        };
        int[] dims = shape.stream().mapToInt(Integer::intValue).toArray();
        double[] values = new double[Shape.numel(dims)];
        fill(nested, dims, 0, values, new int[] {0});
        return upload(values, dims).to(dtype);
    }

    private static void fill(Object array, int[] dims, int depth, double[] values, int[] pos) {
        if (Array.getLength(array) != dims[depth]) {
            throw new IllegalArgumentException("fromArray: ragged array: expected length " + dims[depth]
                    + " at depth " + depth + ", got " + Array.getLength(array));
        }
        for (int i = 0; i < dims[depth]; i++) {
            Object e = Array.get(array, i);
            if (depth == dims.length - 1) {
                values[pos[0]++] = e instanceof Boolean b ? (b ? 1 : 0) : ((Number) e).doubleValue();
            } else {
                fill(e, dims, depth + 1, values, pos);
            }
        }
    }

    // ---- random ---------------------------------------------------------------------------

    /** Seeds the default generator. */
    public static void manualSeed(long seed) { Generator.getDefault().manualSeed(seed); }

    /** Uniform in {@code [0, 1)} from the default generator. */
    public static Tensor rand(int... shape) { return uniform(Generator.getDefault(), 0, 1, shape); }

    /** Uniform in {@code [0, 1)}. */
    public static Tensor rand(Generator gen, int... shape) { return uniform(gen, 0, 1, shape); }

    /** Standard normal from the default generator. */
    public static Tensor randn(int... shape) { return normal(Generator.getDefault(), 0, 1, shape); }

    /** Standard normal. */
    public static Tensor randn(Generator gen, int... shape) { return normal(gen, 0, 1, shape); }

    /** Uniform in {@code [0, 1)} with the shape, dtype and backend of {@code like}. */
    public static Tensor randLike(Generator gen, Tensor like) { return rand(gen, like.shape()).to(like.backend()).to(like.dtype()); }

    /** Standard normal with the shape, dtype and backend of {@code like}. */
    public static Tensor randnLike(Generator gen, Tensor like) {
        return randn(gen, like.shape()).to(like.backend()).to(like.dtype());
    }

    /** Uniform in {@code [low, high)}. */
    public static Tensor uniform(Generator gen, double low, double high, int... shape) {
        return floats(i -> low + (high - low) * gen.nextDouble(), shape);
    }

    /** Normal with the given mean and standard deviation. */
    public static Tensor normal(Generator gen, double mean, double std, int... shape) {
        return floats(i -> mean + std * gen.nextGaussian(), shape);
    }

    /** 1 with probability {@code p}, else 0 (default float type). */
    public static Tensor bernoulli(Generator gen, double p, int... shape) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bernoulli: p must be in [0, 1], got " + p);
        }
        return floats(i -> gen.nextDouble() < p ? 1 : 0, shape);
    }

    /**
     * {@code numSamples} category indices per row of the non-negative weights {@code probs}
     * ({@code [n]} or {@code [rows, n]}; they need not sum to 1), drawn from {@code gen}: with
     * {@code replacement}, independently; without, each category at most once (as
     * {@code torch.multinomial}). INT64, {@code [numSamples]} or {@code [rows, numSamples]}.
     */
    public static Tensor multinomial(Tensor probs, int numSamples, boolean replacement, Generator gen) {
        int rank = probs.dim();
        if (rank < 1 || rank > 2) {
            throw new IllegalArgumentException("multinomial: probs must be 1-D or 2-D, got shape " + Shape.str(probs.shape()));
        }
        int n = probs.size(-1);
        int rows = rank == 1 ? 1 : probs.size(0);
        double[] w = probs.to(DType.FLOAT64).contiguous().toDoubleArray();
        long[] out = new long[rows * numSamples];
        for (int r = 0; r < rows; r++) {
            double[] row = java.util.Arrays.copyOfRange(w, r * n, (r + 1) * n);
            int positive = 0;
            for (double v : row) {
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("multinomial: weights must be finite and non-negative, got " + v);
                }
                positive += v > 0 ? 1 : 0;
            }
            if (positive == 0 || !replacement && numSamples > positive) {
                throw new IllegalArgumentException("multinomial: cannot draw " + numSamples + " samples "
                        + (replacement ? "" : "without replacement ") + "from " + positive + " categories of non-zero weight");
            }
            for (int s = 0; s < numSamples; s++) {
                double total = 0;
                for (double v : row) {
                    total += v;
                }
                double u = gen.nextDouble() * total;
                int pick = -1;
                for (int c = 0; c < n && (pick < 0 || u >= 0); c++) {
                    if (row[c] > 0) { // the last category of non-zero weight that u reaches
                        pick = c;
                        u -= row[c];
                    }
                }
                out[r * numSamples + s] = pick;
                if (!replacement) {
                    row[pick] = 0;
                }
            }
        }
        Tensor t = of(out, out.length).to(probs.backend());
        return rank == 1 ? t : t.reshape(rows, numSamples);
    }

    /** Uniform integers in {@code [low, high)} as INT64. */
    public static Tensor randint(Generator gen, long low, long high, int... shape) {
        if (high <= low) {
            throw new IllegalArgumentException("randint: empty range [" + low + ", " + high + ")");
        }
        long[] v = new long[Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = low + gen.nextLong(high - low);
        }
        return of(v, shape);
    }

    /** A random permutation of {@code 0..n-1} (INT64), by Fisher–Yates. */
    public static Tensor randperm(Generator gen, int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        gen.shuffle(v);
        return of(v, n);
    }

    /** A random permutation from the default generator. */
    public static Tensor randperm(int n) { return randperm(Generator.getDefault(), n); }

    /** The tensors joined along an existing dim; shapes must match elsewhere. */
    public static Tensor concat(List<Tensor> tensors, int dim) { return dev.nabla.ops.Concat.apply(tensors, dim); }

    /** The tensors (of equal shape) stacked along a new dim. */
    public static Tensor stack(List<Tensor> tensors, int dim) { return dev.nabla.ops.Concat.stack(tensors, dim); }

    /** {@link #concat}'s PyTorch name. */
    public static Tensor cat(List<Tensor> tensors, int dim) { return concat(tensors, dim); }

    /** Joined column-wise: along dim 0 for 1-D tensors, else dim 1 (as {@code torch.hstack}). */
    public static Tensor hstack(List<Tensor> tensors) {
        List<Tensor> ts = atLeast(tensors, 1);
        return concat(ts, ts.get(0).dim() == 1 ? 0 : 1);
    }

    /** Joined row-wise, 0- and 1-D tensors taken as rows {@code [1, n]} (as {@code torch.vstack}). */
    public static Tensor vstack(List<Tensor> tensors) { return concat(atLeast(tensors, 2), 0); }

    /** Joined along dim 2, smaller tensors taken as {@code [1, n, 1]} or {@code [m, n, 1]} (as {@code torch.dstack}). */
    public static Tensor dstack(List<Tensor> tensors) { return concat(atLeast(tensors, 3), 2); }

    /**
     * Joined as columns: 0- and 1-D tensors taken as columns {@code [n, 1]}, others joined along
     * dim 1 (as {@code torch.column_stack}).
     */
    public static Tensor columnStack(List<Tensor> tensors) {
        List<Tensor> columns = new java.util.ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            columns.add(t.dim() <= 1 ? t.reshape(-1, 1) : t);
        }
        return hstack(columns);
    }

    /** {@code x} with at least 1 dim: a scalar as {@code [1]} (as {@code torch.atleast_1d}). */
    public static Tensor atleast1d(Tensor x) { return atLeast(List.of(x), 1).get(0); }

    /** {@code x} with at least 2 dims: {@code [n]} as {@code [1, n]} (as {@code torch.atleast_2d}). */
    public static Tensor atleast2d(Tensor x) { return atLeast(List.of(x), 2).get(0); }

    /** {@code x} with at least 3 dims: {@code [n]} as {@code [1, n, 1]}, {@code [m, n]} as {@code [m, n, 1]}. */
    public static Tensor atleast3d(Tensor x) { return atLeast(List.of(x), 3).get(0); }

    /**
     * {@code y_o = x1^T W_o x2 + b_o} ({@code F.bilinear}): {@code x1 [*, in1]}, {@code x2 [*, in2]}
     * (the same leading dims), {@code weight [out, in1, in2]}, {@code bias [out]} or null; output
     * {@code [*, out]}.
     */
    public static Tensor bilinear(Tensor x1, Tensor x2, Tensor weight, Tensor bias) {
        if (weight.dim() != 3 || x1.dim() < 1 || x2.dim() < 1 || x1.size(-1) != weight.size(1)
                || x2.size(-1) != weight.size(2) || !java.util.Arrays.equals(java.util.Arrays.copyOf(x1.shape(), x1.dim() - 1),
                        java.util.Arrays.copyOf(x2.shape(), x2.dim() - 1))) {
            throw new IllegalArgumentException("bilinear: expected inputs [*, in1] and [*, in2] and a weight [out, in1, in2], "
                    + "got " + Shape.str(x1.shape()) + ", " + Shape.str(x2.shape()) + " and " + Shape.str(weight.shape()));
        }
        int out = weight.size(0);
        int in1 = weight.size(1);
        int in2 = weight.size(2);
        int[] lead = java.util.Arrays.copyOf(x1.shape(), x1.dim() - 1);
        Tensor a = x1.reshape(-1, in1);
        Tensor b = x2.reshape(-1, in2);
        // (x1 W_o): [B, out * in2], then the dot with x2 per output
        Tensor left = a.matmul(weight.permute(1, 0, 2).reshape(in1, out * in2)).reshape(-1, out, in2);
        Tensor y = left.mul(b.unsqueeze(1)).sum(new int[] {-1}, false);
        if (bias != null) {
            y = y.add(bias);
        }
        int[] shape = java.util.Arrays.copyOf(lead, lead.length + 1);
        shape[lead.length] = out;
        return y.reshape(shape);
    }

    /**
     * The product of the matrices in order, as {@code torch.linalg.multi_dot}: the first may be
     * 1-D (a row) and the last 1-D (a column), which drops that dim from the result.
     */
    public static Tensor multiDot(List<Tensor> tensors) {
        if (tensors.size() < 2) {
            throw new IllegalArgumentException("multiDot: expected at least 2 tensors, got " + tensors.size());
        }
        for (int i = 0; i < tensors.size(); i++) {
            int d = tensors.get(i).dim();
            boolean end = i == 0 || i == tensors.size() - 1;
            if (d != 2 && !(end && d == 1)) {
                throw new IllegalArgumentException("multiDot: tensor " + i + " must be 2-D" + (end ? " or 1-D" : "")
                        + ", got shape " + Shape.str(tensors.get(i).shape()));
            }
        }
        Tensor out = tensors.get(0);
        for (int i = 1; i < tensors.size(); i++) {
            out = out.matmul(tensors.get(i));
        }
        return out;
    }

    /** The tensors viewed with at least {@code rank} dims, as {@code torch.atleast_1d/2d/3d}. */
    private static List<Tensor> atLeast(List<Tensor> tensors, int rank) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: expected a non-empty list of tensors");
        }
        List<Tensor> out = new java.util.ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            int[] s = t.shape();
            out.add(s.length >= rank ? t : switch (s.length) {
                case 0 -> t.reshape(rank == 1 ? new int[] {1} : rank == 2 ? new int[] {1, 1} : new int[] {1, 1, 1});
                case 1 -> t.reshape(rank == 2 ? new int[] {1, s[0]} : new int[] {1, s[0], 1});
                default -> t.reshape(s[0], s[1], 1);
            });
        }
        return out;
    }

    /**
     * The matrices on the diagonal of a zero matrix, in order (0-D tensors taken as
     * {@code [1, 1]}, 1-D as {@code [1, n]}), as {@code torch.block_diag}; differentiable.
     */
    public static Tensor blockDiag(List<Tensor> blocks) {
        List<Tensor> bs = atLeast(blocks, 2);
        int width = 0;
        for (Tensor b : bs) {
            if (b.dim() != 2) {
                throw new IllegalArgumentException("blockDiag: expected tensors of at most 2 dims, got "
                        + Shape.str(b.shape()));
            }
            width += b.size(1);
        }
        List<Tensor> rows = new java.util.ArrayList<>(bs.size());
        int left = 0;
        for (Tensor b : bs) {
            int r = b.size(0);
            int c = b.size(1);
            rows.add(concat(List.of(b.newZeros(r, left), b, b.newZeros(r, width - left - c)), 1));
            left += c;
        }
        return concat(rows, 0);
    }

    /**
     * The coordinates of the lower triangle (diagonal {@code offset} and below) of a
     * {@code [rows, cols]} matrix, row by row: INT64 {@code [2, count]} ({@code torch.tril_indices}).
     */
    public static Tensor trilIndices(int rows, int cols, int offset) { return triangleIndices("trilIndices", rows, cols, offset, true); }

    /** The coordinates of the upper triangle (diagonal {@code offset} and above), as {@link #trilIndices}. */
    public static Tensor triuIndices(int rows, int cols, int offset) { return triangleIndices("triuIndices", rows, cols, offset, false); }

    private static Tensor triangleIndices(String op, int rows, int cols, int offset, boolean lower) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(op + ": rows and cols must be non-negative, got " + rows + " and " + cols);
        }
        long cells = (long) rows * cols;
        if (cells > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException(op + ": a " + rows + " x " + cols + " matrix has too many positions ("
                    + cells + ") for one tensor");
        }
        HeapBudget.require(cells * 4 * Long.BYTES, op + "(" + rows + ", " + cols + ")");
        long[] r = new long[(int) cells];
        long[] c = new long[(int) cells];
        int n = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (lower ? j - i <= offset : j - i >= offset) {
                    r[n] = i;
                    c[n++] = j;
                }
            }
        }
        long[] both = java.util.Arrays.copyOf(r, 2 * n);
        System.arraycopy(c, 0, both, n, n);
        return of(both, 2, n);
    }

    /** All tuples of one element from each 1-D tensor, in row-major order: {@code [n0 * n1 * ..., k]}. */
    public static Tensor cartesianProd(Tensor... tensors) {
        if (tensors.length == 1) {
            return tensors[0];
        }
        List<Tensor> columns = new java.util.ArrayList<>();
        for (Tensor g : meshgrid("ij", tensors)) {
            columns.add(g.reshape(-1));
        }
        return stack(columns, 1);
    }

    /**
     * The length-{@code r} combinations of the elements of a 1-D tensor, in lexicographic order of
     * positions, with repeated elements when {@code withReplacement}: {@code [count, r]}
     * ({@code torch.combinations}); differentiable.
     */
    public static Tensor combinations(Tensor x, int r, boolean withReplacement) {
        if (x.dim() != 1 || r < 0) {
            throw new IllegalArgumentException("combinations: expected a 1-D tensor and r >= 0, got shape "
                    + Shape.str(x.shape()) + " and r = " + r);
        }
        int n = x.size(0);
        long count = r == 0 ? 0 : withReplacement ? binomial(n + r - 1, r) : binomial(n, r);
        if (count > Integer.MAX_VALUE / Math.max(r, 1)) {
            throw new IllegalArgumentException("combinations: " + (count == Long.MAX_VALUE ? "more than 2^63" : count)
                    + " combinations of " + r + " of " + n + " elements are too many for one tensor");
        }
        HeapBudget.require(count * r * 3 * Long.BYTES, "combinations of " + r + " of " + n + " elements");
        List<long[]> tuples = new java.util.ArrayList<>();
        long[] t = new long[r];
        if (r > 0) {
            addCombinations(tuples, t, 0, 0, n, withReplacement);
        }
        if (tuples.isEmpty()) {
            return x.narrow(0, 0, 0);
        }
        long[] flat = new long[tuples.size() * r];
        for (int i = 0; i < tuples.size(); i++) {
            System.arraycopy(tuples.get(i), 0, flat, i * r, r);
        }
        return x.indexSelect(0, of(flat).to(x.backend())).reshape(tuples.size(), r);
    }

    /** {@link #combinations(Tensor, int, boolean)} of pairs without replacement, as PyTorch's default. */
    public static Tensor combinations(Tensor x) { return combinations(x, 2, false); }

    /** {@code n choose k}, {@code Long.MAX_VALUE} when it does not fit. */
    private static long binomial(long n, long k) {
        if (k < 0 || k > n) {
            return 0;
        }
        long c = 1;
        for (long i = 1; i <= Math.min(k, n - k); i++) {
            if (c > Long.MAX_VALUE / (n - i + 1)) {
                return Long.MAX_VALUE;
            }
            c = c * (n - i + 1) / i; // C(n, i) from C(n, i - 1): exact
        }
        return c;
    }

    private static void addCombinations(List<long[]> out, long[] t, int at, int from, int n, boolean repeat) {
        if (at == t.length) {
            out.add(t.clone());
            return;
        }
        for (int i = from; i < n; i++) {
            t[at] = i;
            addCombinations(out, t, at + 1, repeat ? i : i + 1, n, repeat);
        }
    }

    /**
     * The Vandermonde matrix of a 1-D tensor: column {@code j} is {@code x^(columns - 1 - j)}, or
     * {@code x^j} when {@code increasing} ({@code torch.vander}); products of x, so differentiable
     * at 0.
     */
    public static Tensor vander(Tensor x, int columns, boolean increasing) {
        if (x.dim() != 1 || columns < 0) {
            throw new IllegalArgumentException("vander: expected a 1-D tensor and columns >= 0, got shape "
                    + Shape.str(x.shape()) + " and " + columns);
        }
        Tensor v = x.dtype() == DType.BOOL ? x.to(DType.INT64) : x;
        if (columns == 0) {
            return v.unsqueeze(1).narrow(1, 0, 0);
        }
        Tensor powers = concat(List.of(Tensor.onesLike(v).unsqueeze(1), v.unsqueeze(1).expand(v.size(0), columns - 1)), 1)
                .cumprod(1);
        return increasing ? powers : powers.flip(1);
    }

    /** {@link #vander(Tensor, int, boolean)} square and decreasing, as PyTorch's default. */
    public static Tensor vander(Tensor x) { return vander(x, x.size(0), false); }

    /**
     * For each of {@code values}, the index in {@code sorted} (ascending along its last dim: one
     * 1-D sequence for all values, or one per row of the same leading shape as {@code values})
     * at which it would be inserted to keep the order: before equal elements, or after them
     * when {@code right}; INT64, shaped as {@code values} (as {@code torch.searchsorted}).
     */
    public static Tensor searchsorted(Tensor sorted, Tensor values, boolean right) {
        return dev.nabla.ops.Bucketing.searchsorted(sorted, values, right);
    }

    /** {@code cond ? a : b} elementwise with broadcasting. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return dev.nabla.ops.Where.apply(cond, a, b); }

    /** {@link #where(Tensor, Tensor, Tensor)} with a number where the condition holds (of {@code b}'s type). */
    public static Tensor where(Tensor cond, double a, Tensor b) { return where(cond, b.newFull(a), b); }

    /** {@link #where(Tensor, Tensor, Tensor)} with a number where it does not (of {@code a}'s type). */
    public static Tensor where(Tensor cond, Tensor a, double b) { return where(cond, a, a.newFull(b)); }

    /** {@code torch.einsum}, e.g. {@code einsum("bij,bjk->bik", a, b)}; see {@link dev.nabla.ops.Einsum}. */
    public static Tensor einsum(String equation, Tensor... operands) { return dev.nabla.ops.Einsum.apply(equation, operands); }

    /**
     * Coordinate grids of 1-D tensors, as {@code torch.meshgrid}: with {@code "ij"} indexing
     * output {@code i} has shape {@code [n0, n1, ...]} and varies along dim {@code i}; {@code "xy"}
     * swaps the first two dims (Cartesian, as NumPy's default).
     */
    public static List<Tensor> meshgrid(String indexing, Tensor... tensors) {
        boolean xy = switch (indexing) {
            case "ij" -> false;
            case "xy" -> true;
            default -> throw new IllegalArgumentException("meshgrid: indexing must be \"ij\" or \"xy\", got " + indexing);
        };
        int n = tensors.length;
        int[] shape = new int[n];
        for (int i = 0; i < n; i++) {
            if (tensors[i].dim() != 1) {
                throw new IllegalArgumentException("meshgrid: expected 1-D tensors, got " + Shape.str(tensors[i].shape()));
            }
            shape[i] = tensors[i].size(0);
        }
        if (xy && n >= 2) {
            int t = shape[0];
            shape[0] = shape[1];
            shape[1] = t;
        }
        List<Tensor> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            int at = xy && n >= 2 && i < 2 ? 1 - i : i;
            int[] view = new int[n];
            java.util.Arrays.fill(view, 1);
            view[at] = shape[at];
            out.add(tensors[i].reshape(view).expand(shape));
        }
        return out;
    }
}
