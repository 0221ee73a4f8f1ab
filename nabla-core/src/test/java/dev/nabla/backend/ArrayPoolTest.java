package dev.nabla.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nabla.autograd.Autograd;
import dev.nabla.ops.Linear;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrayPoolTest {
    private static final int N = 32 * 64;

    @Test
    void backwardTemporariesComeBackCleared() {
        Tensor w = Tensor.randn(new Generator(1), 32, 64).requiresGrad(true);
        w.mul(w).relu().sum().backward();
        Object a = ArrayPool.take(DType.FLOAT32, N, true);
        assertNotNull(a, "a 32x64 temporary of the backward pass is pooled");
        for (float v : (float[]) a) {
            assertEquals(0f, v);
        }
    }

    @Test
    void gradientsLeftBehindAreNeverRecycled() {
        Generator gen = new Generator(2);
        Tensor x = Tensor.randn(gen, 32, 64).requiresGrad(true);
        Tensor w = Tensor.randn(gen, 64, 64).requiresGrad(true);
        Tensor h = x.matmul(w).retainGrad();
        h.relu().sum().backward();
        double[] gx = x.grad().toDoubleArray();
        double[] gw = w.grad().toDoubleArray();
        double[] gh = h.grad().toDoubleArray();
        List<Tensor> returned = Autograd.grad(List.of(x.matmul(w).tanh().sum()), List.of(x, w), null, false, false);
        double[] rx = returned.get(0).toDoubleArray();
        double[] rw = returned.get(1).toDoubleArray();

        for (int i = 0; i < 3; i++) { // more passes, then every pooled array of these sizes overwritten
            Tensor y = Tensor.randn(gen, 32, 64).requiresGrad(true);
            y.matmul(w.detach()).mul(y).sum().backward();
        }
        for (int n : new int[] {32 * 64, 64 * 64}) {
            for (Object a = ArrayPool.take(DType.FLOAT32, n, true); a != null; a = ArrayPool.take(DType.FLOAT32, n, true)) {
                Arrays.fill((float[]) a, Float.NaN);
            }
        }

        assertArrayEquals(gx, x.grad().toDoubleArray());
        assertArrayEquals(gw, w.grad().toDoubleArray());
        assertArrayEquals(gh, h.grad().toDoubleArray());
        assertArrayEquals(rx, returned.get(0).toDoubleArray());
        assertArrayEquals(rw, returned.get(1).toDoubleArray());
    }

    @Test
    void zeroGradRecyclesAGradientNoOneWasHanded() {
        Tensor w = Tensor.randn(new Generator(4), 64, 64).requiresGrad(true);
        w.mul(w).sum().backward();
        Object array = HostMemory.array(w.peekGrad().data().storage());
        w.zeroGrad();
        assertSame(array, ArrayPool.take(DType.FLOAT32, 64 * 64, false), "the next 64x64 allocation reuses it");
    }

    @Test
    void zeroGradLeavesAGradientOfARecordedPassAlone() {
        Generator gen = new Generator(6);
        Tensor w = Tensor.randn(gen, 64, 64).requiresGrad(true);
        w.mul(Tensor.randn(gen, 64, 64)).sum().backward(null, false, true); // its graph may hold the gradient
        Object array = HostMemory.array(w.peekGrad().data().storage());
        w.zeroGrad();
        assertNotSame(array, ArrayPool.take(DType.FLOAT32, 64 * 64, false));
    }

    @Test
    void anArrayRecycledTwiceIsPooledOnce() {
        float[] array = new float[777];
        NDArray d = new NDArray(new Storage.Floats(array), new int[] {777});
        ArrayPool.recycle(d);
        ArrayPool.recycle(d);
        assertSame(array, ArrayPool.take(DType.FLOAT32, 777, false));
        assertNull(ArrayPool.take(DType.FLOAT32, 777, false), "the pool held it twice");
    }

    @Test
    void zeroGradLeavesAHandedGradientAlone() {
        Generator gen = new Generator(5);
        Tensor w = Tensor.randn(gen, 64, 64).requiresGrad(true);
        w.mul(w).sum().backward();
        Tensor kept = w.grad();
        double[] values = kept.toDoubleArray();
        w.zeroGrad();
        for (int i = 0; i < 3; i++) { // more passes, each gradient dropped unseen, then the pool overwritten
            w.mul(Tensor.randn(gen, 64, 64)).sum().backward();
            w.zeroGrad();
        }
        for (Object a = ArrayPool.take(DType.FLOAT32, 64 * 64, true); a != null; a = ArrayPool.take(DType.FLOAT32, 64 * 64, true)) {
            assertNotSame(HostMemory.array(kept.data().storage()), a);
            Arrays.fill((float[]) a, Float.NaN);
        }
        assertArrayEquals(values, kept.toDoubleArray());
    }

    /** Products take recycled arrays without clearing them: what those held must not leak into the result. */
    @Test
    void productsIgnoreWhatTheirRecycledArraysHeld() {
        Generator gen = new Generator(3);
        Tensor x = Tensor.randn(gen, 32, 48);
        Tensor w = Tensor.randn(gen, 64, 48);
        Tensor b = Tensor.randn(gen, 64);
        float[] xs = x.toFloatArray();
        float[] ws = w.toFloatArray();
        float[] bs = b.toFloatArray();
        double[] expected = new double[N];
        for (int i = 0; i < 32; i++) {
            for (int j = 0; j < 64; j++) {
                double s = 0;
                for (int p = 0; p < 48; p++) {
                    s += (double) xs[i * 48 + p] * ws[j * 48 + p];
                }
                expected[i * 64 + j] = s;
            }
        }
        for (int round = 0; round < 3; round++) {
            try (ArrayPool.Recording r = ArrayPool.record()) { // the pool then holds NaN-filled 32x64 arrays
                for (int i = 0; i < 4; i++) {
                    Arrays.fill(HeapBudget.floats(N), Float.NaN);
                }
                r.release(List.of());
            }
            double[] product = x.matmul(w.transpose(0, 1)).toDoubleArray();
            double[] withBias = Linear.apply(x, w, b).toDoubleArray();
            for (int e = 0; e < N; e++) {
                assertEquals(expected[e], product[e], 1e-4, "matmul element " + e);
                assertEquals(expected[e] + bs[e % 64], withBias[e], 1e-4, "linear element " + e);
            }
        }
    }
}
