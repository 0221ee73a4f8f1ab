package dev.nabla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.backend.DType;
import dev.nabla.backend.NDArray;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.StorageSeam;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The data seam (see {@link StorageSeam}) on nabla-core and on the nabla-testing helpers compiled into its tests. */
class StorageSeamTest {

    @Test
    void onlyBackendsTouchStorage() {
        StorageSeam.check(Path.of("target/classes"));
        StorageSeam.check(Path.of("target/test-classes/dev/nabla/testing"));
    }

    /** The check itself: a class that reads storage or allocates host arrays is named, with what it uses. */
    @Test
    void aStorageUseFailsTheCheck() {
        Path offender = Path.of("target/test-classes/dev/nabla/StorageSeamTest$Offender.class");
        assertEquals(List.of("dev.nabla.StorageSeamTest$Offender uses NDArray.storage, NDArray.zeros, Storage"),
                StorageSeam.violations(offender));
        assertThrows(AssertionFailedError.class, () -> StorageSeam.check(offender));
        assertThrows(AssertionFailedError.class, () -> StorageSeam.check(Path.of("target/no-such-classes")));
    }

    /** What the rule forbids outside the backends. */
    static final class Offender {
        static double first(Tensor t) {
            return t.data().storage().get(0);
        }

        static Tensor zeros(Tensor like) {
            return new Tensor(NDArray.zeros(DType.FLOAT32, new int[] {2}), like.backend());
        }
    }
}
