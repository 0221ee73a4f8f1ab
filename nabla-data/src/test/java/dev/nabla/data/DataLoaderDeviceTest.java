package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nabla.backend.Backend;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.backend.TestDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** A {@link DataLoader} delivering batches on a device ({@code test:0}), copied one batch ahead. */
class DataLoaderDeviceTest {
    private static final Backend DEV = TestDevice.get();

    @Test
    void batchesArriveOnTheDeviceWithTheSameValuesAndOrder() {
        TensorDataset data = new TensorDataset(Tensor.arange(0, 10, 1).reshape(5, 2), Tensor.arange(5));
        DataLoader host = DataLoader.builder(data).batchSize(2).shuffle(true).seed(7).build();
        DataLoader device = DataLoader.builder(data).batchSize(2).shuffle(true).seed(7).device("test:0").build();
        List<Batch> expected = new ArrayList<>();
        host.forEach(expected::add);
        int i = 0;
        for (Batch b : device) {
            assertSame(DEV, b.x().backend());
            assertSame(DEV, b.y().backend());
            assertArrayEquals(expected.get(i).x().toDoubleArray(), b.x().toDoubleArray());
            assertArrayEquals(expected.get(i).y().toLongArray(), b.y().toLongArray());
            i++;
        }
        assertEquals(3, i);
        assertEquals("DataLoader(size=5, batchSize=2, shuffle=true, dropLast=false, prefetch=0, device=test:0)",
                device.toString());
    }

    @Test
    void theNextBatchIsPreparedOffTheCallingThread() {
        Set<Thread> makers = ConcurrentHashMap.newKeySet();
        Dataset recording = new Dataset() {
            public int size() {
                return 4;
            }

            public Example get(int index) {
                makers.add(Thread.currentThread());
                return new Example(Tensor.of(new float[] {index}), Tensor.of(new long[] {index}));
            }
        };
        DataLoader loader = DataLoader.builder(recording).batchSize(1).device(DEV).build();
        int n = 0;
        for (Batch b : loader) {
            assertSame(DEV, b.x().backend());
            n++;
        }
        assertEquals(4, n);
        assertFalse(makers.contains(Thread.currentThread()), "batches are made and copied by the prefetch thread");
    }
}
