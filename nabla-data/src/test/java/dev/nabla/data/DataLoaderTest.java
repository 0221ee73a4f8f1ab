package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderTest {

    /** Example i has features {i, 10 i} and target i (as a long), so batches reveal their indices. */
    static TensorDataset numbered(int n) {
        float[] x = new float[n * 2];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 10 * i;
            y[i] = i;
        }
        return new TensorDataset(Tensor.of(x, n, 2), Tensor.of(y, n));
    }

    /** The same examples behind the generic (per-example, stacking) path. */
    static Dataset generic(TensorDataset d) {
        return new Dataset() {
            public int size() { return d.size(); }
            public Example get(int i) { return d.get(i); }
        };
    }

    static List<long[]> epoch(Iterable<Batch> loader) {
        List<long[]> out = new ArrayList<>();
        for (Batch b : loader) {
            long[] ids = b.y().toLongArray();
            float[] x = b.x().toFloatArray();
            for (int i = 0; i < ids.length; i++) {
                assertEquals(ids[i], x[2 * i], "features and targets stay aligned");
                assertEquals(10 * ids[i], x[2 * i + 1]);
            }
            out.add(ids);
        }
        return out;
    }

    @Test
    void sequentialBatchesKeepOrderAndASmallerLastBatch() {
        DataLoader loader = new DataLoader(numbered(10), 4);
        List<long[]> batches = epoch(loader);
        assertEquals(3, loader.size());
        assertEquals(3, batches.size());
        assertArrayEquals(new long[] {0, 1, 2, 3}, batches.get(0));
        assertArrayEquals(new long[] {8, 9}, batches.get(2));
        Batch first = loader.iterator().next();
        assertArrayEquals(new int[] {4, 2}, first.x().shape());
        assertArrayEquals(new int[] {4}, first.y().shape());
    }

    @Test
    void theLargestBatchSizeGivesOneBatchOfEverything() {
        DataLoader loader = new DataLoader(numbered(10), Integer.MAX_VALUE);
        assertEquals(1, loader.size());
        List<long[]> batches = epoch(loader);
        assertEquals(1, batches.size());
        assertEquals(10, batches.get(0).length);
    }

    @Test
    void dropLastLeavesOutTheShortBatch() {
        DataLoader loader = DataLoader.builder(numbered(10)).batchSize(4).dropLast(true).build();
        assertEquals(2, loader.size());
        List<long[]> batches = epoch(loader);
        assertEquals(2, batches.size());
        assertTrue(batches.stream().allMatch(b -> b.length == 4));
    }

    @Test
    void shuffleVisitsEveryExampleOnceAndDiffersBetweenEpochs() {
        DataLoader loader = new DataLoader(numbered(100), 16, true, 7);
        long[] e1 = flatten(epoch(loader));
        long[] e2 = flatten(epoch(loader));
        assertArrayEquals(range(100), sorted(e1));
        assertArrayEquals(range(100), sorted(e2));
        assertFalse(Arrays.equals(range(100), e1), "shuffled");
        assertFalse(Arrays.equals(e1, e2), "a fresh permutation each epoch");
    }

    @Test
    void sameSeedSameBatchesDifferentSeedDifferentBatches() {
        DataLoader a = new DataLoader(numbered(50), 8, true, 42);
        DataLoader b = new DataLoader(numbered(50), 8, true, 42);
        DataLoader c = new DataLoader(numbered(50), 8, true, 43);
        for (int epoch = 0; epoch < 3; epoch++) {
            long[] ea = flatten(epoch(a));
            assertArrayEquals(ea, flatten(epoch(b)));
            assertNotEquals(Arrays.toString(ea), Arrays.toString(flatten(epoch(c))));
        }
    }

    @Test
    void prefetchAndTheGenericPathGiveTheSameBatches() {
        TensorDataset d = numbered(103);
        DataLoader plain = DataLoader.builder(d).batchSize(10).shuffle(true).seed(3).build();
        DataLoader prefetched = DataLoader.builder(d).batchSize(10).shuffle(true).seed(3).prefetch(2).build();
        DataLoader stacked = DataLoader.builder(generic(d)).batchSize(10).shuffle(true).seed(3).prefetch(1).build();
        for (int epoch = 0; epoch < 2; epoch++) {
            List<long[]> p = epoch(plain);
            List<long[]> q = epoch(prefetched);
            List<long[]> s = epoch(stacked);
            assertEquals(11, p.size());
            for (int i = 0; i < p.size(); i++) {
                assertArrayEquals(p.get(i), q.get(i));
                assertArrayEquals(p.get(i), s.get(i));
            }
        }
    }

    @Test
    void prefetchRethrowsAnErrorOfTheDataset() {
        Dataset broken = new Dataset() {
            public int size() { return 10; }
            public Example get(int i) {
                if (i == 5) {
                    throw new IllegalStateException("example 5 is broken");
                }
                return new Example(Tensor.of(new float[] {i}), Tensor.of(new long[] {i}));
            }
        };
        DataLoader loader = DataLoader.builder(broken).batchSize(2).prefetch(2).build();
        var it = loader.iterator();
        it.next();
        it.next();
        IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
        assertTrue(e.getMessage().contains("example 5 is broken"), e.getMessage());
    }

    @Test
    void closingAnEpochStopsItsPrefetchThread() throws Exception {
        DataLoader loader = DataLoader.builder(numbered(1000)).batchSize(1).prefetch(1).build();
        DataLoader.EpochIterator it = loader.iterator();
        it.next();
        it.close();
        assertFalse(it.hasNext());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("nabla-dataloader-prefetch"))
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("nabla-dataloader-prefetch")));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(numbered(3), 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TensorDataset(Tensor.zeros(3, 2), Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("3 examples but targets have 4"), e.getMessage());
    }

    static long[] flatten(List<long[]> batches) {
        return batches.stream().flatMapToLong(Arrays::stream).toArray();
    }

    static long[] sorted(long[] a) {
        long[] s = a.clone();
        Arrays.sort(s);
        return s;
    }

    static long[] range(int n) {
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
