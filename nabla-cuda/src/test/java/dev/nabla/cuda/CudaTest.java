package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Backends;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without a GPU, asking for CUDA is a one-line error, never a crash; the TF32 switch is PyTorch's. */
class CudaTest {
    @Test
    void availabilityNeverThrowsAndExplainsItself() {
        boolean available = Cuda.isAvailable();
        String why = Cuda.unavailableReason();
        assertEquals(available, why == null);
        if (!available) {
            assertTrue(List.of("cuda: no CUDA driver found (libcuda.so.1)", "cuda: no CUDA device").contains(why)
                    || why.startsWith("cuda: no "), why);
            assertFalse(why.contains("\n"), why);
            assertEquals(0, Cuda.deviceCount());
            assertEquals(why, assertThrows(CudaException.class, () -> Cuda.runtime(0)).getMessage());
            assertEquals(why, assertThrows(CudaException.class, () -> Cuda.device(0)).getMessage());
        }
    }

    @Test
    void backendsFindCudaThroughTheProvider() {
        if (Cuda.isAvailable()) {
            assertThrows(CudaException.class, () -> Cuda.runtime(Cuda.deviceCount()));
            return;
        }
        for (String name : List.of("cuda", "cuda:0", "cuda:3")) {
            CudaException e = assertThrows(CudaException.class, () -> Backends.byName(name));
            assertEquals(Cuda.unavailableReason(), e.getMessage());
        }
        assertEquals("cpu", Backends.byName("cpu").device().toString(), "the host backends are untouched");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.byName("tpu"));
        assertTrue(e.getMessage().startsWith("unknown backend 'tpu'"), e.getMessage());
    }

    @Test
    void tf32IsOptIn() {
        assertFalse(Cuda.allowTf32());
        try {
            Cuda.allowTf32(true);
            assertTrue(Cuda.allowTf32());
        } finally {
            Cuda.allowTf32(false);
        }
    }

    @Test
    void deviceDescriptionNamesArchitectureAndVersions() {
        CudaDevice d = new CudaDevice(0, "NVIDIA H200", 9, 0, 150_000_000_000L, 13000);
        assertEquals("sm_90", d.arch());
        assertEquals("cuda:0 NVIDIA H200 (sm_90, 150.0 GB, CUDA 13.0)", d.toString());
    }
}
