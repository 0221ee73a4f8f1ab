package dev.nabla.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.HeapBudget.InsufficientMemoryException;
import dev.nabla.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Tensors too large for the heap are refused with the figures, not by an OutOfMemoryError. */
class HeapBudgetTest {
    /** More elements than the heap has bytes / 4, yet fewer than 2^31: float32 cannot fit. */
    private static final int TOO_MANY = (int) Math.min(Integer.MAX_VALUE - 8, Runtime.getRuntime().maxMemory() / 4 + 1);

    @Test
    void aTensorLargerThanTheHeapIsRefusedWithItsSize() {
        var e = assertThrows(InsufficientMemoryException.class, () -> Tensor.zeros(TOO_MANY));
        assertTrue(e.getMessage().startsWith("a float32 tensor of " + TOO_MANY + " elements needs about "), e.getMessage());
        assertTrue(e.getMessage().contains("-Xmx"), e.getMessage());
        assertThrows(InsufficientMemoryException.class, () -> Tensor.randn(TOO_MANY));
        int side = (int) Math.sqrt(TOO_MANY) + 1;
        assertThrows(InsufficientMemoryException.class, () -> Tensor.ones(side, 1).matmul(Tensor.ones(1, side)));
    }

    /** In a child JVM with a 64 MiB heap, 60% of it live: a result of the same size cannot fit beside it. */
    @Test
    void aResultThatDoesNotFitBesideTheLiveTensorsIsRefused() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-Xmx64m", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), FillTheHeap.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), out);
        assertTrue(out.contains("a float32 tensor of ") && out.contains("of the 64 MiB Java heap is in use"), out);
    }

    /** The child of the test above: prints the refusal's message. */
    public static final class FillTheHeap {
        public static void main(String[] args) {
            Tensor live = Tensor.zeros((int) (Runtime.getRuntime().maxMemory() * 6 / 10 / 4));
            try {
                live.add(1);
            } catch (InsufficientMemoryException e) {
                System.out.println(e.getMessage());
            }
        }
    }

    @Test
    void smallArraysAndSizesForPeople() {
        assertEquals(3, ((float[]) HeapBudget.allocate(DType.FLOAT32, 3)).length);
        assertEquals(0, ((long[]) HeapBudget.allocate(DType.INT64, 0)).length);
        assertEquals("512 MiB", HeapBudget.size(512L << 20));
        assertEquals("3.5 GiB", HeapBudget.size(7L << 29));
        assertThrows(IllegalArgumentException.class, () -> HeapBudget.floats(1L << 31));
    }
}
