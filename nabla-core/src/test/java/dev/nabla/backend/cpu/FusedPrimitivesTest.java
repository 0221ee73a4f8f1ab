package dev.nabla.backend.cpu;

import static dev.nabla.backend.cpu.CpuBackendTest.assertClose;
import static dev.nabla.backend.cpu.CpuBackendTest.f32;
import static dev.nabla.backend.cpu.CpuBackendTest.f64;
import static dev.nabla.backend.cpu.CpuBackendTest.s;
import static dev.nabla.backend.cpu.CpuBackendTest.uniform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nabla.backend.AdamStep;
import dev.nabla.backend.LayerNormGrads;
import dev.nabla.backend.LstmCellGrads;
import dev.nabla.backend.LstmCellOutput;
import dev.nabla.backend.LayerNormOutput;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.cpu.CpuBackendTest.View;
import dev.nabla.backend.ref.RefBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused primitives of the float32 CPU backend (unary backward, linear with activation, Adam
 * step, LSTM cell, layer norm) against the float64 reference on the same data and views, odd
 * sizes, tails and multithreaded sizes.
 */
class FusedPrimitivesTest {
    private static final RefBackend REF = new RefBackend();
    private static final CpuBackend CPU = new CpuBackend(REF);

    static Stream<Arguments> unaryBackwardCases() {
        List<Arguments> out = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            for (int[] shape : new int[][] {s(), s(7), s(4, 65), s(3, 1, 9), s(300, 300)}) {
                for (View v : View.values()) {
                    out.add(Arguments.of(op, shape, v));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("unaryBackwardCases")
    void unaryBackward(UnaryOp op, int[] shape, View view) {
        boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RSQRT || op == UnaryOp.LOG1P;
        NDArray x = f32(shape, view, positive ? uniform(1, 0.05, 5) : uniform(1, -4, 4));
        NDArray y = CPU.unary(op, x);
        NDArray g = f32(shape, View.values()[(view.ordinal() + 1) % 3], uniform(2, -2, 2));
        assertClose(CPU.unaryBackward(op, x, y, g), REF.unaryBackward(op, f64(x), f64(y), f64(g)), 1e-5, 1e-5);
    }

    static Stream<Arguments> linearCases() {
        List<Arguments> out = new ArrayList<>();
        for (int[] nio : new int[][] {s(1, 1, 1), s(3, 5, 2), s(32, 8, 64), s(33, 17, 9), s(128, 200, 70)}) {
            for (View v : View.values()) {
                out.add(Arguments.of(nio, v, true));
            }
            out.add(Arguments.of(nio, View.CONTIGUOUS, false));
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("linearCases")
    void linear(int[] nio, View view, boolean bias) {
        NDArray x = f32(s(nio[0], nio[1]), view, uniform(3, -1, 1));
        NDArray w = f32(s(nio[2], nio[1]), View.values()[(view.ordinal() + 1) % 3], uniform(4, -1, 1));
        NDArray b = bias ? f32(s(nio[2]), view, uniform(5, -1, 1)) : null;
        for (UnaryOp act : new UnaryOp[] {null, UnaryOp.RELU, UnaryOp.TANH}) {
            assertClose(CPU.linear(x, w, b, act), REF.linear(f64(x), f64(w), b == null ? null : f64(b), act), 1e-5, 1e-5);
        }
    }

    static Stream<Arguments> adamCases() {
        List<Arguments> out = new ArrayList<>();
        for (int[] shape : new int[][] {s(), s(7), s(9, 33), s(512, 300)}) {
            for (boolean decoupled : new boolean[] {false, true}) {
                for (boolean amsgrad : new boolean[] {false, true}) {
                    out.add(Arguments.of(shape, View.CONTIGUOUS, decoupled, amsgrad));
                }
            }
            out.add(Arguments.of(shape, View.STRIDED, false, false));
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("adamCases")
    void adamStep(int[] shape, View view, boolean decoupled, boolean amsgrad) {
        NDArray p = f32(shape, view, uniform(6, -1, 1));
        NDArray g = f32(shape, View.CONTIGUOUS, uniform(7, -1, 1));
        NDArray m = f32(shape, view, uniform(8, -0.1, 0.1));
        NDArray v = f32(shape, View.CONTIGUOUS, uniform(9, 0, 0.01));
        NDArray vMax = amsgrad ? f32(shape, View.CONTIGUOUS, uniform(10, 0, 0.02)) : null;
        NDArray[] ref = {f64(p), f64(g), f64(m), f64(v), vMax == null ? null : f64(vMax)};
        AdamStep h = new AdamStep(0.01, 0.9, 0.999, 1e-8, 0.05, decoupled, 3);
        CPU.adamStep(p, g, m, v, vMax, h);
        REF.adamStep(ref[0], ref[1], ref[2], ref[3], ref[4], h);
        assertClose(p, ref[0], 1e-5, 1e-6);
        assertClose(m, ref[2], 1e-5, 1e-6);
        assertClose(v, ref[3], 1e-5, 1e-7);
        if (amsgrad) {
            assertClose(vMax, ref[4], 1e-5, 1e-7);
        }
    }

    static Stream<Arguments> lstmCellCases() {
        List<Arguments> out = new ArrayList<>();
        for (int[] bh : new int[][] {s(1, 1), s(5, 3), s(2, 9), s(3, 33), s(4, 64), s(160, 300)}) {
            for (View v : View.values()) {
                out.add(Arguments.of(bh, v));
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("lstmCellCases")
    void lstmCell(int[] bh, View view) {
        int b = bh[0];
        int h = bh[1];
        View other = View.values()[(view.ordinal() + 1) % 3];
        NDArray x = f32(s(b, 4 * h), view, uniform(11, -4, 4));
        NDArray y = f32(s(b, 4 * h), other, uniform(12, -4, 4));
        NDArray c = f32(s(b, h), view, uniform(13, -2, 2));
        LstmCellOutput cpu = CPU.lstmCell(x, y, c);
        LstmCellOutput ref = REF.lstmCell(f64(x), f64(y), f64(c));
        assertClose(cpu.hc(), ref.hc(), 1e-5, 1e-6);
        assertClose(cpu.gates(), ref.gates(), 1e-5, 1e-6);
    }

    @ParameterizedTest
    @MethodSource("lstmCellCases")
    void lstmCellBackward(int[] bh, View view) {
        int b = bh[0];
        int h = bh[1];
        View other = View.values()[(view.ordinal() + 1) % 3];
        NDArray dh = f32(s(b, h), view, uniform(14, -1, 1));
        NDArray dc = f32(s(b, h), other, uniform(15, -1, 1));
        NDArray c = f32(s(b, h), other, uniform(16, -2, 2));
        NDArray cNew = f32(s(b, h), view, uniform(17, -2, 2));
        NDArray gates = f32(s(b, 4 * h), view, uniform(18, 0, 1));
        LstmCellGrads cpu = CPU.lstmCellBackward(dh, dc, c, cNew, gates);
        LstmCellGrads ref = REF.lstmCellBackward(f64(dh), f64(dc), f64(c), f64(cNew), f64(gates));
        assertClose(cpu.dGates(), ref.dGates(), 1e-5, 1e-6);
        assertClose(cpu.dc(), ref.dc(), 1e-5, 1e-6);
    }

    @Test
    void lstmCellDoesNotDependOnTheThreadCount() {
        NDArray x = f32(s(160, 1200), View.CONTIGUOUS, uniform(19, -4, 4));
        NDArray c = f32(s(160, 300), View.CONTIGUOUS, uniform(20, -2, 2));
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(2);
            LstmCellOutput two = CPU.lstmCell(x, x, c);
            LstmCellGrads twoBack = CPU.lstmCellBackward(c, c, c, c, two.gates());
            Parallel.setThreads(1);
            LstmCellOutput one = CPU.lstmCell(x, x, c);
            LstmCellGrads oneBack = CPU.lstmCellBackward(c, c, c, c, one.gates());
            assertArrayEquals(floats(one.hc()), floats(two.hc()));
            assertArrayEquals(floats(oneBack.dGates()), floats(twoBack.dGates()));
            assertArrayEquals(floats(oneBack.dc()), floats(twoBack.dc()));
        } finally {
            Parallel.setThreads(saved);
        }
    }

    static Stream<Arguments> layerNormCases() {
        List<Arguments> out = new ArrayList<>();
        for (int[] shape : new int[][] {s(1, 1), s(3, 7), s(5, 33), s(4, 65), s(2000, 9), s(768, 128)}) {
            for (View v : View.values()) {
                out.add(Arguments.of(shape, v, true, true, false));
            }
            out.add(Arguments.of(shape, View.CONTIGUOUS, false, false, false));
            out.add(Arguments.of(shape, View.STRIDED, true, false, false));
            out.add(Arguments.of(shape, View.TRANSPOSED, false, true, false));
            out.add(Arguments.of(shape, View.CONTIGUOUS, true, true, true));
        }
        return out.stream();
    }

    /**
     * Forward and every gradient, cpu against ref; {@code constant} fills x with 0.75 (variance 0;
     * its multiples are exact in float32, so the float32 mean is exact too).
     */
    @ParameterizedTest
    @MethodSource("layerNormCases")
    void layerNorm(int[] shape, View view, boolean weight, boolean bias, boolean constant) {
        NDArray x = f32(shape, view, constant ? () -> 0.75 : uniform(11, -3, 5));
        NDArray w = weight ? f32(s(shape[1]), view, uniform(12, -2, 2)) : null;
        NDArray b = bias ? f32(s(shape[1]), view, uniform(13, -1, 1)) : null;
        NDArray wRef = w == null ? null : f64(w);
        LayerNormOutput cpu = CPU.layerNorm(x, w, b, 1e-5);
        LayerNormOutput ref = REF.layerNorm(f64(x), wRef, b == null ? null : f64(b), 1e-5);
        assertClose(cpu.y(), ref.y(), 1e-5, 1e-5);
        assertClose(cpu.mean(), ref.mean(), 1e-6, 1e-6);
        assertClose(cpu.rstd(), ref.rstd(), 1e-5, 1e-6);
        NDArray g = f32(shape, View.values()[(view.ordinal() + 1) % 3], uniform(14, -2, 2));
        LayerNormGrads cg = CPU.layerNormBackward(g, x, cpu.mean(), cpu.rstd(), w, true, weight, bias);
        LayerNormGrads rg = REF.layerNormBackward(f64(g), f64(x), ref.mean(), ref.rstd(), wRef, true, weight, bias);
        assertClose(cg.dx(), rg.dx(), 1e-4, 1e-4);
        double sumTol = 1e-6 * shape[0]; // dweight and dbias add up one term per row
        if (weight) {
            assertClose(cg.dweight(), rg.dweight(), 1e-5, sumTol);
        } else {
            assertNull(cg.dweight());
        }
        if (bias) {
            assertClose(cg.dbias(), rg.dbias(), 1e-5, sumTol);
        } else {
            assertNull(cg.dbias());
        }
    }

    @Test
    void layerNormBackwardSkipsGradientsNotAskedFor() {
        NDArray x = f32(s(4, 9), View.CONTIGUOUS, uniform(15, -1, 1));
        NDArray w = f32(s(9), View.CONTIGUOUS, uniform(16, -1, 1));
        LayerNormOutput f = CPU.layerNorm(x, w, null, 1e-5);
        LayerNormGrads d = CPU.layerNormBackward(x, x, f.mean(), f.rstd(), w, false, true, false);
        assertNull(d.dx());
        assertNull(d.dbias());
        LayerNormGrads all = CPU.layerNormBackward(x, x, f.mean(), f.rstd(), w, true, true, true);
        assertArrayEquals(floats(all.dweight()), floats(d.dweight()));
    }

    /** Bit for bit the same on one thread as on several: rows split differently, gradient sums not. */
    @Test
    void layerNormIsIndependentOfTheThreadCount() {
        int[] shape = s(1500, 96);
        DoubleSupplier gen = uniform(17, -2, 2);
        NDArray x = f32(shape, View.CONTIGUOUS, gen);
        NDArray g = f32(shape, View.CONTIGUOUS, gen);
        NDArray w = f32(s(96), View.CONTIGUOUS, gen);
        NDArray b = f32(s(96), View.CONTIGUOUS, gen);
        int saved = Parallel.threads();
        try {
            List<float[]> results = new ArrayList<>();
            for (int threads : new int[] {1, 4}) {
                Parallel.setThreads(threads);
                LayerNormOutput f = CPU.layerNorm(x, w, b, 1e-5);
                LayerNormGrads d = CPU.layerNormBackward(g, x, f.mean(), f.rstd(), w, true, true, true);
                results.addAll(List.of(floats(f.y()), floats(f.rstd()), floats(d.dx()), floats(d.dweight()),
                        floats(d.dbias())));
            }
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(results.get(i), results.get(i + 5), "result " + i);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    private static float[] floats(NDArray a) {
        return StridedCopy.toArray(a);
    }
}
