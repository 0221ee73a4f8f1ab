package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.cuda.Cuda;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --device}: cpu computes as before; without CUDA, cuda is one line and a non-zero status. */
class DeviceOptionTest extends CommandTestSupport {
    private final Backend before = Backends.getDefault();

    @AfterEach
    void restoreTheDefault() {
        Backends.setDefault(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo xor --device cuda", "demo xor --device=cuda:0", "demo housing --device cuda",
        "train --device cuda --csv none.csv --target y", "evaluate --device cuda --model m --csv none.csv",
        "predict --device cuda --model m --csv none.csv --out p.csv", "bench W5 --device cuda"})
    void withoutCudaAskingForItIsOneLine(String line) {
        assumeFalse(Cuda.isAvailable(), "a CUDA device is present");
        assertEquals(1, run(line.split(" ")));
        String first = stderr.lines().findFirst().orElse("");
        assertEquals("nabla: error: " + Cuda.unavailableReason(), first);
        assertFalse(stderr.contains("\tat "), stderr);
        assertEquals("", stdout);
        assertSame(before, Backends.getDefault(), "the default backend is unchanged");
    }

    @Test
    void theMessageNamesTheMissingDriver() {
        assumeFalse(Cuda.isAvailable(), "a CUDA device is present");
        assertEquals(1, run("demo", "xor", "--device", "cuda"));
        assertTrue(stderr.startsWith("nabla: error: cuda: no "), stderr);
        if (!new java.io.File("/usr/lib/x86_64-linux-gnu/libcuda.so.1").exists()) {
            assertTrue(stderr.startsWith("nabla: error: cuda: no CUDA driver found (libcuda.so.1)\n"), stderr);
        }
    }

    @Test
    void cpuComputesAsBefore() {
        assertEquals(0, run("demo", "xor", "--device", "cpu", "--epochs", "300"));
        assertTrue(stdout.contains("xor"), stdout);
        assertSame(Backends.CPU, Backends.getDefault());
    }

    @Test
    void anUnknownDeviceIsAUsageError() {
        assertEquals(2, run("demo", "xor", "--device", "tpu"));
        assertTrue(stderr.startsWith("nabla: option '--device': unknown backend 'tpu'"), stderr);
        assertEquals(2, run("demo", "xor", "--device", "cuda:x"));
        assertTrue(stderr.startsWith("nabla: option '--device': device: invalid device 'cuda:x'"), stderr);
    }

    @Test
    void helpMentionsTheOption() {
        assertEquals(0, run("demo", "xor", "--help"));
        assertTrue(stdout.contains("--device DEV"), stdout);
        assertEquals(0, run("train", "--help"));
        assertTrue(stdout.contains("--device=DEV"), stdout);
        assertEquals(0, run("bench", "--help"));
        assertTrue(stdout.contains("--device DEV"), stdout);
    }
}
