package dev.nabla.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdamStepTest {

    /** The corrections are cached between calls; interleaved betas and steps must not see each other's. */
    @Test
    void biasCorrectionsFollowTheirOwnBetasAndStep() {
        double[][] cases = {{0.9, 0.999, 1}, {0.9, 0.999, 2}, {0.8, 0.99, 2}, {0.9, 0.999, 2}, {0.9, 0.99, 2},
            {0.9, 0.99, 5000}, {0, 0, 3}};
        for (int round = 0; round < 2; round++) {
            for (double[] c : cases) {
                AdamStep h = new AdamStep(1e-3, c[0], c[1], 1e-8, 0, false, (long) c[2]);
                assertEquals(1 - Math.pow(c[0], c[2]), h.biasCorrection1(), 0, "beta1 " + c[0] + " t " + c[2]);
                assertEquals(1 - Math.pow(c[1], c[2]), h.biasCorrection2(), 0, "beta2 " + c[1] + " t " + c[2]);
            }
        }
    }
}
