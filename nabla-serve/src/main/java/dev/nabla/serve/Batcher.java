package dev.nabla.serve;

import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Dynamic batching for one model: concurrent requests are joined into one forward pass of up to
 * {@code maxBatch} rows. The first waiting request opens a batch; requests that arrive within
 * {@code maxWait} of it join while they fit; then the batch runs and each request gets its rows
 * of every output. One thread runs the model, so modules need not be thread-safe. A request of
 * more than {@code maxBatch} rows runs alone.
 */
final class Batcher implements AutoCloseable {
    private record Job(Tensor rows, CompletableFuture<Map<String, Object>> result) {
    }

    private static final Job STOP = new Job(null, null);

    private final ServedModel model;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final IntConsumer batchSizes;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private Job carried;

    Batcher(ServedModel model, int maxBatch, long maxWaitMicros, IntConsumer batchSizes) {
        this.model = model;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MICROSECONDS.toNanos(maxWaitMicros);
        this.batchSizes = batchSizes;
        this.worker = Thread.ofPlatform().daemon().name("nabla-batcher-" + model.name).start(this::loop);
    }

    /** Queues {@code rows} ({@code [n, ...]}); completes with this request's outputs. */
    CompletableFuture<Map<String, Object>> submit(Tensor rows) {
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        queue.add(new Job(rows, f));
        return f;
    }

    private void loop() {
        try {
            while (true) {
                Job first = carried != null ? carried : queue.take();
                carried = null;
                if (first == STOP) {
                    return;
                }
                List<Job> batch = collect(first);
                run(batch);
                if (carried == STOP) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Job> collect(Job first) throws InterruptedException {
        List<Job> batch = new ArrayList<>(List.of(first));
        int rows = first.rows.size(0);
        long deadline = System.nanoTime() + maxWaitNanos;
        while (rows < maxBatch) {
            Job next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            if (next == STOP || rows + next.rows.size(0) > maxBatch) {
                carried = next;
                break;
            }
            batch.add(next);
            rows += next.rows.size(0);
        }
        return batch;
    }

    private void run(List<Job> batch) {
        try {
            Tensor rows = batch.size() == 1 ? batch.get(0).rows
                    : Tensor.concat(batch.stream().map(Job::rows).toList(), 0);
            batchSizes.accept(rows.size(0));
            Map<String, Object> out = model.infer(rows);
            int offset = 0;
            for (Job j : batch) {
                int n = j.rows.size(0);
                Map<String, Object> mine = new LinkedHashMap<>();
                for (var e : out.entrySet()) {
                    mine.put(e.getKey(), slice(e.getValue(), offset, n, batch.size() == 1));
                }
                offset += n;
                j.result.complete(mine);
            }
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).result.completeExceptionally(e);
            } else {
                batch.forEach(j -> run(List.of(j))); // so that one bad request fails alone
            }
        }
    }

    private static Object slice(Object output, int offset, int n, boolean whole) {
        if (whole) {
            return output;
        }
        return output instanceof String[] s ? Arrays.copyOfRange(s, offset, offset + n)
                : ((Tensor) output).narrow(0, offset, n);
    }

    /** Finishes the queued requests, then stops the worker. */
    @Override
    public void close() throws InterruptedException {
        queue.add(STOP);
        worker.join();
    }
}
