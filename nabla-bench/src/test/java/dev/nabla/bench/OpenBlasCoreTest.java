package dev.nabla.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class OpenBlasCoreTest {
    private static final String AVX512 = "fpu sse2 avx avx2 fma avx512f avx512dq avx512bw avx512vl";

    @Test
    void aFallbackKernelGivesWayToWhatTheFlagsAllow() {
        assertEquals("SkylakeX", OpenBlasCore.choose("Prescott", AVX512).forced());
        assertEquals("Haswell", OpenBlasCore.choose("Prescott", "sse2 avx avx2 fma").forced());
    }

    @Test
    void openBlasKeepsItsChoiceWhenItKnowsTheProcessor() {
        assertNull(OpenBlasCore.choose("SkylakeX", AVX512).forced());
        assertNull(OpenBlasCore.choose("Zen", AVX512).forced());
        assertNull(OpenBlasCore.choose(null, AVX512).forced());
        assertNull(OpenBlasCore.choose("Prescott", "sse2 sse3").forced());
    }
}
