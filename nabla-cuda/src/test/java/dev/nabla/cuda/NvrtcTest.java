package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The NVRTC binding, which needs no GPU: it runs wherever NVRTC is found (e.g. a pip wheel's
 * {@code nvidia/cu13/lib} named by {@code NABLA_CUDA_PATH}) and is skipped elsewhere.
 */
class NvrtcTest {
    private static Nvrtc nvrtc;

    @BeforeAll
    static void open() {
        try {
            nvrtc = new Nvrtc();
        } catch (CudaException e) {
            System.out.println("NVRTC tests skipped: " + e.getMessage());
        }
    }

    @Test
    void compilesTheTestKernelToACubinForTheArchitecture() {
        assumeTrue(nvrtc != null, "no NVRTC");
        assertTrue(nvrtc.version().matches("1[2-9]\\.[0-9]+"), nvrtc.version());
        KernelCache cache = new KernelCache(nvrtc, null, "sm_90", 13000);
        byte[] cubin = cache.cubin("test_axpy.cu", KernelSources.read("test_axpy.cu"));
        assertEquals(List.of((byte) 0x7f, (byte) 'E', (byte) 'L', (byte) 'F'),
                List.of(cubin[0], cubin[1], cubin[2], cubin[3]), "an ELF image");
        assertTrue(contains(cubin, "test_axpy".getBytes()), "the kernel's symbol is in the image");
    }

    @Test
    void aCompileErrorCarriesTheLog() {
        assumeTrue(nvrtc != null, "no NVRTC");
        CudaException e = assertThrows(CudaException.class, () -> nvrtc.compile("bad.cu",
                "extern \"C\" __global__ void k(float* x) { x[0] = undefined_name; }", List.of("--gpu-architecture=sm_90")));
        assertTrue(e.getMessage().startsWith("nvrtc: bad.cu does not compile: "), e.getMessage());
        assertTrue(e.getMessage().contains("undefined_name"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    @Test
    void aBadOptionNamesTheFunctionAndError() {
        assumeTrue(nvrtc != null, "no NVRTC");
        CudaException e = assertThrows(CudaException.class, () -> nvrtc.compile("k.cu",
                "extern \"C\" __global__ void k() {}", List.of("--no-such-option")));
        assertEquals("nvrtcCompileProgram: NVRTC_ERROR_INVALID_OPTION", e.getMessage());
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
