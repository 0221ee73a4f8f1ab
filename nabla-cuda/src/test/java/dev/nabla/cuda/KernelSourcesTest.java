package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Kernel sources are resources; their {@code #include "..."} of other resources are inlined. */
class KernelSourcesTest {
    @Test
    void includesAreInlined() {
        String src = KernelSources.read("test_axpy.cu");
        assertTrue(src.contains("__device__ inline long long global_index()"), src);
        assertTrue(src.contains("extern \"C\" __global__ void test_axpy("), src);
        assertFalse(src.contains("#include"), src);
        assertTrue(src.indexOf("global_index()") < src.indexOf("test_axpy("), "the header comes first");
    }

    @Test
    void aMissingSourceIsNamed() {
        CudaException e = assertThrows(CudaException.class, () -> KernelSources.read("nope.cu"));
        assertEquals("kernel: no source dev/nabla/cuda/kernels/nope.cu", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KernelSources.read("../Cuda.class"));
    }
}
