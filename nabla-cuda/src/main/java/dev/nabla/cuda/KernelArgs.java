package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The {@code void** kernelParams} of {@code cuLaunchKernel}: each argument's value in an 8-byte
 * slot, and an array of pointers to the slots. One instance per thread, reused launch after
 * launch (the driver copies the values when the launch is queued).
 */
final class KernelArgs {
    private MemorySegment values = MemorySegment.NULL;
    private MemorySegment pointers = MemorySegment.NULL;
    private int capacity;

    /**
     * The packed {@code args}: {@link Integer} as {@code int}, {@link Long} as {@code long long}
     * or a device pointer, {@link Float}, {@link Double}.
     */
    MemorySegment pack(Object... args) {
        if (args.length > capacity) {
            capacity = Math.max(16, Integer.highestOneBit(args.length) * 2);
            values = Arena.global().allocate(8L * capacity, 8); // one per thread that launches, kept
            pointers = Arena.global().allocate(ADDRESS, capacity);
        }
        for (int i = 0; i < args.length; i++) {
            long at = 8L * i;
            switch (args[i]) {
                case Integer v -> values.set(JAVA_INT, at, v);
                case Long v -> values.set(JAVA_LONG, at, v);
                case Float v -> values.set(JAVA_FLOAT, at, v);
                case Double v -> values.set(JAVA_DOUBLE, at, v);
                case null -> throw new IllegalArgumentException("launch: argument " + i + " is null");
                default -> throw new IllegalArgumentException("launch: argument " + i + " is a "
                        + args[i].getClass().getSimpleName() + "; expected Integer, Long, Float or Double");
            }
            pointers.setAtIndex(ADDRESS, i, values.asSlice(at, 8));
        }
        return pointers;
    }
}
