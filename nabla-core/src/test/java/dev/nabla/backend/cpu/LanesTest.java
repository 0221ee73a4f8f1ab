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
        float[] pattern = {1f, 1e8f, -1e8f, 1f};   // 1e8 + 1 rounds back to 1e8 in float32
        for (int i = 0; i < v.length; i++) {
            v[i] = pattern[i % 4];
        }
        float expected = 0f;
        for (float x : v) {
            expected += x;
        }
        float pairwise = (v[0] + v[1]) + (v[2] + v[3]);
        for (int i = 4; i < v.length; i += 4) {
            pairwise += (v[i] + v[i + 1]) + (v[i + 2] + v[i + 3]);
        }
        org.junit.jupiter.api.Assertions.assertNotEquals(expected, pairwise, "the data must tell the orders apart");
        for (int repeat = 0; repeat < 20_000; repeat++) {
            assertEquals(expected, Lanes.sum(FloatVector.fromArray(species, v, 0)));
        }
    }
}
