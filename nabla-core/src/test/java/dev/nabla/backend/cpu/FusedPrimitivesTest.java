package dev.nabla.backend.cpu;

import static dev.nabla.backend.cpu.CpuBackendTest.assertClose;
import static dev.nabla.backend.cpu.CpuBackendTest.f32;
import static dev.nabla.backend.cpu.CpuBackendTest.f64;
import static dev.nabla.backend.cpu.CpuBackendTest.s;
import static dev.nabla.backend.cpu.CpuBackendTest.uniform;

import dev.nabla.backend.AdamStep;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.cpu.CpuBackendTest.View;
import dev.nabla.backend.ref.RefBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused primitives of the float32 CPU backend (unary backward, linear, Adam step) against
 * the float64 reference on the same data and views, odd sizes, tails and multithreaded sizes.
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
        assertClose(CPU.linear(x, w, b), REF.linear(f64(x), f64(w), b == null ? null : f64(b)), 1e-5, 1e-5);
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

}
