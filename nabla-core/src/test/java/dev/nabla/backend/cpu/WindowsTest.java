package dev.nabla.backend.cpu;

import static dev.nabla.backend.cpu.CpuBackendTest.assertClose;
import static dev.nabla.backend.cpu.CpuBackendTest.f32;
import static dev.nabla.backend.cpu.CpuBackendTest.f64;
import static dev.nabla.backend.cpu.CpuBackendTest.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.backend.MaxPoolOutput;
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
 * The sliding-window primitives (unfold, fold, max pooling): hand-computed values on the
 * reference backend, and the float32 kernels against the reference on strides, paddings,
 * dilations, odd sizes, non-contiguous inputs and sizes that run on several threads.
 */
class WindowsTest {
    private static final RefBackend REF = new RefBackend();
    private static final CpuBackend CPU = new CpuBackend(REF);

    /** {n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw}. */
    private static final int[][] GEOMETRIES = {
        {1, 1, 4, 4, 3, 3, 1, 1, 0, 0, 1, 1}, {2, 3, 5, 7, 3, 3, 1, 1, 1, 1, 1, 1}, {2, 2, 9, 8, 3, 2, 2, 3, 1, 0, 1, 1},
        {1, 3, 11, 10, 3, 3, 1, 2, 2, 2, 2, 3}, {3, 2, 6, 6, 2, 2, 2, 2, 0, 0, 1, 1}, {1, 1, 1, 13, 1, 5, 1, 2, 0, 2, 1, 1},
        {2, 4, 5, 5, 1, 1, 1, 1, 0, 0, 1, 1}, {8, 32, 28, 28, 3, 3, 1, 1, 1, 1, 1, 1}, {4, 16, 14, 14, 2, 2, 2, 2, 1, 1, 1, 1},
        {4, 8, 15, 14, 2, 2, 2, 2, 0, 0, 1, 1},
        // a kernel column wholly in the padding of row 0 (ConvTranspose2d's backward met it)
        {1, 2, 4, 3, 1, 4, 1, 1, 0, 2, 1, 2}};

