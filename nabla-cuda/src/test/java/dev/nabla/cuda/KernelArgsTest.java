package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** {@code void** kernelParams}: each pointer leads to its argument's value, of the C type the kernel takes. */
class KernelArgsTest {
    private static MemorySegment slot(MemorySegment params, int i) {
        return params.getAtIndex(ADDRESS, i).reinterpret(8);
    }

    @Test
    void eachPointerLeadsToItsValue() {
        KernelArgs args = new KernelArgs();
        MemorySegment p = args.pack(7, 0x1234_5678_9abcL, 2.5f, -0.125, -3);
        assertEquals(7, slot(p, 0).get(JAVA_INT, 0));
        assertEquals(0x1234_5678_9abcL, slot(p, 1).get(JAVA_LONG, 0));
        assertEquals(2.5f, slot(p, 2).get(JAVA_FLOAT, 0));
        assertEquals(-0.125, slot(p, 3).get(JAVA_DOUBLE, 0));
        assertEquals(-3, slot(p, 4).get(JAVA_INT, 0));
        assertEquals(8, slot(p, 1).address() - slot(p, 0).address(), "one 8-byte slot per argument");
    }

    @Test
    void buffersAreReusedAndGrow() {
        KernelArgs args = new KernelArgs();
        MemorySegment first = args.pack(1, 2);
        MemorySegment again = args.pack(3L);
        assertEquals(first.address(), again.address());
        assertEquals(3L, slot(again, 0).get(JAVA_LONG, 0));
        Object[] many = new Object[40];
        for (int i = 0; i < many.length; i++) {
            many[i] = i * 10;
        }
        MemorySegment p = args.pack(many);
        for (int i = 0; i < many.length; i++) {
            assertEquals(i * 10, slot(p, i).get(JAVA_INT, 0));
        }
    }

    @Test
    void otherTypesAreRefused() {
        KernelArgs args = new KernelArgs();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> args.pack(1, "x"));
        assertEquals("launch: argument 1 is a String; expected Integer, Long, Float or Double", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> args.pack((Object) null));
    }
}
