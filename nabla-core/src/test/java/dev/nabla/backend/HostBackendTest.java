package dev.nabla.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link HostBackend#wrap}: an array over a caller's buffer, shared both ways. */
class HostBackendTest {
    private static final HostBackend CPU = (HostBackend) Backends.CPU;

    @Test
    void wrapSharesTheBufferBothWays() {
        float[] buffer = {9, 1, 2, 3, 4, 5, 6, 9};
        NDArray x = CPU.wrap(buffer, 1, new int[] {2, 3});
        buffer[6] = 60;
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 60}, (float[]) CPU.download(x, DType.FLOAT32));
        CPU.fill(x, 7);
        assertArrayEquals(new float[] {9, 7, 7, 7, 7, 7, 7, 9}, buffer);
    }

    @Test
    void wrapRefusesARangeOutsideTheBuffer() {
        assertThrows(IllegalArgumentException.class, () -> CPU.wrap(new float[5], 1, new int[] {2, 3}));
        assertThrows(IllegalArgumentException.class, () -> CPU.wrap(new float[5], -1, new int[] {2}));
    }
}