    private static Window2d geometry(int[] q) {
        return Window2d.of(q[2], q[3], q[4], q[5], q[6], q[7], q[8], q[9], q[10], q[11]);
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int[] q : GEOMETRIES) {
            for (View v : View.values()) {
                out.add(Arguments.of(q, v));
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void unfoldAndFoldMatchTheReference(int[] q, View view) {
        Window2d g = geometry(q);
        NDArray x = f32(new int[] {q[0], q[1], q[2], q[3]}, view, uniform(1, -2, 2));
        assertClose(CPU.unfold(x, g), REF.unfold(f64(x), g), 0, 0);
        NDArray cols = f32(new int[] {q[0], q[1] * g.kernelSize(), g.windows()}, view, uniform(2, -2, 2));
        assertClose(CPU.fold(cols, g), REF.fold(f64(cols), g), 1e-6, 1e-6);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void maxPoolAndItsBackwardMatchTheReference(int[] q, View view) {
        int ph = Math.min(q[8], q[4] / 2);
        int pw = Math.min(q[9], q[5] / 2);
        Window2d geometry = Window2d.of(q[2], q[3], q[4], q[5], q[6], q[7], ph, pw, q[10], q[11]);
        NDArray x = f32(new int[] {q[0], q[1], q[2], q[3]}, view, CpuBackendTest.ints(3, 7));
        MaxPoolOutput c = CPU.maxPool2d(x, geometry);
        MaxPoolOutput r = REF.maxPool2d(f64(x), geometry);
        assertClose(c.values(), r.values(), 0, 0);
        assertArrayEquals(((Storage.Longs) r.indices().storage()).data(), ((Storage.Longs) c.indices().storage()).data());
        NDArray g = f32(c.values().shapeRef(), view, uniform(4, -2, 2));
        assertClose(CPU.maxPool2dBackward(g, c.indices(), geometry), REF.maxPool2dBackward(f64(g), r.indices(), geometry),
                1e-6, 1e-6);
    }

    @Test
    void unfoldOfA3x3ImageWithPadding() {
        NDArray x = new NDArray(new Storage.Doubles(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}), new int[] {1, 1, 3, 3});
        NDArray cols = REF.unfold(x, Window2d.of(3, 3, 2, 2, 2, 2, 1, 1, 1, 1));
        assertArrayEquals(new int[] {1, 4, 4}, cols.shapeRef());
        // rows: kernel offsets (0,0) (0,1) (1,0) (1,1); columns: windows at (-1,-1) (-1,1) (1,-1) (1,1)
        assertArrayEquals(new double[] {0, 0, 0, 5, 0, 0, 4, 6, 0, 2, 0, 8, 1, 3, 7, 9},
                ((Storage.Doubles) cols.storage()).data());
        NDArray back = REF.fold(cols, Window2d.of(3, 3, 2, 2, 2, 2, 1, 1, 1, 1));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, ((Storage.Doubles) back.storage()).data());
    }

    @Test
    void maxPoolTakesTheFirstMaximumAndPropagatesNaN() {
        NDArray x = new NDArray(new Storage.Floats(new float[] {Float.NaN, 1, 3, 0, 4, 2, 1, 5, 1}), new int[] {1, 1, 3, 3});
        MaxPoolOutput p = CPU.maxPool2d(x, Window2d.of(3, 3, 2, 2, 1, 1, 0, 0, 1, 1));
        float[] v = ((Storage.Floats) p.values().storage()).data();
        assertEquals(Float.NaN, v[0]);
        assertArrayEquals(new float[] {4, 5, 5}, java.util.Arrays.copyOfRange(v, 1, 4));
        assertArrayEquals(new long[] {0, 4, 7, 7}, ((Storage.Longs) p.indices().storage()).data());
        NDArray tie = new NDArray(new Storage.Floats(new float[] {2, 2, 2, 2}), new int[] {1, 1, 2, 2});
        assertArrayEquals(new long[] {0}, ((Storage.Longs) CPU.maxPool2d(tie, Window2d.of(2, 2, 2, 2, 2, 2, 0, 0, 1, 1))
                .indices().storage()).data());
    }

    @Test
    void poolingOutputSizesAsPyTorch() {
        // F.max_pool1d(torch.randn(1, 1, n), k, s, p, d, ceil_mode=c).shape[-1] in PyTorch 1.13
        int[][] cases = { // n, k, s, p, d, ceil, out
            {4, 3, 2, 0, 2, 1, 1}, {4, 3, 2, 0, 2, 0, 0}, {3, 3, 3, 0, 2, 1, 1}, {5, 2, 2, 0, 1, 1, 3},
            {5, 2, 2, 0, 1, 0, 2}, {6, 3, 3, 1, 1, 1, 3}, {7, 2, 3, 1, 1, 1, 3}, {1, 1, 1, 0, 1, 0, 1}};
        for (int[] c : cases) {
            assertEquals(c[6], Window2d.outSize(c[0], c[1], c[2], c[3], c[4], c[5] == 1), java.util.Arrays.toString(c));
        }
    }

    @Test
    void aCeilModeWindowWiderThanTheInputPoolsWhatItCovers() {
        // F.max_pool2d(x, 3, (2, 3), 0, 2, ceil_mode=True) on a 4 x 3 image: one window, rows and
        // columns 0 and 2 (4 lies outside)
        dev.nabla.tensor.Tensor x = dev.nabla.tensor.Tensor.of(new double[] {
            1, 9, 2,
            3, 4, 5,
            6, 8, 0,
            7, 7, 7}, 1, 1, 4, 3);
        dev.nabla.tensor.Tensor y = dev.nabla.ops.Pool.maxPool2d(x, new int[] {3, 3}, new int[] {2, 3}, new int[] {0, 0},
                new int[] {2, 2}, true);
        assertArrayEquals(new int[] {1, 1, 1, 1}, y.shape());
        assertEquals(6, y.item(), 0);
    }
}
