package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.DType;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The driver runtime on a real GPU: copies, a compiled kernel, cuBLAS GEMMs, the allocator. */
@OnGpu
class DriverRuntimeGpuTest {
    private final DeviceRuntime gpu = Cuda.runtime(0);

    private long upload(float[] values) {
        long p = gpu.allocate(4L * values.length);
        gpu.upload(MemorySegment.ofArray(values), p);
        return p;
    }

    private float[] download(long p, int n) {
        float[] out = new float[n];
        gpu.download(p, MemorySegment.ofArray(out));
        return out;
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void describesTheDevice() {
        CudaDevice d = Cuda.device(0);
        System.out.println("device: " + d);
        assertFalse(d.name().isBlank());
        assertTrue(d.major() >= 5 && d.totalMemory() > (1L << 30) && d.driverVersion() >= 12000, d.toString());
        assertEquals("cuda:0", gpu.device().toString());
    }

    @Test
    void uploadDownloadCopyAndZeroRoundTrip() {
        float[] x = random(1001, 1);
        float[] host = x.clone();
        long a = upload(host);
        java.util.Arrays.fill(host, 7f); // the host array may be reused as soon as upload returns
        long b = gpu.allocate(4L * x.length);
        gpu.copy(b, a, 4L * x.length);
        gpu.zero(a + 4 * 500, 4 * 10);
        float[] expected = x.clone();
        java.util.Arrays.fill(expected, 500, 510, 0f);
        assertArrayEquals(expected, download(a, x.length));
        assertArrayEquals(x, download(b, x.length));
        gpu.release(a);
        gpu.release(b);
    }

    @Test
    void manyAsynchronousUploadsFromOneReusedBufferKeepTheirValues() {
        int n = 1 << 16;
        long[] blocks = new long[40];
        float[] host = new float[n];
        for (int i = 0; i < blocks.length; i++) {
            java.util.Arrays.fill(host, i);
            blocks[i] = upload(host);
        }
        for (int i = 0; i < blocks.length; i++) {
            float[] back = download(blocks[i], n);
            assertEquals(i, back[0]);
            assertEquals(i, back[n - 1]);
            gpu.release(blocks[i]);
        }
    }

    @Test
    void aCompiledKernelComputes() {
        int n = 3000;
        float[] x = random(n, 2);
        float[] y = random(n, 3);
        long dx = upload(x);
        long dy = upload(y);
        Kernel k = gpu.kernel("test_axpy.cu", "test_axpy");
        assertEquals(k, gpu.kernel("test_axpy.cu", "test_axpy"), "compiled once");
        gpu.launch(k, Grid.linear(n), (long) n, 2.5f, dx, dy, 3, 0.5);
        float[] out = download(dy, n);
        for (int i = 0; i < n; i++) {
            assertEquals(2.5f * x[i] + y[i] + 1.5f, out[i], 1e-5f, "element " + i);
        }
        CudaException e = assertThrows(CudaException.class, () -> gpu.kernel("test_axpy.cu", "no_such_kernel"));
        assertTrue(e.getMessage().startsWith("cuModuleGetFunction(no_such_kernel): CUDA_ERROR_NOT_FOUND"), e.getMessage());
    }

    /** Column-major {@code op(A)·op(B)} in double, for batch member {@code i}. */
    private static double[] product(float[] a, float[] b, boolean ta, boolean tb, int m, int n, int k, int batch) {
        double[] c = new double[m * n * batch];
        for (int s = 0; s < batch; s++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        double av = ta ? a[s * m * k + p + i * k] : a[s * m * k + i + p * m];
                        double bv = tb ? b[s * k * n + j + p * n] : b[s * k * n + p + j * k];
                        sum += av * bv;
                    }
                    c[s * m * n + i + j * m] = sum;
                }
            }
        }
        return c;
    }

    @Test
    void sgemmMatchesTheCpuProductWithTranspositionsAndBatches() {
        int m = 37, n = 29, k = 53;
        for (int batch : new int[] {1, 3}) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    float[] a = random(m * k * batch, 4);
                    float[] b = random(k * n * batch, 5);
                    long da = upload(a), db = upload(b), dc = gpu.allocate(4L * m * n * batch);
                    gpu.gemm(new Gemm(DType.FLOAT32, ta, tb, m, n, k, 1.0, da, ta ? k : m, (long) m * k, db,
                            tb ? n : k, (long) k * n, 0.0, dc, m, (long) m * n, batch));
                    float[] c = download(dc, m * n * batch);
                    double[] want = product(a, b, ta, tb, m, n, k, batch);
                    for (int i = 0; i < c.length; i++) {
                        assertEquals(want[i], c[i], 1e-4 * Math.sqrt(k), "batch " + batch + " ta " + ta + " tb " + tb);
                    }
                    gpu.release(da);
                    gpu.release(db);
                    gpu.release(dc);
                }
            }
        }
    }

    @Test
    void tf32IsCloseButOptIn() {
        int n = 256;
        float[] a = random(n * n, 6), b = random(n * n, 7);
        long da = upload(a), db = upload(b), dc = gpu.allocate(4L * n * n);
        double[] want = product(a, b, false, false, n, n, n, 1);
        for (boolean tf32 : new boolean[] {false, true}) {
            Cuda.allowTf32(tf32);
            try {
                gpu.gemm(new Gemm(DType.FLOAT32, false, false, n, n, n, 1, da, n, 0, db, n, 0, 0, dc, n, 0, 1));
            } finally {
                Cuda.allowTf32(false);
            }
            float[] c = download(dc, n * n);
            double worst = 0;
            for (int i = 0; i < c.length; i++) {
                worst = Math.max(worst, Math.abs(c[i] - want[i]));
            }
            assertTrue(worst < (tf32 ? 0.1 : 1e-3), "tf32=" + tf32 + " max error " + worst);
        }
    }

    @Test
    void theAllocatorCountsAndCaches() {
        MemoryStats before = Cuda.memoryStats(0);
        long a = gpu.allocate(3 << 20);
        MemoryStats during = Cuda.memoryStats(0);
        assertEquals(before.allocated() + (4 << 20), during.allocated());
        gpu.release(a);
        assertEquals(before.allocated(), Cuda.memoryStats(0).allocated());
        assertEquals(a, gpu.allocate(3 << 20), "the cached block comes back");
        gpu.release(a);
        CudaException e = assertThrows(CudaException.class, () -> gpu.allocate(1L << 50));
        assertTrue(e.getMessage().startsWith("cuda:0: out of memory allocating 1125899906842624 bytes ("), e.getMessage());
        Cuda.emptyCache(0);
        assertEquals(Cuda.memoryStats(0).allocated(), Cuda.memoryStats(0).reserved());
    }

    @Test
    void storageHoldsDeviceMemory() {
        CudaStorage s = new CudaStorage(gpu, DType.FLOAT32, 10);
        assertTrue(s.address() != 0);
        assertEquals(s.address() + 12, s.address(3));
        gpu.upload(MemorySegment.ofArray(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), s.address());
        float[] back = new float[10];
        gpu.download(s.address(), MemorySegment.ofArray(back));
        assertEquals(10f, back[9]);
        assertThrows(UnsupportedOperationException.class, () -> s.get(0));
        assertEquals(4, JAVA_FLOAT.byteSize());
    }
}
