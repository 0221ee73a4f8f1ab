package dev.nabla.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.DType;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.Shape;
import dev.nabla.backend.Storage;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.ref.RefBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every primitive of the float32 CPU backend against the float64 reference backend run on the
 * same data and the same views: odd sizes that leave vector tails, size-1 dims, transposed and
 * sliced (offset, stepped) views, broadcasting, sizes large enough to run multithreaded, and
 * NaN/infinity edge values.
 */
class CpuBackendTest {
    private static final RefBackend REF = new RefBackend();
    private static final CpuBackend CPU = new CpuBackend(REF);
    private static final double TOL = 2e-6;

    /** How a test operand is laid out in its storage. */
    enum View { CONTIGUOUS, TRANSPOSED, STRIDED }

    private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        1e-30f, 0.5f, -0.5f, 3f, -3f, 20f, -20f, 88f, -88f, 90f, -90f, 1e4f, -1e4f};

    // ------------------------------------------------------------------ helpers

    /** A float32 array of {@code shape}, laid out as {@code view}, filled (gaps too) from gen. */
    static NDArray f32(int[] shape, View view, DoubleSupplier gen) {
        int r = shape.length;
        int[] base = shape.clone();
        int[] strides;
        int offset = 0;
        if (view == View.TRANSPOSED && r >= 2) {
            base[r - 1] = shape[r - 2];
            base[r - 2] = shape[r - 1];
            strides = Shape.contiguousStrides(base);
            int t = strides[r - 1];
            strides[r - 1] = strides[r - 2];
            strides[r - 2] = t;
        } else if (view == View.STRIDED) {
            for (int d = 0; d < r; d++) {
                base[d] = shape[d] + 1;
            }
            if (r > 0) {
                base[r - 1] = 2 * shape[r - 1] + 1;
            }
            strides = Shape.contiguousStrides(base);
            if (r > 0) {
                strides[r - 1] = 2;
            }
            for (int s : strides) {
                offset += s;
            }
        } else {
            strides = Shape.contiguousStrides(shape);
        }
        float[] data = new float[Shape.numel(base) + offset];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) gen.getAsDouble();
        }
        return new NDArray(new Storage.Floats(data), shape.clone(), strides, offset);
    }

    static DoubleSupplier uniform(long seed, double lo, double hi) {
        Random rnd = new Random(seed);
        return () -> lo + (hi - lo) * rnd.nextDouble();
    }

    static DoubleSupplier ints(long seed, int bound) {
        Random rnd = new Random(seed);
        return () -> rnd.nextInt(bound) - bound / 2;
    }

    /** The same view over a float64 copy of the storage, for the reference backend. */
    static NDArray f64(NDArray x) {
        float[] d = ((Storage.Floats) x.storage()).data();
        double[] out = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = d[i];
        }
        return new NDArray(new Storage.Doubles(out), x.shapeRef(), x.stridesRef(), x.offset());
    }

    static NDArray longs(int[] shape, long seed, int bound) {
        Random rnd = new Random(seed);
        long[] d = new long[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextInt(bound);
        }
        return new NDArray(new Storage.Longs(d), shape);
    }

    /** |cpu - ref| <= atol + rtol |ref| elementwise (NaN matches NaN, infinities exactly). */
    static void assertClose(NDArray cpu, NDArray ref, double rtol, double atol) {
        assertArrayEquals(ref.shapeRef(), cpu.shapeRef(), "shape");
        DType want = ref.dtype() == DType.FLOAT64 ? DType.FLOAT32 : ref.dtype();
        assertEquals(want, cpu.dtype(), "dtype");
        for (int i = 0; i < ref.numel(); i++) {
            double r = ref.storage().get(ref.indexOfFlat(i));
            double c = cpu.storage().get(cpu.indexOfFlat(i));
            if (ref.dtype() == DType.FLOAT64) {
                r = (float) r; // the reference result rounded to the output type
            }
            boolean ok = Double.isNaN(r) ? Double.isNaN(c)
                    : Double.isInfinite(r) ? c == r : Math.abs(c - r) <= atol + rtol * Math.abs(r);
            if (!ok) {
                fail("element " + Arrays.toString(NDArray.unravel(i, ref.shapeRef())) + " of " + ref.numel()
                        + ": cpu " + c + " ref " + r);
            }
        }
    }

    static void assertClose(NDArray cpu, NDArray ref) {
        assertClose(cpu, ref, TOL, TOL);
    }

    static int[] s(int... shape) {
        return shape;
    }

    // ------------------------------------------------------------------ elementwise

    static final int[][] SHAPES = {s(), s(1), s(3), s(7), s(9), s(17), s(33, 1), s(4, 65), s(3, 1, 9), s(2, 5, 7), s(300, 300)};

    static Stream<Arguments> unaryCases() {
        List<Arguments> out = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            for (int[] shape : SHAPES) {
                for (View v : View.values()) {
                    out.add(Arguments.of(op, shape, v));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("unaryCases")
    void unary(UnaryOp op, int[] shape, View view) {
        boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RSQRT || op == UnaryOp.LOG1P;
        NDArray x = f32(shape, view, positive ? uniform(1, 0.01, 5) : uniform(1, -6, 6));
        assertClose(CPU.unary(op, x), REF.unary(op, f64(x)));
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryEdgeValues(UnaryOp op) {
        NDArray x = new NDArray(new Storage.Floats(SPECIAL.clone()), s(SPECIAL.length));
        assertClose(CPU.unary(op, x), REF.unary(op, f64(x)));
    }

    /** GELU's tail is computed without the cancellation of {@code 1 + erf(x / sqrt 2)} for negative x. */
    @Test
    void geluKeepsItsRelativeAccuracyForNegativeInputs() {
        float[] x = new float[4001];
        for (int i = 0; i < x.length; i++) {
            x[i] = -5f + i * 0.0025f;
        }
        NDArray in = new NDArray(new Storage.Floats(x), s(x.length));
        assertClose(CPU.unary(UnaryOp.GELU, in), REF.unary(UnaryOp.GELU, f64(in)), 5e-6, 0);
    }

    static final int[][][] BINARY_SHAPES = {
        {s(3, 5), s(3, 5)}, {s(), s(3, 5)}, {s(4, 9), s()}, {s(4, 17), s(17)}, {s(33), s(2, 33)},
        {s(7, 1), s(7, 9)}, {s(7, 65), s(7, 1)}, {s(7, 1), s(1, 9)}, {s(2, 1, 7), s(3, 1)}, {s(1), s(9)},
        {s(300, 300), s(300, 300)}, {s(300, 300), s(300)}, {s(300, 1), s(300, 300)}, {s(70000), s()},
    };

    static Stream<Arguments> binaryCases() {
        List<Arguments> out = new ArrayList<>();
        for (BinaryOp op : BinaryOp.values()) {
            for (int[][] pair : BINARY_SHAPES) {
                for (View v : View.values()) {
                    out.add(Arguments.of(op, pair[0], pair[1], v, View.values()[(v.ordinal() + 1) % 3]));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("binaryCases")
    void binary(BinaryOp op, int[] sa, int[] sb, View va, View vb) {
        boolean pow = op == BinaryOp.POW;
        DoubleSupplier ga = op.isComparison() ? ints(2, 5) : pow ? uniform(2, 0.1, 3) : uniform(2, -3, 3);
        DoubleSupplier gb = op.isComparison() ? ints(3, 5) : uniform(3, -3, 3);
        NDArray a = f32(sa, va, ga);
        NDArray b = f32(sb, vb, gb);
        assertClose(CPU.binary(op, a, b), REF.binary(op, f64(a), f64(b)), pow ? 1e-5 : TOL, TOL);
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryEdgeValues(BinaryOp op) {
        int n = SPECIAL.length;
        NDArray a = new NDArray(new Storage.Floats(SPECIAL.clone()), s(n, 1));
        NDArray b = new NDArray(new Storage.Floats(SPECIAL.clone()), s(1, n));
        assertClose(CPU.binary(op, a, b), REF.binary(op, f64(a), f64(b)), 1e-5, TOL);
    }

    @Test
    void binaryMixedWithInt64PromotesToFloat32() {
        NDArray a = f32(s(3, 7), View.STRIDED, uniform(4, -3, 3));
        NDArray b = longs(s(7), 5, 10);
        assertClose(CPU.binary(BinaryOp.MUL, a, b), REF.binary(BinaryOp.MUL, f64(a), b));
    }

    static Stream<Arguments> whereCases() {
        int[][][] shapes = {{s(5, 9), s(5, 9), s(5, 9)}, {s(5, 9), s(), s(5, 9)}, {s(9), s(5, 9), s()},
            {s(5, 1), s(1, 9), s(5, 9)}, {s(8, 8), s(3, 8, 8), s()}, {s(300, 300), s(300, 300), s(300)}};
        List<Arguments> out = new ArrayList<>();
        for (int[][] sh : shapes) {
            for (View v : View.values()) {
                out.add(Arguments.of(sh[0], sh[1], sh[2], v));
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("whereCases")
    void where(int[] sc, int[] sa, int[] sb, View view) {
        NDArray c = CPU.binary(BinaryOp.GT, f32(sc, view, uniform(5, -1, 1)), f32(s(), View.CONTIGUOUS, () -> 0));
        NDArray a = f32(sa, view, uniform(6, -3, 3));
        NDArray b = f32(sb, View.CONTIGUOUS, uniform(7, -3, 3));
        assertClose(CPU.where(c, a, b), REF.where(c, f64(a), f64(b)));
        if (sc.length == 2) { // a transposed (non-contiguous) mask
            NDArray c2 = CPU.binary(BinaryOp.GT, f32(s(sc[1], sc[0]), view, uniform(8, -1, 1)), f32(s(), view, () -> 0));
            NDArray ct = c2.view(sc, s(1, sc[0]), 0);
            assertClose(CPU.where(ct, a, b), REF.where(ct, f64(a), f64(b)));
        }
    }

    // ------------------------------------------------------------------ reductions

    static Stream<Arguments> reduceCases() {
        Object[][] cases = {{s(7), s(0)}, {s(3, 5), s(0)}, {s(3, 5), s(1)}, {s(3, 5), s(0, 1)},
            {s(4, 1, 9), s(0)}, {s(4, 1, 9), s(1)}, {s(4, 1, 9), s(2)}, {s(4, 1, 9), s(0, 2)},
            {s(2, 3, 4, 5), s(1, 2)}, {s(2, 3, 4, 5), s(0, 3)}, {s(2, 3, 4, 5), s(1, 3)}, {s(2, 3, 4, 5), s(0, 1, 2, 3)},
            {s(2, 3, 4, 5), s(3)}, {s(2, 3, 4, 5), s(0)}, {s(128, 512), s(0)}, {s(128, 512), s(1)},
            {s(300, 300), s(0, 1)}, {s(300, 1, 300), s(0)}, {s(3, 70000), s(1)}, {s(140001), s(0)}, {s(0, 3), s(0)}};
        List<Arguments> out = new ArrayList<>();
        for (ReduceOp op : ReduceOp.values()) {
            for (Object[] c : cases) {
                for (View v : View.values()) {
                    out.add(Arguments.of(op, c[0], c[1], v, v == View.TRANSPOSED));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("reduceCases")
    void reduce(ReduceOp op, int[] shape, int[] dims, View view, boolean keepDim) {
        NDArray x = f32(shape, view, uniform(9, -1, 2));
        NDArray ref = REF.reduce(op, f64(x), dims, keepDim);
        // sums: error relative to the sum of magnitudes of the reduced elements
        NDArray scale = REF.reduce(ReduceOp.SUM, REF.unary(UnaryOp.ABS, f64(x)), dims, keepDim);
        NDArray cpu = CPU.reduce(op, x, dims, keepDim);
        assertClose(cpu, ref, TOL, TOL);
        if (op == ReduceOp.SUM) {
            for (int i = 0; i < ref.numel(); i++) {
                double err = Math.abs(cpu.storage().get(i) - ref.storage().get(i));
                assertTrue(err <= 1e-6 * scale.storage().get(i) + 1e-6, "sum " + i + " error " + err);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void reduceEdgeValues(ReduceOp op) {
        float[] d = new float[SPECIAL.length * 3 * 9];
        for (int i = 0; i < d.length; i++) {
            d[i] = i % 7 == 0 ? SPECIAL[(i / 7) % SPECIAL.length] : i % 5 - 2f;
        }
        NDArray x = new NDArray(new Storage.Floats(d), s(3, 9, SPECIAL.length));
        for (int[] dims : new int[][] {s(0), s(1), s(2), s(0, 2), s(0, 1, 2)}) {
            assertClose(CPU.reduce(op, x, dims, false), REF.reduce(op, f64(x), dims, false), TOL, TOL);
        }
    }

    @Test
    void reduceOverNoDimsCopies() {
        NDArray x = f32(s(3, 4), View.TRANSPOSED, uniform(10, -1, 1));
        assertClose(CPU.reduce(ReduceOp.SUM, x, new int[0], true), REF.reduce(ReduceOp.SUM, f64(x), new int[0], true));
    }

    static Stream<Arguments> argCases() {
        Object[][] cases = {{s(7), 0}, {s(3, 9), 0}, {s(3, 9), 1}, {s(4, 1, 33), 2}, {s(4, 1, 33), 1},
            {s(4, 5, 6), 1}, {s(4, 5, 6), 0}, {s(200, 700), 1}, {s(700, 200), 0}};
        List<Arguments> out = new ArrayList<>();
        for (boolean max : new boolean[] {true, false}) {
            for (Object[] c : cases) {
                for (View v : View.values()) {
                    out.add(Arguments.of(max, c[0], c[1], v));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("argCases")
    void argReduce(boolean max, int[] shape, int dim, View view) {
        NDArray ties = f32(shape, view, ints(11, 7));
        assertClose(CPU.argReduce(max, ties, dim, true), REF.argReduce(max, f64(ties), dim, true));
        Random rnd = new Random(12);
        NDArray special = f32(shape, view, () -> rnd.nextInt(9) == 0 ? SPECIAL[rnd.nextInt(SPECIAL.length)] : rnd.nextInt(7));
        assertClose(CPU.argReduce(max, special, dim, false), REF.argReduce(max, f64(special), dim, false));
    }

    static Stream<Arguments> softmaxCases() {
        Object[][] cases = {{s(7), 0}, {s(12 * 64, 65), 1}, {s(3, 5), 0}, {s(3, 5), 1}, {s(2, 3, 17), 0},
            {s(2, 3, 17), 1}, {s(2, 3, 17), 2}, {s(4, 1, 9), 1}, {s(1000, 200), 1}};
        List<Arguments> out = new ArrayList<>();
        for (boolean log : new boolean[] {false, true}) {
            for (Object[] c : cases) {
                for (View v : View.values()) {
                    out.add(Arguments.of(c[0], c[1], v, log));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("softmaxCases")
    void softmax(int[] shape, int dim, View view, boolean log) {
        NDArray x = f32(shape, view, uniform(13, -5, 5));
        assertClose(CPU.softmax(x, dim, log), REF.softmax(f64(x), dim, log), TOL, 1e-6);
        NDArray big = f32(shape, view, uniform(14, -1e4, 1e4));
        assertClose(CPU.softmax(big, dim, log), REF.softmax(f64(big), dim, log), TOL, 1e-6);
    }

    @Test
    void softmaxEdgeValues() {
        float[] rows = {1, 2, Float.NaN, 3, Float.NEGATIVE_INFINITY, 0, 1e30f, -1e30f, Float.POSITIVE_INFINITY, 0, 1, 2};
        NDArray x = new NDArray(new Storage.Floats(rows), s(4, 3));
        for (boolean log : new boolean[] {false, true}) {
            assertClose(CPU.softmax(x, 1, log), REF.softmax(f64(x), 1, log));
        }
    }

    // ------------------------------------------------------------------ matmul

    static Stream<Arguments> matmulCases() {
        int[][] mkn = {s(1, 1, 1), s(3, 7, 9), s(17, 33, 65), s(65, 1, 3), s(64, 64, 64)};
        int[][] batches = {s(), s(3), s(2, 2)};
        List<Arguments> out = new ArrayList<>();
        for (int[] d : mkn) {
            for (int[] batch : batches) {
                for (View va : View.values()) {
                    out.add(Arguments.of(d, batch, va, View.values()[(va.ordinal() + 1) % 3], false));
                }
                out.add(Arguments.of(d, batch, View.CONTIGUOUS, View.TRANSPOSED, true));
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("matmulCases")
    void matmul(int[] mkn, int[] batch, View va, View vb, boolean broadcastB) {
        int r = batch.length;
        int[] sa = Arrays.copyOf(batch, r + 2);
        sa[r] = mkn[0];
        sa[r + 1] = mkn[1];
        int[] sb = Arrays.copyOf(batch, r + 2);
        sb[r] = mkn[1];
        sb[r + 1] = mkn[2];
        NDArray a = f32(sa, va, uniform(15, -1, 1));
        NDArray b = f32(sb, vb, uniform(16, -1, 1));
        if (broadcastB) { // one [k, n] matrix expanded over the batch dims (stride 0)
            NDArray b2 = f32(s(mkn[1], mkn[2]), vb, uniform(16, -1, 1));
            b = b2.broadcastTo(sb);
        }
        assertClose(CPU.matmul(a, b), REF.matmul(f64(a), f64(b)), 1e-5, 1e-5);
    }

    // ------------------------------------------------------------------ copy, assign

    static Stream<Arguments> copyCases() {
        List<Arguments> out = new ArrayList<>();
        for (int[] shape : new int[][] {s(), s(7), s(3, 5), s(33, 65), s(300, 257), s(2, 40, 50)}) {
            for (View v : View.values()) {
                out.add(Arguments.of(shape, v));
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("copyCases")
    void copy(int[] shape, View view) {
        NDArray x = f32(shape, view, uniform(17, -100, 100));
        for (DType t : DType.values()) { // casts: the reference run on the same float32 array
            NDArray c = CPU.copy(x, t);
            NDArray r = REF.copy(x, t);
            assertEquals(t, c.dtype());
            assertArrayEquals(r.shapeRef(), c.shapeRef());
            for (int i = 0; i < r.numel(); i++) {
                assertEquals(r.storage().get(i), c.storage().get(i), 0.0);
            }
        }
        if (shape.length == 3) { // a full permutation (2, 0, 1)
            NDArray p = x.view(s(shape[2], shape[0], shape[1]),
                    s(x.stridesRef()[2], x.stridesRef()[0], x.stridesRef()[1]), x.offset());
            assertClose(CPU.copy(p, DType.FLOAT32), REF.copy(f64(p), DType.FLOAT32), 0, 0);
        }
    }

    static Stream<Arguments> assignCases() {
        List<Arguments> out = new ArrayList<>();
        int[][][] pairs = {{s(4, 9), s(4, 9)}, {s(4, 9), s()}, {s(4, 9), s(9)}, {s(4, 9), s(4, 1)},
            {s(2, 3, 17), s(3, 1)}, {s(300, 300), s(300)}};
        for (int[][] p : pairs) {
            for (View v : View.values()) {
                out.add(Arguments.of(p[0], p[1], v));
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("assignCases")
    void assign(int[] dstShape, int[] srcShape, View view) {
        NDArray dst = f32(dstShape, view, uniform(18, -1, 1));
        NDArray refDst = f64(dst);
        NDArray src = f32(srcShape, View.values()[(view.ordinal() + 1) % 3], uniform(19, -1, 1));
        CPU.assign(dst, src);
        REF.assign(refDst, f64(src));
        NDArray whole = new NDArray(dst.storage(), s(dst.storage().size()));
        assertClose(whole, new NDArray(refDst.storage(), s(refDst.storage().size())), 0, 0);
    }

    @ParameterizedTest
    @MethodSource("assignCases")
    void addInPlace(int[] dstShape, int[] srcShape, View view) {
        NDArray dst = f32(dstShape, view, uniform(20, -1, 1));
        NDArray refDst = f64(dst);
        NDArray src = f32(srcShape, View.values()[(view.ordinal() + 1) % 3], uniform(21, -1, 1));
        CPU.addInPlace(dst, src);
        REF.addInPlace(refDst, f64(src));
        // The whole storage: elements outside a strided view stay as they were.
        NDArray whole = new NDArray(dst.storage(), s(dst.storage().size()));
        assertClose(whole, new NDArray(refDst.storage(), s(refDst.storage().size())), 1e-6, 1e-6);
    }

    // ------------------------------------------------------------------ indexing

    static Stream<Arguments> indexCases() {
        List<Arguments> out = new ArrayList<>();
        Object[][] cases = {{s(10, 7), 0}, {s(10, 7), 1}, {s(65, 128), 0}, {s(3, 10, 9), 1}, {s(3, 4, 10), 2}};
        for (Object[] c : cases) {
            for (View v : View.values()) {
                out.add(Arguments.of(c[0], c[1], v));
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("indexCases")
    void indexSelectAndIndexAdd(int[] shape, int dim, View view) {
        NDArray x = f32(shape, view, uniform(20, -1, 1));
        NDArray index = longs(s(13), 21, shape[dim]); // duplicates likely
        assertClose(CPU.indexSelect(x, dim, index), REF.indexSelect(f64(x), dim, index));
        NDArray stepped = index.view(s(6), s(2), 1);
        assertClose(CPU.indexSelect(x, dim, stepped), REF.indexSelect(f64(x), dim, stepped));
        NDArray none = index.view(s(0), s(1), 0); // an empty selection (an empty split of a dataset)
        assertClose(CPU.indexSelect(x, dim, none), REF.indexSelect(f64(x), dim, none));
        int[] ss = shape.clone();
        ss[dim] = 13;
        NDArray src = f32(ss, view, uniform(22, -1, 1));
        assertClose(CPU.indexAdd(x, dim, index, src), REF.indexAdd(f64(x), dim, index, f64(src)));
    }

    @ParameterizedTest
    @MethodSource("indexCases")
    void gatherAndScatterAdd(int[] shape, int dim, View view) {
        NDArray x = f32(shape, view, uniform(23, -1, 1));
        int[] is = shape.clone();
        is[dim] = 5;
        is[0] = Math.max(1, shape[0] - 1); // index may be smaller than x in other dims
        if (dim == 0) {
            is[is.length - 1] = shape[shape.length - 1] - 1;
        }
        NDArray index = longs(is, 24, shape[dim]);
        assertClose(CPU.gather(x, dim, index), REF.gather(f64(x), dim, index));
        NDArray src = f32(is, view, uniform(25, -1, 1));
        assertClose(CPU.scatterAdd(x, dim, index, src), REF.scatterAdd(f64(x), dim, index, f64(src)));
    }
}
