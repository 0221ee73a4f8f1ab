package dev.nabla.backend.cpu;

import static dev.nabla.backend.cpu.CpuBackendTest.assertClose;
import static dev.nabla.backend.cpu.CpuBackendTest.f32;
import static dev.nabla.backend.cpu.CpuBackendTest.f64;
import static dev.nabla.backend.cpu.CpuBackendTest.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nabla.backend.Conv2dGrads;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Storage;
import dev.nabla.backend.Window2d;
import dev.nabla.backend.cpu.CpuBackendTest.View;
import dev.nabla.backend.ref.RefBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float32 conv2d primitive and its backward against the reference backend: W7's two layers
 * (C_in = 1, and 32 → 64 on several threads), 1×1 kernels, depthwise and grouped, dilated,
 * strided, "valid", padding wider than the image, blocks of several images, non-contiguous
 * operands; and weight gradients that do not depend on the thread count.
 */
class ConvolutionTest {
    private static final RefBackend REF = new RefBackend();
    private static final CpuBackend CPU = new CpuBackend(REF);

    /** {n, c, h, w, out, kh, kw, sh, sw, ph, pw, dh, dw, groups}. */
    private static final int[][] CASES = {
        {8, 1, 28, 28, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1}, {4, 32, 14, 14, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1},
        {3, 5, 4, 3, 6, 1, 1, 1, 1, 0, 0, 1, 1, 1}, {2, 4, 7, 6, 3, 1, 1, 2, 2, 0, 0, 1, 1, 1},
        {2, 6, 9, 8, 6, 3, 3, 1, 1, 1, 1, 1, 1, 6}, {2, 4, 9, 9, 6, 3, 3, 1, 1, 2, 2, 2, 2, 2},
        {3, 3, 8, 7, 5, 3, 2, 1, 1, 0, 0, 1, 1, 1}, {2, 3, 11, 10, 4, 3, 3, 2, 3, 1, 2, 1, 1, 1},
        {2, 2, 4, 3, 3, 7, 7, 1, 1, 3, 3, 1, 1, 1}, {2, 2, 5, 6, 3, 3, 3, 1, 1, 0, 1, 1, 1, 1},
        {9, 16, 10, 10, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1}, {3, 2, 6, 6, 24, 3, 3, 1, 1, 1, 1, 1, 1, 1},
        {20, 3, 5, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1}, {17, 2, 6, 5, 3, 2, 2, 2, 1, 0, 1, 1, 1, 1},
        {18, 4, 5, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1, 4}, {19, 6, 3, 4, 4, 1, 1, 1, 1, 0, 0, 1, 1, 2},
        {5, 1, 7, 9, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1}};

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int[] q : CASES) {
            for (View v : View.values()) {
                out.add(Arguments.of(q, v));
            }
        }
        return out.stream();
    }

    private static Window2d geometry(int[] q) {
        return Window2d.of(q[2], q[3], q[5], q[6], q[7], q[8], q[9], q[10], q[11], q[12]);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void forwardAndGradientsMatchTheReference(int[] q, View view) {
        Window2d g = geometry(q);
        int groups = q[13];
        NDArray x = f32(new int[] {q[0], q[1], q[2], q[3]}, view, uniform(1, -1, 1));
        NDArray w = f32(new int[] {q[4], q[1] / groups, q[5], q[6]}, view, uniform(2, -1, 1));
        NDArray b = q[0] % 2 == 0 ? f32(new int[] {q[4]}, view, uniform(3, -1, 1)) : null;
        NDArray y = CPU.conv2d(x, w, b, g, groups);
        assertClose(y, REF.conv2d(f64(x), f64(w), b == null ? null : f64(b), g, groups), 1e-4, 1e-4);
        NDArray gy = f32(y.shapeRef(), view, uniform(4, -1, 1));
        Conv2dGrads c = CPU.conv2dBackward(gy, x, w, g, groups, true, true, true);
        Conv2dGrads r = REF.conv2dBackward(f64(gy), f64(x), f64(w), g, groups, true, true, true);
        assertClose(c.dx(), r.dx(), 1e-4, 1e-4);
        assertClose(c.dw(), r.dw(), 1e-4, 1e-4);
        assertClose(c.db(), r.db(), 1e-4, 1e-4);
    }

    @Test
    void onlyTheAskedGradientsAreComputed() {
        Window2d g = Window2d.of(5, 5, 3, 3, 1, 1, 1, 1, 1, 1);
        NDArray x = f32(new int[] {2, 1, 5, 5}, View.CONTIGUOUS, uniform(5, -1, 1));
        NDArray w = f32(new int[] {4, 1, 3, 3}, View.CONTIGUOUS, uniform(6, -1, 1));
        NDArray gy = f32(new int[] {2, 4, 5, 5}, View.CONTIGUOUS, uniform(7, -1, 1));
        Conv2dGrads c = CPU.conv2dBackward(gy, x, w, g, 1, false, true, false);
        assertNull(c.dx());
        assertNull(c.db());
        assertClose(c.dw(), REF.conv2dBackward(f64(gy), f64(x), f64(w), g, 1, false, true, false).dw(), 1e-4, 1e-4);
    }

    @Test
    void weightGradientDoesNotDependOnTheThreadCount() {
        Window2d g = Window2d.of(14, 14, 3, 3, 1, 1, 1, 1, 1, 1);
        NDArray x = f32(new int[] {16, 8, 14, 14}, View.CONTIGUOUS, uniform(8, -1, 1));
        NDArray w = f32(new int[] {16, 8, 3, 3}, View.CONTIGUOUS, uniform(9, -1, 1));
        NDArray gy = f32(new int[] {16, 16, 14, 14}, View.CONTIGUOUS, uniform(10, -1, 1));
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] one = floats(CPU.conv2dBackward(gy, x, w, g, 1, true, true, true).dw());
            Parallel.setThreads(2);
            float[] two = floats(CPU.conv2dBackward(gy, x, w, g, 1, true, true, true).dw());
            assertArrayEquals(one, two);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    private static float[] floats(NDArray a) {
        return ((Storage.Floats) a.storage()).data();
    }
}
