package dev.nabla.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** Lane sums go strictly left to right, whatever the JIT does, so results never change once a kernel is compiled. */
class LanesTest {

    @Test
    void sumsLeftToRight() {
        var species = FloatVector.SPECIES_PREFERRED;
        float[] v = new float[species.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 2 == 0 ? 1e8f : 1f;   // 1e8 + 1 rounds back to 1e8 in float32
        }
        float expected = 0f;
        for (float x : v) {
            expected += x;
        }
        for (int repeat = 0; repeat < 20_000; repeat++) {
            assertEquals(expected, Lanes.sum(FloatVector.fromArray(species, v, 0)));
        }
    }
}
