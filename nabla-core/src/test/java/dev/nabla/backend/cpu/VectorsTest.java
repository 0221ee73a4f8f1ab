package dev.nabla.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class VectorsTest {
    @Test
    void widthIsThePreferredOneUnlessNarrowedByTheProperty() {
        int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        int expected = Math.min(preferred, Integer.getInteger("nabla.cpu.vectorBits", preferred));
        assertEquals(expected, Vectors.FLOAT.vectorBitSize());
        assertEquals(Vectors.FLOAT.vectorBitSize(), Vectors.DOUBLE.vectorBitSize());
        assertEquals(expected + "-bit", Vectors.describe());
    }

    @Test
    void sgemmTileFollowsTheWidth() {
        int lanes = Vectors.FLOAT.length();
        assertEquals(2 * lanes, SgemmKernel.NR);
        assertEquals(lanes >= 16 ? 8 : 4, SgemmKernel.MR);
        assertTrue(Sgemm.kernel().startsWith(SgemmKernel.MR + "x" + SgemmKernel.NR + "-"));
    }
}
