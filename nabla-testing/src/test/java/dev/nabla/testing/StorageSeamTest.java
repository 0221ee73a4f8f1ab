package dev.nabla.testing;

import dev.nabla.testing.StorageSeam;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Outside the backends and io no code builds or reads storage (ARCHITECTURE.md, the data seam). */
class StorageSeamTest {
    @Test
    void onlyBackendsTouchStorage() {
        StorageSeam.check(Path.of("target/classes"));
    }
}
